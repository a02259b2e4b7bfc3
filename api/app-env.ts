import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { PaymentProvider } from '../acquiring/provider.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/create-db.js';
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
  /** Used only to verify and acknowledge the acquirer's webhooks: the API never calls the acquirer. */
  provider: PaymentProvider;
  logger: Logger;
  /** Shared counters (e.g. rate-limiter-flexible's Postgres or Redis store) for several replicas; default in memory. */
  rateLimiters?: RateLimiters;
  now?: () => Date;
}

export interface AppEnv {
  Variables: { principal: Principal };
}

export type App = OpenAPIHono<AppEnv>;
