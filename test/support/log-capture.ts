// Every log line the test run produces (the harness's API logger, Temporal's runtime logger in each test process,
// the local stack started by e2e tests) is also written under one per-run directory, scanned for secrets at the end.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Set by the global setup; child processes (the dev stack) inherit it. */
export const LOG_CAPTURE_ENV = 'BILLING_LOG_CAPTURE_DIR';
export const KNOWN_SECRETS_FILE = 'known-secrets.txt';

export function logCaptureDir(): string | undefined {
  return process.env[LOG_CAPTURE_ENV] || undefined;
}

/** A file of this run's capture for one logger of this process, or undefined when nothing is captured. */
export function captureFile(name: string): string | undefined {
  const dir = logCaptureDir();
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}-${process.pid}.log`);
}

/** What an `Authorization: Basic` header to the acquirer carries. */
export const basicCredential = (user: string, secret: string) => Buffer.from(`${user}:${secret}`).toString('base64');

/** Tells the end-of-run scan which secrets this test configured, so their appearance in any log fails the run. */
export function registerSecrets(...secrets: Array<string | undefined>) {
  const dir = logCaptureDir();
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  if (!dir || known.length === 0) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, KNOWN_SECRETS_FILE), `${known.join('\n')}\n`);
}
