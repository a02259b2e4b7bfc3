import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracing, registerTracing, unregisterTracing } from '../../observability/tracing.js';
import { billingClient, CARDS, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';

// The caller's trace (the W3C spec's example ids): the API continues it.
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

// API and worker run in this process (test/support/stack.ts), so one provider collects the spans of both, and the
// worker's workflow spans arrive through its sink.
describe('tracing of a checkout', () => {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({
    serviceName: 'movix-billing-test',
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  let h: Harness;
  beforeAll(async () => {
    registerTracing(tracing);
    h = await startHarness(
      {},
      { workflowSpans: { spanProcessor: tracing.workflowSpanProcessor, resource: tracing.resource } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await tracing.shutdown();
    unregisterTracing();
  });

  const spans = () => exporter.getFinishedSpans();
  const named = (name: string) => spans().find((s) => s.name === name);
  const parentOf = (span: ReadableSpan) => spans().find((s) => s.spanContext().spanId === span.parentSpanId);

  it('one trace from the caller through the API request, the update-with-start, the workflow and the charge activity to the CloudPayments call', async () => {
    const api = billingClient(h);
    const user = `user-trace-${randomUUID()}`;
    const cryptogram = await api.cryptogram(CARDS.success);
    const created = await api.call(
      'POST',
      '/v1/subscriptions',
      user,
      { planId: 'monthly', payment: { method: 'card_cryptogram', cryptogram, ipAddress: '127.0.0.1' } },
      { 'idempotency-key': randomUUID(), traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const subscriptionId: string = created.body.subscription.id;
    await api.waitForStatus(user, subscriptionId, 'active');
    // The workflow's own span ends with its run: a cancel now ends the run, and its span reaches the exporter.
    const canceled = await api.call('POST', `/v1/subscriptions/${subscriptionId}/cancel`, user, {
      mode: 'immediately',
    });
    expect(canceled.status).toBe(200);
    const run = await until('the workflow run span', async () => named('RunWorkflow:subscriptionWorkflow'));

    const acquirerCall = named('cloudpayments POST');
    expect(acquirerCall?.kind).toBe(SpanKind.CLIENT);
    expect(acquirerCall?.attributes).toMatchObject({
      'billing.acquirer': 'cloudpayments',
      'http.response.status_code': 200,
    });
    const chain: ReadableSpan[] = [];
    for (let span: ReadableSpan | undefined = acquirerCall; span; span = parentOf(span)) chain.push(span);
    expect(chain.map((s) => s.name)).toEqual([
      'cloudpayments POST',
      'RunActivity:chargeCardForInvoice',
      'StartActivity:chargeCardForInvoice',
      'RunWorkflow:subscriptionWorkflow',
      'UpdateWithStartWorkflow:openCheckout',
      'POST /v1/subscriptions',
    ]);
    expect(chain.at(-1)?.kind).toBe(SpanKind.SERVER);
    expect(chain.at(-1)?.parentSpanId).toBe(CALLER_SPAN);
    expect(new Set(chain.map((s) => s.spanContext().traceId))).toEqual(new Set([CALLER_TRACE]));
    expect(run.attributes).toMatchObject({ workflowId: `subscription-${subscriptionId}` });
    // The update's handler is a span of the same trace, child of the client's call.
    expect(parentOf(named('HandleUpdate:openCheckout') as ReadableSpan)?.name).toBe(
      'UpdateWithStartWorkflow:openCheckout',
    );
    // What the acquirer span says never includes a credential, a token or the cryptogram.
    const said = JSON.stringify(chain.map((s) => s.attributes));
    expect(said).not.toContain(cryptogram);
    expect(said).not.toContain(h.config.acquiring.cloudpayments.apiSecret);
  });
});
