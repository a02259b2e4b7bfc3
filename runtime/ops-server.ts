// The operations listener of a process (API or worker): /metrics for Prometheus and, on the worker, /health and
// /ready for the orchestrator. Separate from the public API port and never published: business metrics show revenue.
import { Hono } from 'hono';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '../observability/logger.js';
import { listen, type RunningServer } from './http-server.js';
import { readSdkMetrics } from './sdk-metrics.js';

/** OPS_PORT when unset: the API's (also `npm start`'s) and the worker's, so both fit on one host. */
export const OPS_DEFAULT_PORTS = { api: 9464, worker: 9465 } as const;

export interface OpsOptions {
  registry: Registry;
  logger: Logger;
  /** Run before each scrape (the database gauges); a failure is logged and the rest is still served. */
  beforeScrape?: ReadonlyArray<() => Promise<void>>;
  /** Where the Temporal SDK's Prometheus exporter listens (host:port); its text is appended to /metrics. */
  sdkMetricsAddress?: string | undefined;
  /** The worker's: true once it polls its task queue, false before and while it stops. Adds /health and /ready. */
  ready?: (() => boolean | Promise<boolean>) | undefined;
}

/** A registry for one process, with Node's own process metrics (CPU, memory, event loop lag, GC). */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export function createOpsApp(options: OpsOptions): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    for (const refresh of options.beforeScrape ?? []) {
      await refresh().catch((error) => options.logger.warn({ err: error }, 'metrics: a database gauge failed'));
    }
    const ours = await options.registry.metrics();
    const sdk = options.sdkMetricsAddress ? await readSdkMetrics(options.sdkMetricsAddress) : undefined;
    if (options.sdkMetricsAddress && sdk === undefined)
      options.logger.warn('metrics: the Temporal SDK exporter did not answer');
    return c.body(sdk ? `${ours}\n${sdk}` : ours, 200, { 'content-type': options.registry.contentType });
  });
  const ready = options.ready;
  if (ready) {
    app.get('/health', (c) => c.json({ status: 'ok' }));
    app.get('/ready', async (c) =>
      (await ready()) ? c.json({ status: 'ready' }) : c.json({ status: 'not_ready' }, 503),
    );
  }
  return app;
}

export function startOpsServer(options: OpsOptions & { host: string; port: number }): Promise<RunningServer> {
  return listen(createOpsApp(options).fetch, options.port, options.host);
}
