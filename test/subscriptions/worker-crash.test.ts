import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activeSubscription, billingClient, createMinutePlan, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { recordHistory } from '../support/histories.js';
import { invariantsOfEachTest } from '../support/invariants.js';

const root = join(import.meta.dirname, '../..');

describe('a worker killed in the middle of a renewal', () => {
  let h: Harness;
  afterEach(invariantsOfEachTest(() => h));
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startHarness({}, { worker: false });
  });
  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await h?.close();
  });

  it('leaves exactly one charge: the next worker looks the payment up instead of charging again', async () => {
    const api = billingClient(h);
    // The first worker is a real process, so it can really be killed.
    // `node --import tsx` (not the tsx wrapper) so the worker is this one process and SIGKILL really kills it.
    child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: root,
      stdio: 'ignore',
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        OPS_PORT: '0',
        DATABASE_URL: h.config.database.url,
        TEMPORAL_ADDRESS: h.config.temporal.address,
        TEMPORAL_TASK_QUEUE: h.config.temporal.taskQueue,
        CLOUDPAYMENTS_API_URL: h.config.acquiring.cloudpayments.apiUrl,
        PUBLIC_BASE_URL: h.config.http.publicBaseUrl,
      },
    });
    const planId = await createMinutePlan(h);
    const user = `user-crash-${Date.now()}`;
    const sub = await activeSubscription(h, user, planId);
    const invoiceId = `inv_${sub.id}_1`;

    // The acquirer processes the renewal but holds its answer; the worker dies waiting for it.
    await api.sandbox('/faults', { latencyMs: 8000 });
    await until(
      'the renewal charge to reach the acquirer',
      async () => ((await api.ledger(invoiceId)).length > 0 ? true : undefined),
      90_000,
    );
    child.kill('SIGKILL');
    await api.sandbox('/faults', {});
    await h.startWorker();

    const invoice = await until(
      'the renewal invoice to be paid',
      async () => {
        const found = (await api.invoices(user, sub.id)).find((i: { id: string }) => i.id === invoiceId);
        return found?.status === 'paid' ? found : undefined;
      },
      90_000,
    );
    expect(invoice.attempts).toBe(1);
    expect(child.signalCode).toBe('SIGKILL');
    const ledger = await api.ledger(invoiceId);
    expect(ledger.map((t: { Status: string }) => t.Status)).toEqual(['Completed']);
    expect((await api.subscription(user, sub.id)).status).toBe('active');
    await recordHistory(h.client, 'renewal-worker-killed', `subscription-${sub.id}`);
  }, 240_000);
});
