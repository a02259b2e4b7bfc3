import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger.js';
import { temporalLogger } from '../../observability/temporal-logger.js';

describe("Temporal's log lines through pino", () => {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-logger-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['INFO', 'worker', 20],
    ['INFO', 'core', 20],
    ['INFO', undefined, 20],
    ['INFO', 'activity', 30],
    ['INFO', 'workflow', 30],
    ['DEBUG', 'activity', 10],
    ['WARN', 'worker', 40],
    ['ERROR', 'core', 50],
  ] as const)('an SDK %s line from %s is written at pino level %i', (level, sdkComponent, pinoLevel) => {
    const file = join(dir, `${level}-${sdkComponent}.log`);
    temporalLogger(createLogger('silent', 'temporal', { file, fileLevel: 'trace' })).log(level, 'a line', {
      sdkComponent,
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ level: pinoLevel, msg: 'a line', name: 'temporal' });
  });

  it('keeps an error’s message and stack, names the interceptors’ trace ids like every other line, drops secrets', () => {
    const file = join(dir, 'fields.log');
    const error = new Error('connection refused');
    temporalLogger(createLogger('silent', 'temporal', { file, fileLevel: 'debug' })).warn('failed', {
      error,
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      trace_flags: '01',
      token: 'tk_must_not_appear',
    });
    const line = JSON.parse(readFileSync(file, 'utf8'));
    expect(line).toMatchObject({
      level: 40,
      error: { name: 'Error', message: 'connection refused', stack: expect.stringContaining('connection refused') },
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      token: '[redacted]',
    });
    expect(line).not.toHaveProperty('trace_id');
    expect(line).not.toHaveProperty('trace_flags');
  });
});
