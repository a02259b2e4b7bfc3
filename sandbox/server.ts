// The CloudPayments-compatible sandbox acquirer: API at the root, hosted pages, /_sandbox/ controls.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { createApiRoutes } from './api-routes.js';
import { createControlRoutes } from './control-routes.js';
import { createSandboxCore, type SandboxCore } from './core.js';
import { createHostedPageRoutes } from './hosted-page.js';
import { createYooKassaApp } from './yookassa/app.js';
import { createYooKassaCore, type YooKassaCore, type YooKassaOptions } from './yookassa/core.js';

export interface SandboxOptions {
  port: number;
  host?: string;
  publicId: string;
  apiSecret: string;
  /** Base URL our notifications go to (`<notifyUrl>/<kind>`). */
  notifyUrl?: string | undefined;
  /** Multiplies the notification retry schedule (1, 2, 5, 10, 30 min…); e.g. 0.001 in tests. Default 1. */
  timeScale?: number | undefined;
  /** Enables the /_sandbox/ controls. Default true. */
  testMode?: boolean | undefined;
  /** The sandbox's own public URL (order links, AcsUrl); default: the origin each request arrived at. */
  publicUrl?: string | undefined;
  /** Concurrent API requests before 429 (CloudPayments test terminals allow 5). Default 5. */
  maxConcurrentRequests?: number | undefined;
  /** How long a notification receiver may take to answer. Default 30 s. */
  notifyTimeoutMs?: number | undefined;
  logger?: Logger | undefined;
  /** The YooKassa-compatible acquirer under /yookassa (shop credentials, notification URL, expiry time scale). */
  yookassa?: YooKassaOptions | undefined;
}

export interface RunningSandbox {
  url: string;
  close(): Promise<void>;
}

export type SandboxApp = Hono & { core: SandboxCore; yookassa: YooKassaCore };

export function createSandboxApp(options: SandboxOptions): SandboxApp {
  const core = createSandboxCore(options);
  const baseUrl = options.publicUrl?.replace(/\/+$/, '');
  const yookassa = createYooKassaCore({
    ...options.yookassa,
    timeScale: options.timeScale,
    notifyTimeoutMs: options.notifyTimeoutMs,
    logger: options.logger,
  });
  const app = new Hono();
  app.route('/yookassa', createYooKassaApp(yookassa, { testMode: options.testMode ?? true, baseUrl }));
  if (options.testMode ?? true) app.route('/_sandbox', createControlRoutes(core, { baseUrl }));
  app.route('/', createHostedPageRoutes(core, { baseUrl }));
  app.route('/', createApiRoutes(core, { maxConcurrentRequests: options.maxConcurrentRequests ?? 5, baseUrl }));
  app.onError((error, c) => {
    options.logger?.error({ err: error }, 'sandbox error');
    return c.json({ Success: false, Message: 'Internal error' }, 500);
  });
  return Object.assign(app, { core, yookassa });
}

export function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const app = createSandboxApp(options);
  const hostname = options.host ?? '127.0.0.1';
  const urlHost =
    hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${urlHost}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            app.core.close();
            app.yookassa.close();
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
