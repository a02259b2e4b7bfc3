import { acquirerList, parseAcquirerRoutes } from './acquirer-routes.js';
import { consoleOidcSettings } from './console-oidc.js';
import { type EnvVars, envSchema, eventEndpoints } from './env-schema.js';
import { hostList } from './network.js';
import { temporalConnectionSettings } from './temporal-connection.js';

export {
  JWT_ALGORITHMS,
  LOCAL_INBOX_ENCRYPTION_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_THREE_DS_STATE_SECRET,
  SANDBOX_DEFAULT_API_SECRET,
  SANDBOX_DEFAULT_PUBLIC_ID,
  SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY,
  SANDBOX_YOOKASSA_DEFAULT_SHOP_ID,
} from './env-schema.js';

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: EnvVars) {
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT, publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}` },
    /** The ops listener (runtime/ops-server.ts); `port` unset: each process's own default (OPS_DEFAULT_PORTS). */
    ops: { host: env.OPS_HOST, port: env.OPS_PORT },
    /** The operators' console (console/): where its workflow links point; its OIDC sign-in when configured. */
    console: { temporalUiUrl: env.TEMPORAL_UI_URL.replace(/\/+$/, ''), oidc: consoleOidcSettings(env) },
    logLevel: env.LOG_LEVEL,
    logFile: env.LOG_FILE,
    /** OpenTelemetry export (observability/tracing.ts): spans go to `<otlpEndpoint>/v1/traces` when it is set. */
    tracing: { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME },
    database: { url: env.DATABASE_URL, dataDir: env.DATA_DIR, maxConnections: env.DATABASE_POOL_SIZE },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      patchesHeld: env.TEMPORAL_PATCHES_HELD,
      /** A worker runs this pre-built bundle (`npm run build:workflows`) instead of bundling workflows/ at start. */
      workflowBundle: env.WORKER_WORKFLOW_BUNDLE ? { codePath: env.WORKER_WORKFLOW_BUNDLE } : undefined,
      /** TLS and API key of both connections (TEMPORAL_API_KEY, TEMPORAL_TLS*). */
      transport: temporalConnectionSettings(env),
      /** A request answers 503 `still_processing` when its workflow has not answered in this long. */
      answerTimeoutMs: env.WORKFLOW_ANSWER_TIMEOUT_SECONDS * 1000,
    },
    /** A stopping API finishes its requests, a stopping worker its activities, for this long at most. */
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    /** Worker options that bound its memory (env-schema.ts workerVars); passed to Worker.create as they are. */
    worker: {
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: Math.min(
        env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        env.WORKER_MAX_CACHED_WORKFLOWS || Number.POSITIVE_INFINITY,
      ),
      maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentLocalActivityExecutions: env.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
    },
    auth: {
      algorithm: env.JWT_ALGORITHM,
      jwtSecret: env.JWT_SECRET,
      publicKey: env.JWT_PUBLIC_KEY,
      /** When set, tokens must carry exactly this `iss` / `aud` (required in production). */
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      jwks: env.JWT_JWKS_URL
        ? {
            url: env.JWT_JWKS_URL,
            maxAgeMs: env.JWT_JWKS_MAX_AGE_SECONDS * 1000,
            cooldownMs: env.JWT_JWKS_COOLDOWN_SECONDS * 1000,
          }
        : undefined,
      rolesClaim: env.JWT_ROLES_CLAIM,
      adminRole: env.JWT_ADMIN_ROLE,
    },
    /** Where a `returnUrl` may send the payer's browser (api/return-url.ts). */
    returnUrls: { allowLoopbackHttp: env.NODE_ENV !== 'production', hosts: hostList(env.RETURN_URL_HOSTS) },
    shortPeriodsEnabled: env.SHORT_PERIODS_ENABLED,
    checkoutTtlMs: env.CHECKOUT_TTL_SECONDS * 1000,
    /** Key of the signed state that binds a payer's return to its checkout (runtime/payer-return.ts; API and worker). */
    threeDsStateSecret: env.THREE_DS_STATE_SECRET,
    threeDsStatePreviousSecret: env.THREE_DS_STATE_SECRET_PREVIOUS,
    refunds: {
      /** Refunds above this many minor units wait for an operator's approval. */
      approvalThreshold: env.REFUND_APPROVAL_THRESHOLD,
      approvalTimeoutMs: env.REFUND_APPROVAL_TIMEOUT_SECONDS * 1000,
    },
    idempotency: {
      keyTtlSeconds: env.IDEMPOTENCY_KEY_TTL_SECONDS,
      /** How often expired keys are purged: hourly, or every TTL when that is shorter. */
      purgeIntervalSeconds: Math.min(env.IDEMPOTENCY_KEY_TTL_SECONDS, 3600),
    },
    reconciliation: {
      intervalSeconds: env.RECONCILIATION_INTERVAL_SECONDS,
      staleAfterSeconds: env.RECONCILIATION_STALE_AFTER_SECONDS,
      lookbackSeconds: env.RECONCILIATION_LOOKBACK_SECONDS,
    },
    events: {
      /** Every endpoint gets every event; empty means delivery is off (events still accumulate in the outbox). */
      endpoints: eventEndpoints(env.EVENTS_URL),
      /** Signing secrets, current first; a previous one is also signed with while receivers rotate. */
      secrets: [env.EVENTS_SECRET, env.EVENTS_SECRET_PREVIOUS].filter((s): s is string => Boolean(s)),
      sweepIntervalSeconds: env.EVENTS_SWEEP_INTERVAL_SECONDS,
      timeoutMs: env.EVENTS_TIMEOUT_SECONDS * 1000,
      retry: {
        initialSeconds: env.EVENTS_RETRY_INITIAL_SECONDS,
        maxSeconds: env.EVENTS_RETRY_MAX_SECONDS,
        /** 0: retry until the endpoint answers 2xx. */
        maxAttempts: env.EVENTS_RETRY_MAX_ATTEMPTS,
      },
    },
    acquiring: {
      /** The default for new checkouts (ACQUIRER). */
      provider: env.ACQUIRER as string,
      /** Every acquirer configured at once (ACQUIRERS); tests may add one they register by name. */
      names: acquirerList(env.ACQUIRERS, env.ACQUIRER),
      routes: parseAcquirerRoutes(env.ACQUIRER_ROUTES).routes,
      cloudpayments: {
        apiUrl: env.CLOUDPAYMENTS_API_URL ?? `http://localhost:${env.SANDBOX_PORT}`,
        publicId: env.CLOUDPAYMENTS_PUBLIC_ID,
        apiSecret: env.CLOUDPAYMENTS_API_SECRET,
        maxConcurrentRequests: env.CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS,
      },
      yookassa: {
        apiUrl: env.YOOKASSA_API_URL ?? `http://localhost:${env.SANDBOX_PORT}/yookassa/v3`,
        shopId: env.YOOKASSA_SHOP_ID,
        secretKey: env.YOOKASSA_SECRET_KEY,
        maxConcurrentRequests: env.YOOKASSA_MAX_CONCURRENT_REQUESTS,
        notificationIps: (env.YOOKASSA_NOTIFICATION_IPS ?? '').split(/[\s,]+/).filter(Boolean),
        /** Where the payer lands after YooKassa's page when a link names no success URL. */
        defaultReturnUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
      },
    },
    rateLimits: {
      enabled: env.RATE_LIMIT_ENABLED,
      trustedProxyHops: env.TRUST_PROXY_HOPS,
      buckets: {
        checkout: {
          perUser: env.RATE_LIMIT_CHECKOUT_PER_USER,
          perIp: env.RATE_LIMIT_CHECKOUT_PER_IP,
          windowSeconds: env.RATE_LIMIT_CHECKOUT_WINDOW_SECONDS,
        },
        update: {
          perUser: env.RATE_LIMIT_UPDATE_PER_USER,
          perIp: env.RATE_LIMIT_UPDATE_PER_IP,
          windowSeconds: env.RATE_LIMIT_UPDATE_WINDOW_SECONDS,
        },
        operator: {
          perUser: env.RATE_LIMIT_OPERATOR_PER_USER,
          perIp: env.RATE_LIMIT_OPERATOR_PER_IP,
          windowSeconds: env.RATE_LIMIT_OPERATOR_WINDOW_SECONDS,
        },
      },
    },
    /** What every fiscal receipt (54-FZ) says besides its line and contact. */
    receipts: {
      vat: env.RECEIPT_VAT,
      subject: env.RECEIPT_PAYMENT_SUBJECT,
      mode: env.RECEIPT_PAYMENT_MODE,
      taxSystem: env.RECEIPT_TAX_SYSTEM,
    },
    /** Seals the card tokens the webhook inbox keeps (AES-256-GCM). */
    inboxEncryptionKey: env.INBOX_ENCRYPTION_KEY,
    sandbox: {
      port: env.SANDBOX_PORT,
      host: env.SANDBOX_HOST,
      publicId: env.SANDBOX_PUBLIC_ID,
      apiSecret: env.SANDBOX_API_SECRET,
      maxConcurrentRequests: env.SANDBOX_MAX_CONCURRENT_REQUESTS,
      notifyUrl:
        env.SANDBOX_NOTIFY_URL ?? `${env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`}/webhooks/cloudpayments`,
      yookassa: {
        shopId: env.SANDBOX_YOOKASSA_SHOP_ID,
        secretKey: env.SANDBOX_YOOKASSA_SECRET_KEY,
        notifyUrl:
          env.SANDBOX_YOOKASSA_NOTIFY_URL ??
          `${env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT}`}/webhooks/yookassa/notification`,
        expiryTimeScale: env.SANDBOX_YOOKASSA_EXPIRY_TIME_SCALE,
      },
    },
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError listing every bad variable. Empty strings count as unset. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return toConfig(parsed.data);
}
