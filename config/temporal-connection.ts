// How the API and the worker reach a managed or secured Temporal (Temporal Cloud, mTLS, an API key). The variable
// names and their meaning are those of Temporal's own environment configuration (@temporalio/envconfig), so the
// same values work for the `temporal` CLI: an API key implies TLS, TEMPORAL_TLS=false turns TLS off whatever else
// is set, a client certificate and its key come together.
import { z } from 'zod';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const filePath = z.string().min(1);

export const temporalConnectionVars = {
  /** Sent as `Authorization: Bearer …` (Temporal Cloud API keys); implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** true: TLS with the system's CAs unless a CA is given; false: plaintext even with an API key. */
  TEMPORAL_TLS: boolean.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: filePath.optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: filePath.optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: filePath.optional(),
  /** The name the server's certificate must carry when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
};

type TemporalConnectionEnv = {
  [K in keyof typeof temporalConnectionVars]?: z.infer<(typeof temporalConnectionVars)[K]>;
};

const TLS_DETAILS = [
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

export function temporalConnectionIssues(env: TemporalConnectionEnv, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (Boolean(env.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    const missing = env.TEMPORAL_TLS_CLIENT_CERT_PATH
      ? 'TEMPORAL_TLS_CLIENT_KEY_PATH'
      : 'TEMPORAL_TLS_CLIENT_CERT_PATH';
    issue(missing, 'the client certificate and its key must be set together (mTLS)');
  }
  if (env.TEMPORAL_TLS === false) {
    for (const name of TLS_DETAILS) if (env[name]) issue(name, 'is set while TEMPORAL_TLS=false turns TLS off');
  }
}

/** Where TLS material is read from; the files are read when connecting (runtime/temporal-connection-options.ts). */
export interface TemporalTlsFiles {
  clientCertPath?: string | undefined;
  clientKeyPath?: string | undefined;
  serverCaCertPath?: string | undefined;
  serverName?: string | undefined;
}

export interface TemporalConnectionSettings {
  apiKey: string | undefined;
  /** false: plaintext; undefined: TLS only if an API key is set (envconfig's rule); else TLS with these files. */
  tls: TemporalTlsFiles | false | undefined;
}

export function temporalConnectionSettings(env: TemporalConnectionEnv): TemporalConnectionSettings {
  const files: TemporalTlsFiles = {
    clientCertPath: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
    clientKeyPath: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
    serverCaCertPath: env.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    serverName: env.TEMPORAL_TLS_SERVER_NAME,
  };
  const detailed = Object.values(files).some(Boolean);
  const tls = env.TEMPORAL_TLS === false ? false : env.TEMPORAL_TLS || detailed ? files : undefined;
  return { apiKey: env.TEMPORAL_API_KEY, tls };
}
