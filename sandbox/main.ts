// `npm run sandbox -- --port <port> [--public-id <id>] [--api-secret <secret>] [--notify-url <base>]`
//   [--yookassa-shop-id <id>] [--yookassa-secret-key <key>] [--yookassa-notify-url <url>]
// Flags win over SANDBOX_* environment variables, which win over the local defaults the API also uses.
import { parseArgs } from 'node:util';
import { assertSafeBind, sandboxPublicDefaults } from '../config/bind-guard.js';
import {
  SANDBOX_DEFAULT_API_SECRET,
  SANDBOX_DEFAULT_PUBLIC_ID,
  SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY,
  SANDBOX_YOOKASSA_DEFAULT_SHOP_ID,
} from '../config/config.js';
import { createLogger } from '../observability/logger.js';
import { startSandbox } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'public-id': { type: 'string' },
    'api-secret': { type: 'string' },
    'notify-url': { type: 'string' },
    'time-scale': { type: 'string' },
    'yookassa-shop-id': { type: 'string' },
    'yookassa-secret-key': { type: 'string' },
    'yookassa-notify-url': { type: 'string' },
    'yookassa-expiry-time-scale': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  console.log(
    'Usage: npm run sandbox -- --port <port> [--host <host>] [--public-id <id>] [--api-secret <secret>] [--notify-url <base>] [--time-scale <factor>]' +
      ' [--yookassa-shop-id <id>] [--yookassa-secret-key <key>] [--yookassa-notify-url <url>] [--yookassa-expiry-time-scale <factor>]',
  );
  process.exit(0);
}

const env = process.env;
const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
const port = Number(pick(values.port, 'SANDBOX_PORT') ?? 8081);
const timeScale = Number(pick(values['time-scale'], 'SANDBOX_TIME_SCALE') ?? 1);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${String(values.port ?? env.SANDBOX_PORT)}`);
  process.exit(2);
}
if (!Number.isFinite(timeScale) || timeScale <= 0) {
  console.error(`Invalid time scale: ${String(values['time-scale'] ?? env.SANDBOX_TIME_SCALE)}`);
  process.exit(2);
}
const expiryTimeScale = Number(pick(values['yookassa-expiry-time-scale'], 'SANDBOX_YOOKASSA_EXPIRY_TIME_SCALE') ?? 1);
if (!Number.isFinite(expiryTimeScale) || expiryTimeScale <= 0) {
  console.error(`Invalid YooKassa expiry time scale: ${String(expiryTimeScale)}`);
  process.exit(2);
}

const maxConcurrentRequests = Number(env.SANDBOX_MAX_CONCURRENT_REQUESTS || 5);
if (!Number.isInteger(maxConcurrentRequests) || maxConcurrentRequests < 1) {
  console.error(`Invalid SANDBOX_MAX_CONCURRENT_REQUESTS: ${String(env.SANDBOX_MAX_CONCURRENT_REQUESTS)}`);
  process.exit(2);
}

const host = pick(values.host, 'SANDBOX_HOST') ?? '127.0.0.1';
const apiSecret = pick(values['api-secret'], 'SANDBOX_API_SECRET') ?? SANDBOX_DEFAULT_API_SECRET;
const yookassaSecretKey =
  pick(values['yookassa-secret-key'], 'SANDBOX_YOOKASSA_SECRET_KEY') ?? SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY;
try {
  const defaults = sandboxPublicDefaults(apiSecret, yookassaSecretKey);
  assertSafeBind('sandbox acquirer', '--host / SANDBOX_HOST', host, defaults);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const logger = createLogger(env.LOG_LEVEL || 'info', 'sandbox');
const notifyUrl = pick(values['notify-url'], 'SANDBOX_NOTIFY_URL');
const yookassaNotifyUrl = pick(values['yookassa-notify-url'], 'SANDBOX_YOOKASSA_NOTIFY_URL');
const sandbox = await startSandbox({
  port,
  host,
  publicId: pick(values['public-id'], 'SANDBOX_PUBLIC_ID') ?? SANDBOX_DEFAULT_PUBLIC_ID,
  apiSecret,
  notifyUrl,
  timeScale,
  maxConcurrentRequests,
  logger,
  yookassa: {
    shopId: pick(values['yookassa-shop-id'], 'SANDBOX_YOOKASSA_SHOP_ID') ?? SANDBOX_YOOKASSA_DEFAULT_SHOP_ID,
    secretKey: yookassaSecretKey,
    notifyUrl: yookassaNotifyUrl,
    expiryTimeScale,
  },
});
logger.info(
  {
    url: sandbox.url,
    notifyUrl: notifyUrl ?? null,
    yookassaApi: `${sandbox.url}/yookassa/v3`,
    yookassaNotifyUrl: yookassaNotifyUrl ?? null,
  },
  `sandbox acquirer listening on ${sandbox.url}`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
