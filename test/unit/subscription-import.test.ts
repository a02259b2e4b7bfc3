import { describe, expect, it } from 'vitest';
import { type Period, periodStartBefore } from '../../domain/periods.js';
import { checkImportRow, type ImportRowFacts } from '../../domain/subscription/import-row-check.js';
import { importedSubscriptionState } from '../../domain/subscription/imported.js';
import { nextAction } from '../../domain/subscription/next-action.js';
import { restoreState } from '../../domain/subscription/restore.js';

const month: Period = { unit: 'month', count: 1 };

describe('periodStartBefore: one period back from an imported period end', () => {
  it.each([
    ['2026-03-31T10:00:00Z', month, '2026-02-28T10:00:00.000Z'],
    ['2026-01-15T00:00:00Z', month, '2025-12-15T00:00:00.000Z'],
    ['2027-02-28T00:00:00Z', { unit: 'month', count: 3 }, '2026-11-28T00:00:00.000Z'],
    ['2029-02-28T12:00:00Z', { unit: 'year', count: 1 }, '2028-02-28T12:00:00.000Z'],
    ['2026-04-04T12:00:00Z', { unit: 'week', count: 1 }, '2026-03-28T12:00:00.000Z'],
    ['2026-11-26T11:03:30.500Z', { unit: 'minute', count: 1 }, '2026-11-26T11:02:30.500Z'],
  ] as Array<[string, Period, string]>)('%s − %j = %s', (end, period, expected) => {
    expect(periodStartBefore(new Date(end), period).toISOString()).toBe(expected);
  });
});

describe('an imported subscription', () => {
  const plan = {
    id: 'monthly',
    amount: 29900,
    currency: 'RUB',
    period: month,
    role: 'subscriber',
    dunningScheduleSeconds: [60],
  };
  const end = '2027-01-31T09:00:00.000Z';
  const state = restoreState(importedSubscriptionState('sub_imp_x', 'user-x', plan, new Date(end)));
  const ctx = (at: string) => ({ now: Date.parse(at), checkoutTtlMs: 60_000, legacyReturnUrl: '' });

  it('is active in a period ending at its imported end, and waits for that end before anything', () => {
    expect(state).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-12-31T09:00:00.000Z',
      currentPeriodEnd: end,
    });
    expect(nextAction(state, ctx('2027-01-31T08:59:59.000Z'))).toEqual({ kind: 'wait', until: Date.parse(end) });
  });

  it('renews at that end: its first renewal invoice covers one plan period from there', () => {
    const due = nextAction(state, ctx(end));
    expect(due.kind).toBe('decide');
    const renewing = due.kind === 'decide' ? due.decision.state : state;
    expect(renewing.dunning).toMatchObject({
      invoiceId: 'inv_sub_imp_x_1',
      amount: 29900,
      periodStart: end,
      periodEnd: '2027-02-28T09:00:00.000Z',
    });
    expect(nextAction(renewing, ctx(end))).toMatchObject({ kind: 'perform', step: { kind: 'charge', attempt: 1 } });
  });
});

describe('checkImportRow', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const ctx = {
    now,
    planCurrencies: new Map([['monthly', 'RUB']]),
    acquirerCurrencies: new Map([
      ['cloudpayments', ['RUB']],
      ['usd-only', ['USD']],
    ]),
    usersWithLiveSubscription: new Set(['busy-user']),
  };
  const good: ImportRowFacts = {
    externalId: 'old-1',
    userId: 'user-1',
    planId: 'monthly',
    currentPeriodEnd: new Date('2026-12-20T00:00:00Z'),
    acquirer: 'cloudpayments',
    cardToken: 'tk_abc',
    repeatsEarlierRow: false,
  };
  it.each([
    ['a good row', {}, undefined],
    ['a repeated externalId', { repeatsEarlierRow: true }, 'duplicate_external_id'],
    ['an unknown plan', { planId: 'gone' }, 'plan_not_found'],
    ['an acquirer not configured', { acquirer: 'nowhere' }, 'acquirer_not_configured'],
    ["an acquirer that does not take the plan's currency", { acquirer: 'usd-only' }, 'unsupported_currency'],
    ['a period end now', { currentPeriodEnd: now }, 'period_end_in_past'],
    ['a token with a space', { cardToken: 'tk abc' }, 'invalid_card_token'],
    ['a token that could not be opened', { cardToken: null }, 'invalid_card_token'],
    ['a user with a live subscription', { userId: 'busy-user' }, 'subscription_exists'],
  ] as Array<[string, Partial<ImportRowFacts>, string | undefined]>)('%s → %s', (_, change, code) => {
    expect(checkImportRow({ ...good, ...change }, ctx)?.code).toBe(code);
  });
});
