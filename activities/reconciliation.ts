import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import { createReconciliationLedgerActivities } from './reconciliation-ledger.js';
import { createStalePaymentActivities } from './reconciliation-payments.js';
import { createStaleRefundActivities } from './reconciliation-refunds.js';
import { createReconciliationRunActivities } from './reconciliation-runs.js';

/** Everything a reconciliation run does to the database and asks the acquirer. */
export function createReconciliationActivities(deps: {
  db: Database;
  acquirers: Acquirers;
  now: () => Date;
  receipts: ReceiptSettings;
}) {
  return {
    ...createStalePaymentActivities(deps),
    ...createReconciliationLedgerActivities(deps),
    ...createStaleRefundActivities(deps),
    ...createReconciliationRunActivities(deps),
  };
}
