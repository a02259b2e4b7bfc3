// One Schemathesis run against a running API's OpenAPI document, as one caller (a bearer token).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What every response must satisfy: no 5xx, and status, content type and body as the document says. */
export const FUZZ_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
] as const;

/**
 * Strings drawn now and then in place of generated ones, anywhere a string goes: Hypothesis rarely makes a NUL on its
 * own, and a NUL reaching a query was the 500 this run first found (see api/text-guard.ts).
 */
const HOSTILE_STRINGS = ['\u0000', 'a\u0000b'];
const HOSTILE_PROBABILITY = 0.1;

/** A config file (TOML accepts JSON's string escapes) binding every generated string to HOSTILE_STRINGS now and then. */
function writeConfig(dir: string): string {
  const file = join(dir, 'schemathesis.toml');
  const values = HOSTILE_STRINGS.map((v) => JSON.stringify(v)).join(', ');
  writeFileSync(
    file,
    `[dictionaries.hostile]\nvalues = [${values}]\n\n[generation]\n` +
      `dictionaries = { string = { dictionary = "hostile", probability = ${HOSTILE_PROBABILITY} } }\n`,
  );
  return file;
}

export interface FuzzOptions {
  /** The `st` executable (see schemathesis-venv.mjs). */
  st: string;
  apiUrl: string;
  token: string;
  /** Names the caller in the output, e.g. `admin`. */
  label: string;
  maxExamples: number;
  /** Instead of FUZZ_CHECKS, e.g. `all` to also try negative data rejection, unsupported methods and the like. */
  checks?: string | undefined;
  /** Fixed for a reproducible set of cases; absent, Schemathesis picks one and prints it. */
  seed?: string | undefined;
  /** Stops the run after this many seconds of fuzzing. */
  maxTimeSeconds?: number | undefined;
}

export interface FuzzResult {
  label: string;
  passed: boolean;
  exitCode: number | null;
  seconds: number;
  /** Schemathesis' summary lines (operations, test cases, failures, seed). */
  summary: string;
  /** Its whole output, for the failures' details and the curl lines that reproduce them. */
  output: string;
}

/** Runs `st run`; never blocks the event loop, so it can fuzz an API served from this same process. */
export function runSchemathesis(options: FuzzOptions): Promise<FuzzResult> {
  const configDir = mkdtempSync(join(tmpdir(), 'billing-schemathesis-'));
  const args = [
    '--config-file',
    writeConfig(configDir),
    'run',
    `${options.apiUrl}/openapi.json`,
    '--checks',
    options.checks ?? FUZZ_CHECKS.join(','),
    '--header',
    `Authorization: Bearer ${options.token}`,
    '--max-examples',
    String(options.maxExamples),
    '--workers',
    '1',
    '--suppress-health-check',
    'all',
    '--output-sanitize',
    'true',
    ...(options.seed === undefined ? [] : ['--seed', String(options.seed)]),
    ...(options.maxTimeSeconds === undefined ? [] : ['--max-time', String(options.maxTimeSeconds)]),
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.st, args, {
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', (error) => {
      rmSync(configDir, { recursive: true, force: true });
      reject(error);
    });
    child.once('close', (exitCode) => {
      rmSync(configDir, { recursive: true, force: true });
      resolve({
        label: options.label,
        passed: exitCode === 0,
        exitCode,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        summary: summaryOf(output),
        output,
      });
    });
  });
}

/** Schemathesis' closing summary: operations, phases, failures and errors, warnings, test cases, seed. */
function summaryOf(output: string): string {
  const start = output.lastIndexOf('API Operations:');
  const tail = start < 0 ? output.trim().split('\n').slice(-15).join('\n') : output.slice(start).trim();
  // Schemathesis closes as pytest does ("==== 4 warnings in 22.05s ===="); inside our test log a reader would take
  // that for the whole run's closing line, so the rulers go.
  return tail.replace(/^=+ (.*?) =+$/gm, '$1');
}
