import { defineSearchAttributeKey, type SearchAttributePair, SearchAttributeType } from '@temporalio/common';

// The operator's interface in the Temporal Web UI: registered wherever a server starts (dev stack, tests, compose).
export const billingUserId = defineSearchAttributeKey('BillingUserId', SearchAttributeType.KEYWORD);
export const billingSubscriptionId = defineSearchAttributeKey('BillingSubscriptionId', SearchAttributeType.KEYWORD);
export const billingPlanId = defineSearchAttributeKey('BillingPlanId', SearchAttributeType.KEYWORD);
export const billingStatus = defineSearchAttributeKey('BillingStatus', SearchAttributeType.KEYWORD);
export const billingNextChargeAt = defineSearchAttributeKey('BillingNextChargeAt', SearchAttributeType.DATETIME);

export const BILLING_SEARCH_ATTRIBUTES = [
  billingUserId,
  billingSubscriptionId,
  billingPlanId,
  billingStatus,
  billingNextChargeAt,
];

/** `--search-attribute Name=Type` flags for `temporal server start-dev` and `temporal operator search-attribute create`. */
export function searchAttributeFlags(): string[] {
  const cliType: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime' };
  return BILLING_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}

/** What a subscription's run is found by from its start; a checkout still open has no next charge. */
export function subscriptionStartAttributes(s: {
  userId: string;
  subscriptionId: string;
  status: string;
  planId: string;
  nextChargeAt?: Date | undefined;
}): SearchAttributePair[] {
  return [
    { key: billingUserId, value: s.userId },
    { key: billingSubscriptionId, value: s.subscriptionId },
    { key: billingStatus, value: s.status },
    { key: billingPlanId, value: s.planId },
    ...(s.nextChargeAt ? [{ key: billingNextChargeAt, value: s.nextChargeAt }] : []),
  ];
}
