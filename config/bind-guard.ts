// The local defaults (JWT secret, the sandbox's acquirer secret, the 3-D Secure state and inbox keys) are published in this repository: whoever reaches a
// process that still uses them can mint admin tokens or forge acquirer notifications. Such a process stays on loopback.
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import {
  LOCAL_INBOX_ENCRYPTION_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_THREE_DS_STATE_SECRET,
  SANDBOX_DEFAULT_API_SECRET,
  SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY,
} from './env-schema.js';
import { isLoopbackHost } from './network.js';

/** The API's variables that still hold a public default. */
export function apiPublicDefaults(
  config: Pick<Config, 'auth' | 'acquiring' | 'threeDsStateSecret' | 'inboxEncryptionKey'>,
): string[] {
  const names: string[] = [];
  if (config.auth.algorithm === 'HS256' && config.auth.jwtSecret === LOCAL_JWT_SECRET) names.push('JWT_SECRET');
  if (config.acquiring.cloudpayments.apiSecret === SANDBOX_DEFAULT_API_SECRET) names.push('CLOUDPAYMENTS_API_SECRET');
  if (config.threeDsStateSecret === LOCAL_THREE_DS_STATE_SECRET) names.push('THREE_DS_STATE_SECRET');
  if (config.inboxEncryptionKey === LOCAL_INBOX_ENCRYPTION_KEY) names.push('INBOX_ENCRYPTION_KEY');
  return names;
}

/**
 * The sandbox acquirer's: its CloudPayments API secret signs the notifications the API believes; its YooKassa shop
 * key lets anyone who reaches it make and refund payments in its ledger.
 */
export function sandboxPublicDefaults(apiSecret: string, yookassaSecretKey?: string): string[] {
  const names = apiSecret === SANDBOX_DEFAULT_API_SECRET ? ['SANDBOX_API_SECRET'] : [];
  if (yookassaSecretKey === SANDBOX_YOOKASSA_DEFAULT_SECRET_KEY) names.push('SANDBOX_YOOKASSA_SECRET_KEY');
  return names;
}

/**
 * Throws one ConfigError naming what to set when `host` is not loopback while `defaults` are in use. Applies in every
 * NODE_ENV (production already refuses the defaults themselves).
 */
export function assertSafeBind(what: string, hostVariable: string, host: string, defaults: string[]): void {
  if (defaults.length === 0 || isLoopbackHost(host)) return;
  throw new ConfigError([
    `${hostVariable}: refusing to serve the ${what} on ${host} (not a loopback interface) while ${defaults.join(', ')} ` +
      `still hold the public local defaults: set ${defaults.join(', ')} to secrets of your own, or leave ` +
      `${hostVariable} unset to listen on 127.0.0.1 only`,
  ]);
}
