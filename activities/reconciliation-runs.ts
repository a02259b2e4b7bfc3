import { recordAudit } from '../db/audit.js';
import { checkoutCryptogramStore } from '../db/checkout-cryptograms.js';
import type { Database } from '../db/create-db.js';

export interface ReconciliationSummary {
  stalePayments: number;
  settledPayments: number;
  listedTransactions: number;
  signalledPayments: number;
  discrepanciesFound: number;
  discrepanciesNew: number;
  staleRefunds: number;
  signalledRefunds: number;
  /** Refunds whose status a run set to the acquirer's (settled, or a failed one the acquirer made corrected). */
  correctedRefunds?: number;
  /** Steps skipped because the acquirer did not answer; the next run tries again. */
  acquirerUnavailable: number;
  /** Refunds of duplicate captures this run started (runs recorded before there were any lack it). */
  duplicateRefundsStarted?: number;
}

export const RECONCILIATION_ACTOR = 'system:reconciliation';

export function createReconciliationRunActivities({ db, now }: { db: Database; now: () => Date }) {
  return {
    /** Card cryptograms of checkouts that never reached the acquirer are useless after an hour: drop them. */
    async purgeStaleCryptograms() {
      return checkoutCryptogramStore(db).purge(new Date(now().getTime() - 3_600_000));
    },

    /** One audit entry per run, with its summary; a retried activity may write it twice, which the run id shows. */
    async recordReconciliationRun(input: { runId: string; requestedBy: string; summary: ReconciliationSummary }) {
      await recordAudit(db, {
        actor: RECONCILIATION_ACTOR,
        action: 'reconciliation.completed',
        entityType: 'reconciliation_run',
        entityId: input.runId,
        reason: `requested by ${input.requestedBy}`,
        after: { ...input.summary },
      });
    },
  };
}
