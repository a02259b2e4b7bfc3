import type { Acquirers } from '../acquiring/registry.js';
import type { Database } from '../db/create-db.js';
import type { ReceiptSettings } from '../domain/receipts.js';
import type { BusinessMetrics } from '../observability/business-metrics.js';
import { createCardCheckActivities } from './card-check.js';
import { createChargeInvoiceActivity } from './charge-invoice.js';
import { createCheckoutActivities } from './checkout-acquirer.js';
import { createDeliverEventActivity } from './deliver-event.js';
import { createDuplicateRefundActivities } from './duplicate-refunds.js';
import { createEventDeliveryActivities } from './event-deliveries.js';
import { createIdempotencyPurgeActivities } from './idempotency-purge.js';
import type { WorkflowStarter } from './imported-workflows.js';
import { createNotificationLookupActivities } from './notification-lookup.js';
import { createNotifiedPaymentActivities } from './notified-payments.js';
import { createProbeActivities } from './probe-activities.js';
import { createReconciliationActivities } from './reconciliation.js';
import { createRefundAcquirerActivities } from './refund-acquirer.js';
import { createRefundCorrectionActivities } from './refund-corrections.js';
import { createRefundRecordActivities } from './refund-records.js';
import { createRefundablePaymentActivities } from './refundable-payments.js';
import { createSubscriptionImportActivities } from './subscription-import.js';
import { createSubscriptionRecordActivities } from './subscription-records.js';

export interface ActivityDeps {
  db: Database;
  /** Every configured acquirer; each activity finds the one its payment, card or checkout belongs to. */
  acquirers: Acquirers;
  workerIdentity: string;
  now: () => Date;
  publicBaseUrl: string;
  /** THREE_DS_STATE_SECRET: signs the return address of a payer confirming a payment. */
  threeDsStateSecret: string;
  /** INBOX_ENCRYPTION_KEY: the webhook inbox's card tokens are sealed with it. */
  inboxEncryptionKey: string;
  /** Outgoing events: where they go, the signing secrets (current first), and how long one POST may take. */
  events: { endpoints: readonly string[]; secrets: readonly string[]; timeoutMs: number };
  /** What every fiscal receipt says besides its line and contact (config.receipts). */
  receipts: ReceiptSettings;
  /** Starts workflows from an activity: the bulk import starts each imported subscription's. */
  temporal: WorkflowStarter;
  /** The worker's business counters (charges, dunning, refunds, renewal lateness); none: nothing is counted. */
  metrics?: BusinessMetrics | undefined;
}

/** Every side effect the workflows may perform, built from explicit dependencies so tests can supply their own. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProbeActivities(deps),
    ...createSubscriptionRecordActivities(deps),
    ...createCheckoutActivities(deps),
    ...createChargeInvoiceActivity(deps),
    ...createNotifiedPaymentActivities(deps),
    ...createNotificationLookupActivities(deps),
    ...createCardCheckActivities(deps),
    ...createRefundRecordActivities(deps),
    ...createRefundAcquirerActivities(deps),
    ...createRefundCorrectionActivities(deps),
    ...createRefundablePaymentActivities(deps),
    ...createReconciliationActivities(deps),
    ...createDuplicateRefundActivities(deps),
    ...createEventDeliveryActivities(deps),
    ...createDeliverEventActivity(deps),
    ...createIdempotencyPurgeActivities(deps),
    ...createSubscriptionImportActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
