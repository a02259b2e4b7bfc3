// What the webhook bench pays: real subscriptions in PostgreSQL, each with an open invoice, and each with a
// subscription workflow started on a task queue nobody polls (so a signal is accepted and kept, as for a live
// subscription, without a worker's work in the measurement). Bodies are CloudPayments `pay` notifications as the
// acquirer signs them, each a new transaction of one of those invoices.
import { encodeCloudPaymentsNotification } from '../../acquiring/cloudpayments/signature.js';
import { loadPlanSnapshot } from '../../api/routes/subscriptions/views.js';
import { initialInvoiceId } from '../../domain/subscription/ids.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { createBenchActivities } from './bench-activities.js';
import type { BenchStack } from './bench-stack.js';
import { inBatches } from './poll.js';
import { dueRenewalInput, paidPeriodEndingAt, type SubscriptionIds } from './renewal-input.js';

export interface PayTarget extends SubscriptionIds {
  invoiceId: string;
  /** The plan's price as CloudPayments writes it (roubles with kopecks). */
  amount: string;
  currency: string;
}

export const IDLE_TASK_QUEUE = 'bench-webhooks-idle';

export async function seedPayTargets(stack: BenchStack, count: number): Promise<PayTarget[]> {
  const { config, database, client } = stack;
  const activities = createBenchActivities(stack, 'bench-webhooks');
  const plan = await loadPlanSnapshot(database.db, 'monthly', { requireActive: true });
  const period = paidPeriodEndingAt(plan, new Date(Math.ceil(Date.now() / 1000) * 1000 + 86_400_000));
  const targets = Array.from({ length: count }, (_, i) => {
    const subscriptionId = `sub_bench_webhook_${String(i).padStart(4, '0')}`;
    return {
      subscriptionId,
      userId: `bench-payer-${i}`,
      invoiceId: initialInvoiceId(subscriptionId),
      amount: (plan.amount / 100).toFixed(2),
      currency: plan.currency,
    };
  });
  await inBatches(targets, 4, async (target) => {
    const input = dueRenewalInput(target, plan, period, config);
    const { state } = input;
    await activities.openCheckoutRecords({
      state,
      returnUrl: null,
      invoice: {
        id: target.invoiceId,
        subscriptionId: target.subscriptionId,
        kind: 'initial',
        amount: plan.amount,
        currency: plan.currency,
        periodStart: state.currentPeriodStart ?? '',
        periodEnd: state.currentPeriodEnd ?? '',
      },
    });
    await client.workflow.start('subscriptionWorkflow', {
      workflowId: subscriptionWorkflowId(target.subscriptionId),
      taskQueue: IDLE_TASK_QUEUE,
      args: [input],
    });
  });
  return targets;
}

/** A signed `pay` as CloudPayments posts it (form-encoded, both signature headers), for transaction `transactionId`. */
export function signedPay(secret: string, target: PayTarget, transactionId: number) {
  return encodeCloudPaymentsNotification(
    {
      TransactionId: transactionId,
      Amount: target.amount,
      Currency: target.currency,
      PaymentAmount: target.amount,
      PaymentCurrency: target.currency,
      DateTime: '2026-12-03 10:00:00',
      CardId: 'card_bench_0001',
      CardFirstSix: '424242',
      CardLastFour: '4242',
      CardType: 'Visa',
      CardExpDate: '12/29',
      TestMode: 0,
      Status: 'Completed',
      OperationType: 'Payment',
      GatewayName: 'Tinkoff',
      InvoiceId: target.invoiceId,
      AccountId: target.userId,
      Name: 'CARD HOLDER',
      Email: 'payer@example.test',
      IpAddress: '198.51.100.7',
      IpCountry: 'RU',
      IpCity: 'Moscow',
      Issuer: 'Sandbox Bank',
      IssuerBankCountry: 'RU',
      Description: 'Movix monthly',
      AuthCode: 'A1B2C3',
      Token: `tk_bench_${target.subscriptionId}`,
      TotalFee: 0,
      CardProduct: 'C',
      PaymentMethod: 'Card',
    },
    secret,
  );
}
