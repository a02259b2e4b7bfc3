import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { createTracing, tracingFromConfig } from '../../observability/tracing.js';

interface Received {
  path: string | undefined;
  contentType: string | undefined;
  body: string;
}

// A collector stand-in: records what the exporter posts.
async function startCollector() {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(r)) };
}

describe('OTLP export', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT, spans are posted to <endpoint>/v1/traces under the service name', async () => {
    const collector = await startCollector();
    closers.push(collector.close);
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/`,
      OTEL_SERVICE_NAME: 'billing-under-test',
    });
    const tracing = createTracing(tracingFromConfig(config, 'movix-billing-api'));
    expect(tracing.exporting).toBe(true);
    tracing.provider.getTracer('test').startSpan('a span worth exporting').end();
    await tracing.shutdown();
    expect(collector.received).toHaveLength(1);
    const [post] = collector.received;
    expect(post?.path).toBe('/v1/traces');
    expect(post?.body).toContain('a span worth exporting');
    expect(post?.body).toContain('billing-under-test');
  });

  it('without an endpoint nothing is recorded, yet spans still have ids (for the log lines)', async () => {
    const tracing = createTracing(tracingFromConfig(loadConfig({}), 'movix-billing-worker'));
    expect(tracing.exporting).toBe(false);
    const span = tracing.provider.getTracer('test').startSpan('dropped');
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    span.end();
    await tracing.shutdown();
  });
});
