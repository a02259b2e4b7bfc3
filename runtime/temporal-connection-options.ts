// The options both Temporal connections (the client's Connection and the worker's NativeConnection) are opened with:
// the address plus TLS and API key from TEMPORAL_* (config/temporal-connection.ts), mapped by @temporalio/envconfig
// so they mean what they mean to Temporal's own tools.
import { readFileSync } from 'node:fs';
import { type ClientConfigTLS, toClientOptions } from '@temporalio/envconfig';
import type { TemporalConnectionSettings } from '../config/temporal-connection.js';

/** A TLS file named in the settings cannot be read: the process must not start (nor fall back to plaintext). */
export class TemporalTlsFileError extends Error {
  readonly code = 'temporal_tls_file_unreadable';
  constructor(
    readonly variable: string,
    readonly path: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error && 'code' in cause ? String(cause.code) : String(cause);
    super(`${variable}: cannot read ${path} (${reason})`, { cause });
    this.name = 'TemporalTlsFileError';
  }
}

function read(variable: string, path: string | undefined): { data: Buffer } | undefined {
  if (!path) return undefined;
  try {
    return { data: readFileSync(path) };
  } catch (error) {
    throw new TemporalTlsFileError(variable, path, error);
  }
}

function tlsConfig(tls: TemporalConnectionSettings['tls']): ClientConfigTLS | undefined {
  if (tls === undefined) return undefined;
  if (tls === false) return { disabled: true };
  return {
    serverName: tls.serverName,
    clientCert: read('TEMPORAL_TLS_CLIENT_CERT_PATH', tls.clientCertPath),
    clientKey: read('TEMPORAL_TLS_CLIENT_KEY_PATH', tls.clientKeyPath),
    serverCACert: read('TEMPORAL_TLS_SERVER_CA_CERT_PATH', tls.serverCaCertPath),
  };
}

export interface TemporalConnectionTarget {
  address: string;
  transport: TemporalConnectionSettings;
}

/** Reads the TLS files now, so a missing one fails at startup with the variable that names it. */
export function temporalConnectionOptions(temporal: TemporalConnectionTarget) {
  const { connectionOptions } = toClientOptions({
    address: temporal.address,
    apiKey: temporal.transport.apiKey,
    tls: tlsConfig(temporal.transport.tls),
  });
  const { address, apiKey, tls } = connectionOptions;
  return {
    address: address ?? temporal.address,
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(tls !== undefined ? { tls } : {}),
  };
}
