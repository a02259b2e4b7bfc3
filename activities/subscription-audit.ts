import { recordAudit } from '../db/audit.js';
import type { Database } from '../db/create-db.js';
import type { AuditNote } from '../domain/subscription/messages.js';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const comparable = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

/**
 * One audit row per subscription state change: the columns that changed, before and after, with who caused it (an
 * update's actor, else the workflow itself). The workflow's own repeated sync of the same state writes nothing.
 */
export async function auditSubscriptionChange(
  tx: Tx,
  input: {
    subscriptionId: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
    events: string[];
    audit?: AuditNote | undefined;
  },
) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.after)) {
    if (comparable(input.before[key]) === comparable(value)) continue;
    before[key] = comparable(input.before[key]);
    after[key] = comparable(value);
  }
  // A workflow's own sync that changed nothing is a retry or a no-op; a person's request is always recorded.
  if (Object.keys(after).length === 0 && !input.audit) return;
  await recordAudit(tx, {
    actor: input.audit?.actor ?? 'system:subscription-workflow',
    action: input.events.find((e) => e.startsWith('subscription.')) ?? 'subscription.updated',
    entityType: 'subscription',
    entityId: input.subscriptionId,
    reason: input.audit?.reason ?? (input.events.join(', ') || undefined),
    before,
    after,
  });
}
