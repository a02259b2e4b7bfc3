// The floor under delivery: bare `paymentResult` signals to the same idle workflows, as many at once as the relay
// delivers, with no database work; the relay cannot deliver faster than Temporal takes signals.

import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { paymentResultSignal } from '../../workflows/subscription/messages.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import type { PayTarget } from './webhook-targets.js';

export async function signalsPerSecond(client: Client, targets: readonly PayTarget[], n: number, concurrency: number) {
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const target = targets[i % targets.length] as PayTarget;
      await client.workflow.getHandle(subscriptionWorkflowId(target.subscriptionId)).signal(paymentResultSignal, {
        invoiceId: target.invoiceId,
        outcome: 'succeeded',
        providerTransactionId: String(8_000_000 + i),
        inboxId: 0,
      });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return n / ((performance.now() - started) / 1000);
}
