import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger.js';
import { KNOWN_SECRETS_FILE } from '../support/log-capture.js';
import { scanLogDir, scanLogText } from '../support/log-scan.js';

const SECRET = 'scanner-test-secret-0123456789';
const jwt = await new SignJWT({ roles: ['admin'] })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject('u1')
  .setExpirationTime('5m')
  .sign(new TextEncoder().encode(SECRET));
const hmac = 'k7HVvQ0K3B1tJ8c3vJ1m4x0pZ2mR8u6vQnq1c9wX2yE=';
const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: 1718000000123, ...fields });

describe('log scanner', () => {
  const dirty: Array<[kind: string, text: string]> = [
    ['secret', line({ msg: `config ${SECRET}` })],
    ['jwt', line({ msg: 'verify failed', token: jwt })],
    ['bearer_credential', line({ headers: { authorization: 'Bearer abcdefghijklmnop.qrstu' } })],
    ['billing_signature', line({ sig: `t=1718000000,v1=${'ab'.repeat(32)}` })],
    ['content_hmac', line({ headers: { 'content-hmac': hmac } })],
    ['hmac_sha256_base64', line({ msg: `computed ${hmac}` })],
    ['card_token', line({ msg: 'charging tk_0123456789abcdef0123456789abcd' })],
    ['card_number', line({ body: 'CardNumber=4242424242424242' })],
    ['cryptogram', line({ packet: `014242424242301201${'A'.repeat(60)}` })],
  ];

  it.each(dirty)('finds a %s and names the file and line', (kind, text) => {
    const findings = scanLogText('api.log', `${line({ msg: 'clean' })}\n${text}\n`, [SECRET]);
    expect(findings.map((f) => f.kind)).toContain(kind);
    expect(findings.find((f) => f.kind === kind)).toMatchObject({ file: 'api.log', line: 2 });
  });

  it('shows where the value was, cut to its first characters, never the whole value', () => {
    const [finding] = scanLogText('a.log', line({ msg: `key ${SECRET}` }), [SECRET]);
    expect(finding?.excerpt).toContain('scanne…[30 chars]');
    expect(finding?.excerpt).not.toContain(SECRET);
  });

  const clean = [
    line({ msg: 'request', method: 'POST', path: '/v1/subscriptions', status: 201, ms: 12 }),
    line({ headers: { authorization: '[redacted]', 'content-hmac': '[redacted]' }, token: '[redacted]' }),
    line({ subscriptionId: 'sub_0f3a9c1b2d4e5f60718293a4', at: '2026-05-01T10:00:00.000Z', amount: 29900 }),
    line({ msg: 'Basic authentication to the acquirer failed', cardLastFour: '4242', firstSix: '424242' }),
  ];

  it.each(clean)('finds nothing in an ordinary line: %s', (text) => {
    expect(scanLogText('api.log', text, [SECRET])).toEqual([]);
  });
});

describe('log scanner over a capture directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-scan-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('redacted fields pass; a secret registered by a test and logged in a message fails the scan', async () => {
    writeFileSync(join(dir, KNOWN_SECRETS_FILE), `${SECRET}\n`);
    const logger = createLogger('silent', 'api', { file: join(dir, 'api.log'), fileLevel: 'debug' });
    logger.info({ headers: { authorization: `Bearer ${jwt}` }, token: 'tk_0123456789abcdef0123456789abcd' }, 'ok');
    expect(scanLogDir(dir)).toMatchObject({ files: 1, lines: 1, findings: [] });

    logger.error(`could not call the acquirer with ${SECRET}`);
    const { findings } = scanLogDir(dir);
    expect(findings.map((f) => [f.file, f.line, f.kind])).toEqual([['api.log', 2, 'secret']]);
  });
});
