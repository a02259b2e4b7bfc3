// The example alert rules name metrics the code registers: renaming a metric without its rule fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Database } from '../../db/create-db.js';
import { createBusinessMetrics } from '../../observability/business-metrics.js';
import { createDatabaseGauges } from '../../observability/database-gauges.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string };
}

const file = join(import.meta.dirname, '../../deploy/prometheus/alerts.yml');
const rules: Rule[] = (parse(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (g) => g.rules,
);

/** Every series name the code exposes: histograms as Prometheus names their parts. */
async function registeredNames(): Promise<Set<string>> {
  const registry = new Registry();
  createBusinessMetrics(registry);
  // Registering reads nothing: the database is only queried by refresh().
  createDatabaseGauges(registry, {} as Database);
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram')
      for (const part of ['_bucket', '_sum', '_count']) names.add(metric.name + part);
  }
  return names;
}

describe('deploy/prometheus/alerts.yml', () => {
  it('has the rules the issue asks for: renewal lateness, outbox age, unknown payments, duplicate charges, webhook rejections', () => {
    const exprs = rules.map((r) => r.expr).join('\n');
    for (const metric of [
      'billing_renewal_lateness_seconds_bucket',
      'billing_outbox_oldest_undelivered_age_seconds',
      'billing_payments_unknown_oldest_age_seconds',
      'billing_discrepancies_open{kind="duplicate_charge"}',
      'billing_webhooks_rejected_total',
    ]) {
      expect(exprs).toContain(metric);
    }
  });

  it('every billing_* name in an expression is a metric the code registers, and every rule names one', async () => {
    const known = await registeredNames();
    for (const rule of rules) {
      const used = rule.expr.match(/\bbilling_[a-z_]+/g) ?? [];
      expect(used.length, rule.alert).toBeGreaterThan(0);
      expect(
        used.filter((name) => !known.has(name)),
        rule.alert,
      ).toEqual([]);
    }
  });

  it('every discrepancy kind a rule filters on is one reconciliation records', async () => {
    const { DISCREPANCY_KINDS } = await import('../../db/schema/statuses.js');
    const kinds = rules.flatMap((r) => [...r.expr.matchAll(/kind="([a-z_]+)"/g)].map((m) => m[1]));
    expect(kinds.filter((k) => !(DISCREPANCY_KINDS as readonly string[]).includes(k ?? ''))).toEqual([]);
  });

  it('every rule has a severity and a summary, and durations Prometheus accepts', () => {
    for (const rule of rules) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels.severity);
      expect(rule.annotations.summary.length, rule.alert).toBeGreaterThan(10);
      if (rule.for !== undefined) expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
    }
  });
});
