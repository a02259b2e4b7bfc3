// The end-of-run check that no log line carries a secret, a bearer token, a signature, a card token or card data.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LOCAL_INBOX_ENCRYPTION_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_THREE_DS_STATE_SECRET,
  SANDBOX_DEFAULT_API_SECRET,
  SANDBOX_DEFAULT_PUBLIC_ID,
} from '../../config/config.js';
import { basicCredential, KNOWN_SECRETS_FILE } from './log-capture.js';

export interface LogFinding {
  file: string;
  line: number;
  kind: string;
  /** The line, with the offending text cut to its first characters. */
  excerpt: string;
}

/** The test cards of `sandbox/` and of the CloudPayments documentation that tests use. */
export const TEST_CARD_NUMBERS = [
  '4000000000003055',
  '5205000000003055',
  '4242424242424242',
  '4000056655665556',
  '4111111111111111',
  '5555555555554444',
];

const PATTERNS: Array<[kind: string, pattern: RegExp]> = [
  ['jwt', /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g],
  ['bearer_credential', /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/g],
  ['billing_signature', /t=\d{9,},v1=[0-9a-f]{64}/g],
  ['content_hmac', /content-hmac["']?\s*[:=]\s*["']?(?!\[redacted\])[A-Za-z0-9+/]{20,}={0,2}/gi],
  // A bare base64 HMAC-SHA256 (32 bytes): what Content-HMAC carries.
  ['hmac_sha256_base64', /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=(?![A-Za-z0-9+/=])/g],
  ['card_token', /\btk_[0-9a-f]{30}\b/g],
  ['cryptogram', /\b01\d{14}01[A-Za-z0-9+/]{40,}/g],
];

const mask = (line: string, found: string) => line.replace(found, `${found.slice(0, 6)}…[${found.length} chars]`);

/** Every finding in one log file's text. `secrets` are literal values that must never appear. */
export function scanLogText(file: string, text: string, secrets: readonly string[]): LogFinding[] {
  const findings: LogFinding[] = [];
  const literals: Array<[string, string]> = [
    ...secrets.filter((s) => s.length >= 8).map((s): [string, string] => ['secret', s]),
    ...TEST_CARD_NUMBERS.map((n): [string, string] => ['card_number', n]),
  ];
  text.split('\n').forEach((line, index) => {
    const report = (kind: string, found: string) =>
      findings.push({ file, line: index + 1, kind, excerpt: mask(line, found).slice(0, 300) });
    for (const [kind, literal] of literals) if (line.includes(literal)) report(kind, literal);
    for (const [kind, pattern] of PATTERNS) for (const m of line.matchAll(pattern)) report(kind, m[0]);
  });
  return findings;
}

/** The secrets every run knows (local defaults, the environment's) plus those tests registered. */
export function knownSecrets(dir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const registered = existsSync(join(dir, KNOWN_SECRETS_FILE))
    ? readFileSync(join(dir, KNOWN_SECRETS_FILE), 'utf8').split('\n')
    : [];
  const fromEnv = [
    'JWT_SECRET',
    'THREE_DS_STATE_SECRET',
    'THREE_DS_STATE_SECRET_PREVIOUS',
    'INBOX_ENCRYPTION_KEY',
    'CLOUDPAYMENTS_API_SECRET',
    'SANDBOX_API_SECRET',
    'EVENTS_SECRET',
  ].map((k) => env[k]);
  const all = [
    LOCAL_JWT_SECRET,
    LOCAL_THREE_DS_STATE_SECRET,
    LOCAL_INBOX_ENCRYPTION_KEY,
    SANDBOX_DEFAULT_API_SECRET,
    basicCredential(SANDBOX_DEFAULT_PUBLIC_ID, SANDBOX_DEFAULT_API_SECRET),
    ...fromEnv,
    ...registered,
  ];
  return [...new Set(all.filter((s): s is string => !!s && s.length >= 8))];
}

export interface ScanReport {
  files: number;
  lines: number;
  findings: LogFinding[];
}

/** Scans every `.log` file of the run's capture directory. */
export function scanLogDir(dir: string): ScanReport {
  const secrets = knownSecrets(dir);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.log')) : [];
  let lines = 0;
  const findings = files.flatMap((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    lines += text.split('\n').length - 1;
    return scanLogText(f, text, secrets);
  });
  return { files: files.length, lines, findings };
}

export function describeFindings(findings: readonly LogFinding[]): string {
  const shown = findings.slice(0, 50).map((f) => `  ${f.file}:${f.line} [${f.kind}] ${f.excerpt}`);
  const more = findings.length > shown.length ? [`  … and ${findings.length - shown.length} more`] : [];
  return [`${findings.length} secret(s) found in the test run's logs:`, ...shown, ...more].join('\n');
}
