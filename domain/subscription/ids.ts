// Invoice ids are business keys: the same period always gets the same invoice, whatever the run, retry or release.

export const initialInvoiceId = (subscriptionId: string) => `inv_${subscriptionId}_0`;
/** Renewal number n (1, 2, …) of the subscription's life: unique even when a plan change restarts the anchor. */
export const renewalInvoiceId = (subscriptionId: string, renewal: number) => `inv_${subscriptionId}_${renewal}`;
export const cardCheckInvoiceId = (subscriptionId: string, n: number) => `inv_${subscriptionId}_card_${n}`;
/** Upgrade number n of the subscription's life: a declined upgrade can be tried again on a fresh invoice. */
export const upgradeInvoiceId = (subscriptionId: string, n: number) => `inv_${subscriptionId}_upgrade_${n}`;

/** The invoice that paid the current period: the initial one, or the latest renewal paid. */
export const currentPeriodInvoiceId = (s: { subscriptionId: string; renewalsPaid: number }) =>
  s.renewalsPaid === 0 ? initialInvoiceId(s.subscriptionId) : renewalInvoiceId(s.subscriptionId, s.renewalsPaid);
