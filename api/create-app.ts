import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { mountConsole } from '../console/mount-console.js';
import { applyAccessPolicy, assertAccessCoversRoutes } from './access-policy.js';
import type { App, AppDeps, AppEnv } from './app-env.js';
import { createGuards } from './auth.js';
import { mountDocs } from './docs-page.js';
import { createErrorHandler, errorBody, validationFailed } from './error-handler.js';
import { registerOutgoingEvents } from './outgoing-events-openapi.js';
import { rejectCardNumbers } from './pan-guard.js';
import { assertRateLimitsCoverRoutes } from './rate-limit-policy.js';
import { applyRateLimits, createMemoryRateLimiters } from './rate-limits.js';
import { requestContext } from './request-context.js';
import { declareRequestIds } from './request-id-openapi.js';
import { requestLog } from './request-log.js';
import { registerAdminRoutes } from './routes/admin/handlers.js';
import { IMPORT_PATH } from './routes/admin/import-routes.js';
import { registerDunningRoutes } from './routes/dunning/handlers.js';
import { registerEventRoutes } from './routes/events/handlers.js';
import { registerFinanceRoutes } from './routes/finance/handlers.js';
import { registerPaymentRoutes } from './routes/payments/handlers.js';
import { registerPlanRoutes } from './routes/plans/handlers.js';
import { registerProbeRoutes } from './routes/probes.js';
import { registerReconciliationRoutes } from './routes/reconciliation/handlers.js';
import { registerRefundRoutes } from './routes/refunds/handlers.js';
import { registerServiceRoutes } from './routes/service.js';
import { registerSubscriptionRoutes } from './routes/subscriptions/handlers.js';
import { registerWebhookRoutes } from './routes/webhooks/handlers.js';
import { securityHeaders } from './security-headers.js';
import { rejectUnstorableText } from './text-guard.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/** A bulk import carries up to 10,000 rows: its own, larger limit. */
export const MAX_IMPORT_BODY_BYTES = 16 * 1024 * 1024;

const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) => c.json(errorBody('payload_too_large', `Request bodies are limited to ${maxSize} bytes`), 413),
  });

/** The HTTP API as a value built from its dependencies; tests call `app.request()` on it. */
export function createApp(deps: AppDeps): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationFailed(c, result.error, result.target);
    },
  });
  const guards = createGuards(deps.config.auth);

  app.onError(createErrorHandler(deps.logger));
  app.notFound((c) => c.json(errorBody('route_not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.use('*', requestContext(), securityHeaders(), requestLog(deps.logger));
  const defaultLimit = limitBody(MAX_BODY_BYTES);
  const importLimit = limitBody(MAX_IMPORT_BODY_BYTES);
  app.use('*', (c, next) => (c.req.path === IMPORT_PATH ? importLimit(c, next) : defaultLimit(c, next)));
  // Who may call comes first: an unauthenticated caller learns nothing, not even whether its body is valid.
  applyAccessPolicy(app, guards);
  // Then how often: the caller is known, and a request past its limit is refused before its body is read.
  const { rateLimits } = deps.config;
  if (rateLimits.enabled)
    applyRateLimits(app, deps.rateLimiters ?? createMemoryRateLimiters(rateLimits), rateLimits, deps.logger);
  app.use('*', rejectCardNumbers(), rejectUnstorableText());

  registerServiceRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerProbeRoutes(app, deps);
  registerReconciliationRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerSubscriptionRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerRefundRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerDunningRoutes(app, deps);
  registerFinanceRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  assertAccessCoversRoutes(app);
  assertRateLimitsCoverRoutes(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  registerOutgoingEvents(app);
  const info = {
    title: 'Movix Billing API',
    version: '1.0.0',
    description: 'Subscriptions, payments and refunds of the Movix online cinema.',
  };
  app.get('/openapi.json', (c) => c.json(declareRequestIds(app.getOpenAPI31Document({ openapi: '3.1.0', info }))));
  mountDocs(app);
  mountConsole(app, deps);
  return app;
}
