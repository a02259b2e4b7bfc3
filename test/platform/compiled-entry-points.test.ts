// The production image's entry points (README "Production image"): `npm run build`'s JavaScript run by node alone,
// the worker on the pre-built workflow bundle, against the run's Temporal dev server and PostgreSQL; then SIGTERM.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_JWT_SECRET } from '../../config/config.js';
import { buildCompiled, type CompiledBuild } from '../support/compiled-build.js';
import { type EntryProcess, startEntry } from '../support/entry-process.js';
import { freePort } from '../support/free-port.js';
import { createFreshDatabase } from '../support/fresh-database.js';
import { body } from '../support/http.js';
import { captureFile } from '../support/log-capture.js';

const GRACE_SECONDS = 5;
let build: CompiledBuild;
let database: Awaited<ReturnType<typeof createFreshDatabase>>;
const running: EntryProcess[] = [];

beforeAll(async () => {
  [build, database] = await Promise.all([buildCompiled('entry-points'), createFreshDatabase()]);
}, 240_000);
afterAll(async () => {
  for (const p of running) await p.stop();
  await database?.drop();
  build?.remove();
});

function start(entry: 'api' | 'worker' | 'sandbox', env: Record<string, string>, args: string[] = []) {
  const p = startEntry(build.entry(entry), args, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    LOG_FILE: captureFile(`compiled-${entry}`) ?? '',
    SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    ...env,
  });
  running.push(p);
  return p;
}

/** Polls until `url` answers 2xx, failing early if `p` exits. */
async function untilServing(p: EntryProcess, url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`exited ${p.child.exitCode} before serving ${url}:\n${p.output()}`);
    const answer = await fetch(url).catch(() => undefined);
    if (answer?.ok) return answer;
    if (Date.now() > deadline) throw new Error(`${url} not served within ${timeoutMs} ms:\n${p.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** SIGTERM, then the exit code and how long it took. */
async function terminate(p: EntryProcess): Promise<{ code: number; ms: number }> {
  const began = Date.now();
  p.child.kill('SIGTERM');
  const code = await p.exited;
  return { code, ms: Date.now() - began };
}

describe('the compiled entry points (node dist/…/main.js)', () => {
  it('npm run build lays out dist/ like the sources, with the migrations and the workflow bundle', () => {
    for (const file of ['api/main.js', 'worker/main.js', 'sandbox/main.js', 'workflow-bundle.js']) {
      expect(existsSync(join(build.dir, file)), file).toBe(true);
    }
    expect(existsSync(join(build.dir, 'db/migrations/meta/_journal.json'))).toBe(true);
    expect(existsSync(join(build.dir, 'test'))).toBe(false);
  });

  it('imports only production dependencies (the image installs npm ci --omit=dev), never tsx', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const imported = new Set<string>();
    for (const file of readdirSync(build.dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js') || file === 'workflow-bundle.js') continue;
      const code = readFileSync(join(build.dir, file), 'utf8');
      const statements =
        /^(?:import|export)\b[^;]*?from '([^'.][^']*)';$|^import '([^'.][^']*)';$|\bimport\('([^'.][^']*)'\)/gms;
      for (const match of code.matchAll(statements)) {
        const spec = match[1] ?? match[2] ?? match[3];
        if (spec?.startsWith('node:')) continue;
        const parts = (spec ?? '').split('/');
        imported.add(spec?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !allowed.has(name))).toEqual([]);
    expect(imported.has('tsx')).toBe(false);
  });

  it('API and worker answer a probe round trip (API → workflow → activity → PostgreSQL), then exit 0 on SIGTERM', async () => {
    const taskQueue = `compiled-${randomUUID()}`;
    const common = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
    };
    const worker = start('worker', { ...common, WORKER_WORKFLOW_BUNDLE: join(build.dir, 'workflow-bundle.js') });
    const port = await freePort();
    const api = start('api', { ...common, PORT: String(port) });
    expect(await worker.until(/worker running/, 90_000), worker.output()).toBe('matched');
    await untilServing(api, `http://127.0.0.1:${port}/ready`, 90_000);

    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('operator-compiled')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
    const created = await fetch(`http://127.0.0.1:${port}/v1/admin/probes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const probe = await body(created);
    expect(created.status, JSON.stringify(probe)).toBe(201);
    expect(probe).toMatchObject({ status: 'completed', requestedBy: 'operator-compiled' });
    expect(probe.workerIdentity).toMatch(new RegExp(`^${worker.child.pid}@`));

    const [apiStop, workerStop] = await Promise.all([terminate(api), terminate(worker)]);
    expect(apiStop.code, api.output()).toBe(0);
    expect(workerStop.code, worker.output()).toBe(0);
    for (const { ms } of [apiStop, workerStop]) expect(ms).toBeLessThan((GRACE_SECONDS + 5) * 1000);
  }, 240_000);

  it('the compiled sandbox acquirer serves', async () => {
    const port = await freePort();
    const sandbox = start('sandbox', {}, ['--port', String(port)]);
    const answer = await untilServing(sandbox, `http://127.0.0.1:${port}/_sandbox/faults`, 60_000);
    expect(answer.status).toBe(200);
    expect((await terminate(sandbox)).code).toBe(0);
  }, 90_000);

  it('a compiled worker whose Temporal CA file is missing exits 1 naming the variable and the path', async () => {
    const missing = join(build.dir, 'no-such-ca.pem');
    const worker = start('worker', {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: missing,
    });
    expect(await worker.until(/never matches/, 60_000)).toBe(1);
    expect(worker.output()).toContain(
      `Startup failed: TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read ${missing} (ENOENT)`,
    );
  }, 90_000);
});
