// TEMPORAL_API_KEY / TEMPORAL_TLS* → the options both Temporal connections are opened with, as envconfig maps them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { TemporalTlsFileError, temporalConnectionOptions } from '../../runtime/temporal-connection-options.js';
import { connectClient } from '../../runtime/temporal-connections.js';

const dir = mkdtempSync(join(tmpdir(), 'temporal-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const optionsFor = (env: Record<string, string>) =>
  temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'billing.a1b2c.tmprl.cloud:7233', ...env }).temporal);

describe('Temporal connection options from the environment', () => {
  it('with nothing set: the address only, plaintext, no API key (the dev server)', () => {
    expect(optionsFor({})).toEqual({ address: 'billing.a1b2c.tmprl.cloud:7233' });
  });

  it('an API key turns TLS on with the system CAs, unless TEMPORAL_TLS=false', () => {
    expect(optionsFor({ TEMPORAL_API_KEY: 'key-abc' })).toEqual({
      address: 'billing.a1b2c.tmprl.cloud:7233',
      apiKey: 'key-abc',
      tls: true,
    });
    expect(optionsFor({ TEMPORAL_API_KEY: 'key-abc', TEMPORAL_TLS: 'false' })).toMatchObject({
      apiKey: 'key-abc',
      tls: false,
    });
  });

  it('TEMPORAL_TLS=true alone: TLS with no client certificate and no CA of its own', () => {
    const { tls } = optionsFor({ TEMPORAL_TLS: 'true' });
    expect(tls).toEqual({
      serverNameOverride: undefined,
      serverRootCACertificate: undefined,
      clientCertPair: undefined,
    });
  });

  it('mTLS: the certificate, key and CA files are read into the options, with the server name', () => {
    const options = optionsFor({
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CLIENT CERT'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'CLIENT KEY'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'SERVER CA'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(options.tls).toEqual({
      serverNameOverride: 'temporal.internal',
      serverRootCACertificate: Buffer.from('SERVER CA'),
      clientCertPair: { crt: Buffer.from('CLIENT CERT'), key: Buffer.from('CLIENT KEY') },
    });
    expect(options).not.toHaveProperty('apiKey');
  });

  it('refuses a client certificate without its key, and TLS files while TEMPORAL_TLS=false', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/certs/client.pem' })).toThrow(
      /TEMPORAL_TLS_CLIENT_KEY_PATH: the client certificate and its key must be set together/,
    );
    expect(() => loadConfig({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/certs/ca.pem' })).toThrow(
      /TEMPORAL_TLS_SERVER_CA_CERT_PATH: is set while TEMPORAL_TLS=false/,
    );
  });

  it('a TLS file that cannot be read is an error naming the variable and the path, before any connection', async () => {
    const missing = join(dir, 'no-such-ca.pem');
    const config = loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_TLS_SERVER_CA_CERT_PATH: missing });
    const attempt = connectClient(config.temporal);
    await expect(attempt).rejects.toBeInstanceOf(TemporalTlsFileError);
    await expect(attempt).rejects.toThrow(`TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read ${missing} (ENOENT)`);
  });
});
