import type { Database } from './create-db.js';
import { auditLog } from './schema/index.js';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  reason?: string | undefined;
  before?: Record<string, unknown> | undefined;
  after?: Record<string, unknown> | undefined;
}

type Executor = Pick<Database, 'insert'>;

/** Call inside the transaction that makes the change, so the change and its record land together. */
export async function recordAudit(tx: Executor, entry: AuditEntry) {
  await tx.insert(auditLog).values({ ...entry, reason: entry.reason ?? null });
}
