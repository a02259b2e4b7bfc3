// The business counters a process increments as things happen (README "Metrics"). Built per process on its own
// registry and passed in deps: two stacks in one test process never share a count.
import { Counter, Histogram, type Registry } from 'prom-client';

export type ChargeOutcome = 'succeeded' | 'declined';

/** Renewal lateness buckets, in seconds: a healthy worker charges within seconds of the due time; an hour is an incident. */
const LATENESS_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600];

export function createBusinessMetrics(registry: Registry) {
  const registers = [registry];
  const charges = new Counter({
    name: 'billing_charges_total',
    help: 'Charge outcomes the subscription workflows acted on (each once), by outcome and decline class',
    labelNames: ['outcome', 'decline_class'] as const,
    registers,
  });
  const renewalLateness = new Histogram({
    name: 'billing_renewal_lateness_seconds',
    help: "Time from a period's end to the start of its first renewal charge",
    buckets: LATENESS_BUCKETS,
    registers,
  });
  const dunningEntered = new Counter({
    name: 'billing_dunning_entered_total',
    help: 'Subscriptions that became past_due (a renewal was declined)',
    registers,
  });
  const dunningExited = new Counter({
    name: 'billing_dunning_exited_total',
    help: 'Subscriptions that left past_due, by the status they left it for',
    labelNames: ['to_status'] as const,
    registers,
  });
  const dunningRecovered = new Counter({
    name: 'billing_dunning_recovered_total',
    help: 'Subscriptions that left past_due by paying (active again)',
    registers,
  });
  const refunds = new Counter({
    name: 'billing_refunds_total',
    help: 'Refunds reaching a status (pending, awaiting_approval, succeeded, failed, rejected)',
    labelNames: ['status'] as const,
    registers,
  });
  const webhooksReceived = new Counter({
    name: 'billing_webhooks_received_total',
    help: 'Acquirer notifications received on a known route, before verification',
    labelNames: ['acquirer'] as const,
    registers,
  });
  const webhooksRejected = new Counter({
    name: 'billing_webhooks_rejected_total',
    help: 'Acquirer notifications refused (bad signature, malformed, unknown route, wrong kind, forbidden source)',
    labelNames: ['acquirer', 'reason'] as const,
    registers,
  });
  const webhooksDuplicate = new Counter({
    name: 'billing_webhooks_duplicate_total',
    help: 'Signed acquirer notifications already in the inbox (a redelivery: acknowledged, changes nothing)',
    labelNames: ['acquirer'] as const,
    registers,
  });
  return {
    chargeSettled(outcome: ChargeOutcome, declineClass?: 'hard' | 'soft' | null) {
      charges.inc({ outcome, decline_class: outcome === 'declined' ? (declineClass ?? 'unknown') : 'none' });
    },
    renewalStarted(lateSeconds: number) {
      renewalLateness.observe(Math.max(0, lateSeconds));
    },
    /** A subscription row moved from `from` to `to` (statuses); counts dunning entries, exits and recoveries. */
    subscriptionMoved(from: string | undefined, to: string) {
      if (from === to) return;
      if (to === 'past_due') dunningEntered.inc();
      if (from !== 'past_due') return;
      dunningExited.inc({ to_status: to });
      if (to === 'active') dunningRecovered.inc();
    },
    refundReached(status: string) {
      refunds.inc({ status });
    },
    webhookReceived(acquirer: string) {
      webhooksReceived.inc({ acquirer });
    },
    webhookRejected(acquirer: string, reason: string) {
      webhooksRejected.inc({ acquirer, reason });
    },
    webhookDuplicate(acquirer: string) {
      webhooksDuplicate.inc({ acquirer });
    },
  };
}

export type BusinessMetrics = ReturnType<typeof createBusinessMetrics>;
