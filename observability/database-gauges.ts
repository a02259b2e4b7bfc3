// Gauges read from the database when Prometheus scrapes: backlogs, open findings, live subscriptions and revenue.
// Every replica reads the same rows, so dashboards and alerts aggregate them with max(), never sum().
import { count, eq, isNull, min, sql } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/create-db.js';
import { eventOutbox, payments, reconciliationDiscrepancies, refunds } from '../db/schema/index.js';
import { DISCREPANCY_KINDS } from '../db/schema/statuses.js';
import { payingGroups, readLivePlanGroups } from './live-subscriptions.js';
import { monthlyRevenueByCurrency } from './monthly-revenue.js';

export interface DatabaseGaugeOptions {
  /** Each scrape's queries run in one read-only transaction that Postgres ends after this long. */
  timeoutMs?: number;
  now?: () => Date;
}

const ageSeconds = (oldest: Date | null | undefined, now: Date) =>
  oldest ? Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000) : 0;

/** Registers the gauges; `refresh()` reads them from the database (called before each scrape). */
export function createDatabaseGauges(registry: Registry, db: Database, options: DatabaseGaugeOptions = {}) {
  const registers = [registry];
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers });
  const live = gauge('billing_subscriptions_live', 'Live subscriptions by plan and status', ['plan', 'status']);
  const mrr = gauge(
    'billing_mrr_minor_units',
    'Monthly recurring revenue of active and past_due subscriptions, in minor units (plan price per average month)',
    ['currency'],
  );
  const outboxBacklog = gauge('billing_outbox_undelivered_events', 'Events in the outbox not yet delivered');
  const outboxAge = gauge(
    'billing_outbox_oldest_undelivered_age_seconds',
    'Age of the oldest undelivered event in the outbox (0 when none)',
  );
  const discrepancies = gauge('billing_discrepancies_open', 'Unresolved reconciliation discrepancies by kind', [
    'kind',
  ]);
  const awaitingApproval = gauge('billing_refunds_awaiting_approval', "Refunds waiting for an operator's approval");
  const unknownPayments = gauge(
    'billing_payments_unknown',
    'Payments whose outcome is unknown (awaiting reconciliation)',
  );
  const unknownAge = gauge(
    'billing_payments_unknown_oldest_age_seconds',
    'Time since the oldest unknown payment last changed (0 when none)',
  );
  const up = gauge('billing_database_metrics_up', '1 when the last scrape read the database gauges, 0 when it failed');
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? 5000));
  const now = options.now ?? (() => new Date());

  const read = () =>
    db.transaction(
      async (tx) => {
        await tx.execute(sql.raw(`set local statement_timeout = ${timeoutMs}`));
        const groups = await readLivePlanGroups(tx);
        const [outbox] = await tx
          .select({ backlog: count(), oldest: min(eventOutbox.createdAt) })
          .from(eventOutbox)
          .where(isNull(eventOutbox.deliveredAt));
        const open = await tx
          .select({ kind: reconciliationDiscrepancies.kind, open: count() })
          .from(reconciliationDiscrepancies)
          .where(eq(reconciliationDiscrepancies.resolved, false))
          .groupBy(reconciliationDiscrepancies.kind);
        const [approvals] = await tx
          .select({ waiting: count() })
          .from(refunds)
          .where(eq(refunds.status, 'awaiting_approval'));
        const [unknown] = await tx
          .select({ unknown: count(), oldest: min(payments.updatedAt) })
          .from(payments)
          .where(eq(payments.status, 'unknown'));
        return { groups, outbox, open, approvals, unknown };
      },
      { accessMode: 'read only' },
    );

  return {
    async refresh(): Promise<void> {
      try {
        const { groups, outbox, open, approvals, unknown } = await read();
        const at = now();
        live.reset();
        for (const g of groups) live.inc({ plan: g.plan, status: g.status }, g.subscriptions);
        mrr.reset();
        for (const [currency, amount] of monthlyRevenueByCurrency(payingGroups(groups))) mrr.set({ currency }, amount);
        outboxBacklog.set(outbox?.backlog ?? 0);
        outboxAge.set(ageSeconds(outbox?.oldest, at));
        for (const kind of DISCREPANCY_KINDS) discrepancies.set({ kind }, open.find((o) => o.kind === kind)?.open ?? 0);
        awaitingApproval.set(approvals?.waiting ?? 0);
        unknownPayments.set(unknown?.unknown ?? 0);
        unknownAge.set(ageSeconds(unknown?.oldest, at));
        up.set(1);
      } catch (error) {
        up.set(0);
        throw error;
      }
    },
  };
}

export type DatabaseGauges = ReturnType<typeof createDatabaseGauges>;
