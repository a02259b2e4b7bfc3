import type { Period } from '../domain/periods.js';
import { periodStartBefore } from '../domain/periods.js';
import { type ImportRow, importedSubscriptionId } from './import-row-verdicts.js';

/**
 * What the other services learn of an imported subscriber, as of a checkout: it is active for its period and its
 * role is granted (the auth service acts on `entitlement.granted`). The subscription is new in this transaction, so
 * these are its first events (sequence 1 and 2); ids from its id, so a retried batch adds none.
 */
export function importedEvents(r: ImportRow, plan: { period: Period; role: string | null }, at: Date) {
  const subscriptionId = importedSubscriptionId(r.externalId);
  const subject = { subscriptionId, userId: r.userId, planId: r.planId };
  const period = {
    status: 'active',
    currentPeriodStart: periodStartBefore(r.currentPeriodEnd, plan.period).toISOString(),
    currentPeriodEnd: r.currentPeriodEnd.toISOString(),
  };
  return [
    {
      id: `evt_${subscriptionId}_import_0`,
      type: 'subscription.activated',
      subscriptionId,
      sequence: 1,
      data: { ...subject, ...period, imported: true },
      createdAt: at,
    },
    {
      id: `evt_${subscriptionId}_import_1`,
      type: 'entitlement.granted',
      subscriptionId,
      sequence: 2,
      data: { ...subject, role: plan.role },
      createdAt: at,
    },
  ];
}
