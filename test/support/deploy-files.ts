// The deployment files read as the tools that use them read them: docker-compose.yml with its anchors merged and its
// `${VAR}` interpolated as compose does, `.env.example` as compose's env_file, the Dockerfile's ENV names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = join(import.meta.dirname, '../..');
export const repoFile = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[] | string;
  env_file?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test?: string[] | string };
  stop_grace_period?: string;
  restart?: string;
  ports?: string[];
  volumes?: string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

/** docker-compose.yml (or `text`) parsed with YAML merge keys (`<<: *anchor`), as compose reads them. */
export const loadCompose = (text = repoFile('docker-compose.yml')): ComposeFile => parse(text, { merge: true });

/** One `NAME=value` line of an env file; `commented` for `# NAME=value` (listed, not set). */
export interface EnvLine {
  name: string;
  value: string;
  commented: boolean;
}

export function parseEnvFile(text: string): EnvLine[] {
  const lines: EnvLine[] = [];
  for (const line of text.split('\n')) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) lines.push({ name: match[2] as string, value: match[3] as string, commented: match[1] !== undefined });
  }
  return lines;
}

/** What an env file sets (its uncommented lines). */
export const envFileValues = (lines: EnvLine[]): Record<string, string> =>
  Object.fromEntries(lines.filter((l) => !l.commented).map((l) => [l.name, l.value]));

export class ComposeInterpolationError extends Error {}

const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/**
 * Compose's interpolation: `${VAR}`, `${VAR:-default}` / `${VAR-default}`, `${VAR:?message}` (stops compose when
 * unset or empty), `$$` (a literal `$`).
 */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(INTERPOLATION, (_all, name: string | undefined, operator?: string, rest?: string) => {
    if (name === undefined) return '$';
    const set = vars[name];
    const missing = operator?.startsWith(':') ? !set : set === undefined;
    if (!missing) return set as string;
    if (operator?.endsWith('?')) throw new ComposeInterpolationError(`compose stops: ${name}: ${rest}`);
    return operator?.endsWith('-') ? (rest ?? '') : '';
  });
}

/** Every string of a parsed document interpolated (compose validates the file after this step). */
export function interpolateDeep<T>(node: T, vars: Record<string, string>): T {
  if (typeof node === 'string') return interpolate(node, vars) as T;
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, vars)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, vars)])) as T;
  }
  return node;
}

/** Names compose reads from the operator's environment (`${NAME…}` anywhere in the file). */
export const interpolatedNames = (text: string): Set<string> =>
  new Set([...text.matchAll(INTERPOLATION)].flatMap((m) => (m[1] ? [m[1]] : [])));

export const asList = (value: string[] | string | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The environment a billing container gets: its env_file (here `.env`, the operator's copy of `.env.example`), then
 * its `environment:` entries interpolated from the same file, which win.
 */
export function containerEnv(service: ComposeService, dotEnv: Record<string, string>): Record<string, string> {
  const explicit = Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''), dotEnv)]);
  return { ...dotEnv, ...Object.fromEntries(explicit) };
}

/** Variables a Dockerfile sets with ENV (any stage), e.g. `ENV A=1 B=2`. */
export const dockerfileEnvNames = (text: string): Set<string> =>
  new Set(
    text
      .split('\n')
      .filter((l) => /^\s*ENV\s/i.test(l))
      .flatMap((l) => [...l.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1] as string)),
  );
