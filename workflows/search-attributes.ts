import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
