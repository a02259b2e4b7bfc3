// Why one imported row cannot become a subscription; the import goes on with the others. Codes are stable: the
// operator's tooling reads them from the job's `errors`.

export type ImportRowErrorCode =
  | 'duplicate_external_id'
  | 'plan_not_found'
  | 'acquirer_not_configured'
  | 'unsupported_currency'
  | 'period_end_in_past'
  | 'invalid_card_token'
  | 'subscription_exists';

export interface ImportRowError {
  code: ImportRowErrorCode;
  message: string;
}

export interface ImportRowFacts {
  externalId: string;
  userId: string;
  planId: string;
  currentPeriodEnd: Date;
  acquirer: string;
  cardToken: string | null;
  /** Another row of the same job with this external id comes first. */
  repeatsEarlierRow: boolean;
}

export interface ImportRowContext {
  now: Date;
  /** Plan id → its currency, for the plans that exist (active or not: old subscribers may be on a retired plan). */
  planCurrencies: ReadonlyMap<string, string>;
  /** Configured acquirer → the currencies it takes. */
  acquirerCurrencies: ReadonlyMap<string, readonly string[]>;
  /** Users with a live subscription, including those this batch has just given one. */
  usersWithLiveSubscription: ReadonlySet<string>;
}

/** Printable ASCII without spaces: what every acquirer's saved-card token looks like. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,256}$/;

const error = (code: ImportRowErrorCode, message: string): ImportRowError => ({ code, message });

export function checkImportRow(row: ImportRowFacts, ctx: ImportRowContext): ImportRowError | undefined {
  if (row.repeatsEarlierRow)
    return error('duplicate_external_id', `externalId ${row.externalId} appears earlier in this import`);
  const currency = ctx.planCurrencies.get(row.planId);
  if (currency === undefined) return error('plan_not_found', `No plan ${row.planId}`);
  const currencies = ctx.acquirerCurrencies.get(row.acquirer);
  if (!currencies) return error('acquirer_not_configured', `The acquirer ${row.acquirer} is not configured`);
  if (!currencies.includes(currency))
    return error('unsupported_currency', `The acquirer ${row.acquirer} does not take ${currency}`);
  if (row.currentPeriodEnd.getTime() <= ctx.now.getTime())
    return error('period_end_in_past', `currentPeriodEnd ${row.currentPeriodEnd.toISOString()} is not in the future`);
  if (row.cardToken === null || !TOKEN_SHAPE.test(row.cardToken))
    return error('invalid_card_token', 'cardToken is not a saved-card token (1-256 printable characters, no spaces)');
  if (ctx.usersWithLiveSubscription.has(row.userId))
    return error('subscription_exists', `User ${row.userId} already has a live subscription`);
  return undefined;
}
