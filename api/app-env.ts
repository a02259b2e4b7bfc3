import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { PaymentProvider } from '../acquiring/provider.js';
import type { Acquirers } from '../acquiring/registry.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/create-db.js';
import type { BusinessMetrics } from '../observability/business-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { RateLimiters } from './rate-limits.js';

export interface Principal {
  userId: string;
  roles: string[];
  isAdmin: boolean;
  /** The token's `email` / `phone_number` claims, when well-formed: where receipts go unless the checkout says. */
  email?: string | undefined;
  phone?: string | undefined;
}

export interface AppDeps {
  config: Config;
  db: Database;
  temporal: Client;
  /** Every configured acquirer: their webhooks are verified and acknowledged here; the API never calls one. */
  acquirers: Acquirers;
  logger: Logger;
  /** Shared counters (e.g. rate-limiter-flexible's Postgres or Redis store) for several replicas; default in memory. */
  rateLimiters?: RateLimiters;
  now?: () => Date;
  /**
   * Delivers stored notifications to their workflows after the webhook answered; told when one is stored. Without
   * one (an app built for `app.request()` tests) rows wait for a relay of another process.
   */
  inboxRelay?: { wake(): void };
  /** The process's business counters (webhooks received, rejected, duplicate); none: nothing is counted. */
  metrics?: BusinessMetrics | undefined;
}

/** What a webhook route's handlers see: the app's parts and the acquirer whose route it is. */
export type AcquirerRouteDeps = AppDeps & { provider: PaymentProvider };

export interface AppEnv {
  Variables: { principal: Principal };
}

export type App = OpenAPIHono<AppEnv>;
