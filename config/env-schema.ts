// The environment variables, parsed with zod: defaults, ranges and the rules that span several variables.
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { PAYMENT_MODES, PAYMENT_SUBJECTS, VAT_RATES } from '../acquiring/receipt.js';
import { ACQUIRER_NAMES, acquirerIssues, acquirerList } from './acquirer-routes.js';
import { consoleOidcIssues, consoleOidcVars } from './console-oidc.js';
import { securityIssues } from './env-security.js';
import { temporalConnectionIssues, temporalConnectionVars } from './temporal-connection.js';
import { yooKassaIssues } from './yookassa-rules.js';

export const LOCAL_JWT_SECRET = 'movix-local-development-secret-change-me';
/** Signs the state in each checkout's 3-D Secure TermUrl; this public default is refused in production. */
export const LOCAL_THREE_DS_STATE_SECRET = 'movix-local-3ds-state-secret-change-me';
/** The sandbox acquirer's local credentials; the CloudPayments adapter defaults to them. */
export const SANDBOX_DEFAULT_PUBLIC_ID = 'test_api_00000000000000000000001';
export const SANDBOX_DEFAULT_API_SECRET = 'sandbox-api-secret';
/** The YooKassa sandbox's local shop credentials (HTTP Basic shopId:secretKey). */
export const SANDBOX_YOOKASSA_DEFAULT_SHOP_ID = '100500';
export const SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY = 'test_sandbox_yookassa_secret';

/** Public, like LOCAL_JWT_SECRET: seals inbox card tokens in development only; production must set its own. */
export const LOCAL_INBOX_ENCRYPTION_KEY = Buffer.alloc(32, 'movix-local-inbox-key').toString('base64');

export const JWT_ALGORITHMS = ['HS256', 'RS256'] as const;

/** Why a PEM cannot verify RS256 tokens, or undefined when it can. Checked at startup, so a bad key fails fast. */
function rsaPublicKeyProblem(pem: string | undefined): string | undefined {
  if (!pem) return "required when JWT_ALGORITHM=RS256 (the PEM of the issuer's public key), unless JWT_JWKS_URL is set";
  if (/PRIVATE KEY/.test(pem)) return 'must be the public key; the private key never belongs here';
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') return `must be an RSA public key, not ${key.asymmetricKeyType}`;
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return 'must be an RSA key of at least 2048 bits';
    return undefined;
  } catch {
    return 'is not a PEM public key';
  }
}

/** `EVENTS_URL` is a comma-separated list; blanks are ignored, so an empty value turns delivery off. */
export const eventEndpoints = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

const perWindow = z.coerce.number().int().min(1);
const windowSeconds = z.coerce.number().int().min(1).max(86_400);

/**
 * Requests allowed per user (JWT `sub`) and per client IP in each bucket's window (api/rate-limit-policy.ts names the
 * routes). Per IP is looser than per user, so people behind one NAT do not lock each other out.
 */
const rateLimitVars = {
  RATE_LIMIT_ENABLED: boolean.default(true),
  /** Subscribe and new card: where card testing happens. */
  RATE_LIMIT_CHECKOUT_PER_USER: perWindow.default(10),
  RATE_LIMIT_CHECKOUT_PER_IP: perWindow.default(50),
  RATE_LIMIT_CHECKOUT_WINDOW_SECONDS: windowSeconds.default(3600),
  /** Change plan, cancel, resume: each one is a workflow update. */
  RATE_LIMIT_UPDATE_PER_USER: perWindow.default(20),
  RATE_LIMIT_UPDATE_PER_IP: perWindow.default(100),
  RATE_LIMIT_UPDATE_WINDOW_SECONDS: windowSeconds.default(600),
  /** Operators' money moves: refunds and their approval, admin retry and cancel. */
  RATE_LIMIT_OPERATOR_PER_USER: perWindow.default(60),
  RATE_LIMIT_OPERATOR_PER_IP: perWindow.default(120),
  RATE_LIMIT_OPERATOR_WINDOW_SECONDS: windowSeconds.default(600),
  /** Reverse proxies in front of the API that append to X-Forwarded-For; 0: the socket's address is the client. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
};

/**
 * What bounds a worker's memory (README "Performance → memory"): the sticky cache keeps that many workflow runs in
 * memory between their tasks (an evicted one replays its short history when it wakes), and each slot holds a task
 * in flight. Explicit defaults, so a worker's footprint does not follow the machine's heap size as the SDK's does.
 */
const workerVars = {
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .refine((n) => n !== 1, 'WORKER_MAX_CACHED_WORKFLOWS must be 0 (no sticky cache) or at least 2')
    .default(1000),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(1000).default(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(10_000).default(100),
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Bundling at start costs a worker about 130 MB it never gives back; a bundle built with the image does not. */
  WORKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
};

/** One of a fixed list, refused with the whole list in the message (a typo in a tax setting must not start). */
const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.enum(values as [T, ...T[]], { error: `${name} must be one of: ${values.join(', ')}` });

/** The fiscal receipt (54-FZ) of every payment and refund (domain/receipts.ts). */
const receiptVars = {
  RECEIPT_VAT: oneOf('RECEIPT_VAT', VAT_RATES).default('none'),
  RECEIPT_PAYMENT_SUBJECT: oneOf('RECEIPT_PAYMENT_SUBJECT', PAYMENT_SUBJECTS).default('service'),
  RECEIPT_PAYMENT_MODE: oneOf('RECEIPT_PAYMENT_MODE', PAYMENT_MODES).default('full_payment'),
  /** Tag 1055 as CloudKassir numbers it; unset: the acquirer's own setting. */
  RECEIPT_TAX_SYSTEM: z.coerce
    .number({ error: 'RECEIPT_TAX_SYSTEM must be a whole number from 0 to 5' })
    .int('RECEIPT_TAX_SYSTEM must be a whole number from 0 to 5')
    .min(0, 'RECEIPT_TAX_SYSTEM must be a whole number from 0 to 5')
    .max(5, 'RECEIPT_TAX_SYSTEM must be a whole number from 0 to 5')
    .optional(),
};

/** Every environment variable the service reads, with its default and its checks. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(3000),
    /** Loopback unless told otherwise; a non-loopback bind with the public local secrets is refused (bind-guard.ts). */
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_BASE_URL: z.url().optional(),
    /** The ops listener (/metrics; the worker's /health, /ready): loopback by default, never published. */
    OPS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Unset: 9464 for the API (and `npm start`), 9465 for the worker, so both run side by side on one host. */
    /** `0`: any free port (the process logs which), for several processes on one host (tests, benches). */
    OPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FILE: z.string().min(1).optional(),
    /** OTLP/HTTP collector (e.g. http://otel-collector:4318); tracing is off without it. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    /** Overrides the service name spans carry (default movix-billing-api / movix-billing-worker). */
    OTEL_SERVICE_NAME: z.string().min(1).optional(),
    DATABASE_URL: z.url().optional(),
    /** PostgreSQL connections each process keeps at most (postgres.js pool); ignored by PGlite. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    DATA_DIR: z.string().min(1).default('.data'),
    TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('billing'),
    /** The Temporal Web UI the operators' console links each workflow to (the dev server's UI is on 8233). */
    TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
    /** The console's single sign-on (config/console-oidc.ts); off unless issuer and client id are set. */
    ...consoleOidcVars,
    /**
     * Workflow patch ids this worker must not activate yet (comma-separated): during a rolling deploy, new workers
     * run the old code path until no old worker polls the task queue (README "Changing workflows").
     */
    TEMPORAL_PATCHES_HELD: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ...temporalConnectionVars,
    /** How long a stopping API finishes its requests and a stopping worker its activities (README "Production image"). */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
    /**
     * How long a request waits for its workflow's answer (an upgrade's charge, a worker catching up) before it is
     * answered 503 `still_processing`; the work goes on, and the same Idempotency-Key waits for it again.
     */
    WORKFLOW_ANSWER_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters').default(LOCAL_JWT_SECRET),
    JWT_ALGORITHM: z.enum(JWT_ALGORITHMS).default('HS256'),
    THREE_DS_STATE_SECRET: z
      .string()
      .min(32, 'THREE_DS_STATE_SECRET must be at least 32 characters')
      .default(LOCAL_THREE_DS_STATE_SECRET),
    /** During a rotation, states signed with the previous key still verify (checkouts opened before the switch). */
    THREE_DS_STATE_SECRET_PREVIOUS: z
      .string()
      .min(32, 'THREE_DS_STATE_SECRET_PREVIOUS must be at least 32 characters')
      .optional(),
    /** PEM (SPKI) of the issuer's RSA public key; `\n` escapes are accepted for one-line env files. */
    JWT_PUBLIC_KEY: z
      .string()
      .transform((v) => v.replace(/\\n/g, '\n'))
      .optional(),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    /** RS256 keys fetched from the issuer's JWKS (rotation by `kid`) instead of one JWT_PUBLIC_KEY. */
    JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    JWT_JWKS_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
    JWT_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    JWT_ROLES_CLAIM: z.string().min(1).default('roles'),
    JWT_ADMIN_ROLE: z.string().min(1).default('admin'),
    RETURN_URL_HOSTS: z.string().optional(),
    SHORT_PERIODS_ENABLED: boolean.default(false),
    CHECKOUT_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(7 * 86_400)
      .default(1800),
    REFUND_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).default(1_000_000),
    REFUND_APPROVAL_TIMEOUT_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(30 * 86_400)
      .default(2 * 86_400),
    /** An Idempotency-Key is remembered this long (1 day); after that the same key starts a new operation. */
    IDEMPOTENCY_KEY_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(86_400),
    RECONCILIATION_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    RECONCILIATION_STALE_AFTER_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 86_400)
      .default(600),
    RECONCILIATION_LOOKBACK_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(90 * 86_400)
      .default(2 * 86_400),
    EVENTS_URL: z.string().optional(),
    EVENTS_SECRET: z.string().min(16, 'EVENTS_SECRET must be at least 16 characters').optional(),
    EVENTS_SECRET_PREVIOUS: z.string().min(16, 'EVENTS_SECRET_PREVIOUS must be at least 16 characters').optional(),
    EVENTS_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    EVENTS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
    EVENTS_RETRY_INITIAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(1),
    EVENTS_RETRY_MAX_SECONDS: z.coerce.number().min(1).max(86_400).default(600),
    EVENTS_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(0).default(0),
    /** The default acquirer of new checkouts; one of ACQUIRERS. */
    ACQUIRER: z.enum(ACQUIRER_NAMES).default('cloudpayments'),
    /** Every acquirer configured at once (comma-separated); unset: only ACQUIRER. */
    ACQUIRERS: z.string().optional(),
    /** Per-plan or per-currency acquirers of new checkouts, e.g. `plan:annual=yookassa,currency:USD=cloudpayments`. */
    ACQUIRER_ROUTES: z.string().optional(),
    CLOUDPAYMENTS_API_URL: z.url().optional(),
    CLOUDPAYMENTS_PUBLIC_ID: z.string().min(1).default(SANDBOX_DEFAULT_PUBLIC_ID),
    CLOUDPAYMENTS_API_SECRET: z.string().min(1).default(SANDBOX_DEFAULT_API_SECRET),
    /** Requests in flight at once from one worker process (the acquirer answers 429 beyond its limit: 5 test, 30 live). */
    CLOUDPAYMENTS_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).default(5),
    YOOKASSA_API_URL: z.url().optional(),
    YOOKASSA_SHOP_ID: z.string().min(1).default(SANDBOX_YOOKASSA_DEFAULT_SHOP_ID),
    YOOKASSA_SECRET_KEY: z.string().min(1).default(SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY),
    /** Requests in flight at once from one worker process (YooKassa does not publish its limit). */
    YOOKASSA_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).default(5),
    /** Comma-separated CIDR ranges or addresses (`yookassa` = the published ones); unset: any source. */
    YOOKASSA_NOTIFICATION_IPS: z.string().optional(),
    SANDBOX_PORT: port.default(8081),
    SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
    /** The sandbox's CloudPayments limit on concurrent API requests (a test terminal's 5; a live one's is 30). */
    SANDBOX_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).default(5),
    SANDBOX_PUBLIC_ID: z.string().min(1).default(SANDBOX_DEFAULT_PUBLIC_ID),
    SANDBOX_API_SECRET: z.string().min(1).default(SANDBOX_DEFAULT_API_SECRET),
    SANDBOX_NOTIFY_URL: z.url().optional(),
    SANDBOX_YOOKASSA_SHOP_ID: z.string().min(1).default(SANDBOX_YOOKASSA_DEFAULT_SHOP_ID),
    SANDBOX_YOOKASSA_SECRET_KEY: z.string().min(1).default(SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY),
    SANDBOX_YOOKASSA_NOTIFY_URL: z.url().optional(),
    SANDBOX_YOOKASSA_EXPIRY_TIME_SCALE: z.coerce.number().positive().default(1),
    ...rateLimitVars,
    ...workerVars,
    ...receiptVars,
    INBOX_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
      .default(LOCAL_INBOX_ENCRYPTION_KEY),
  })
  .superRefine((env, ctx) => {
    if (env.JWT_ALGORITHM === 'HS256' && env.NODE_ENV === 'production' && env.JWT_SECRET === LOCAL_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be set in production' });
    }
    if (env.NODE_ENV === 'production' && env.THREE_DS_STATE_SECRET === LOCAL_THREE_DS_STATE_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['THREE_DS_STATE_SECRET'], message: 'must be set in production' });
    }
    const cloudPayments = acquirerList(env.ACQUIRERS, env.ACQUIRER).includes('cloudpayments');
    if (env.NODE_ENV === 'production' && cloudPayments && env.CLOUDPAYMENTS_API_SECRET === SANDBOX_DEFAULT_API_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLOUDPAYMENTS_API_SECRET'],
        message: "must be set in production (the sandbox's local default signs nothing real)",
      });
    }
    yooKassaIssues(env, ctx, SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY);
    if (env.NODE_ENV === 'production' && env.INBOX_ENCRYPTION_KEY === LOCAL_INBOX_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['INBOX_ENCRYPTION_KEY'], message: 'must be set in production' });
    }
    const endpoints = eventEndpoints(env.EVENTS_URL);
    for (const url of endpoints) {
      if (!z.url({ protocol: /^https?$/ }).safeParse(url).success) {
        ctx.addIssue({ code: 'custom', path: ['EVENTS_URL'], message: `not an http(s) URL: ${url}` });
      }
    }
    if (endpoints.length > 0 && !env.EVENTS_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['EVENTS_SECRET'], message: 'is required when EVENTS_URL is set' });
    }
    if (env.EVENTS_RETRY_MAX_SECONDS < env.EVENTS_RETRY_INITIAL_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['EVENTS_RETRY_MAX_SECONDS'],
        message: 'must not be below EVENTS_RETRY_INITIAL_SECONDS',
      });
    }
    securityIssues(env, ctx, SANDBOX_DEFAULT_PUBLIC_ID);
    temporalConnectionIssues(env, ctx);
    consoleOidcIssues(env, ctx);
    acquirerIssues(env, ctx);
    if (env.JWT_ALGORITHM === 'RS256' && !env.JWT_JWKS_URL) {
      const problem = rsaPublicKeyProblem(env.JWT_PUBLIC_KEY);
      if (problem) ctx.addIssue({ code: 'custom', path: ['JWT_PUBLIC_KEY'], message: problem });
    }
  });

export type EnvVars = z.infer<typeof envSchema>;
