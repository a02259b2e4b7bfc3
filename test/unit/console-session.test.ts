import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { refusalInWords } from '../../console/error-words.js';
import { consoleSettingsOf } from '../../console/mount-console.js';
import { csrfMatches, csrfTokenOf } from '../../console/session.js';

describe("operators' console: session and words", () => {
  it('the CSRF token matches only its own session token', () => {
    const token = csrfTokenOf('session-a');
    expect(csrfMatches('session-a', token)).toBe(true);
    expect(csrfMatches('session-b', token)).toBe(false);
    expect(csrfMatches('session-a', undefined)).toBe(false);
    expect(csrfMatches('session-a', `${token}x`)).toBe(false);
  });

  it.each([
    [{}, false, 'http://localhost:8233'],
    [
      { PUBLIC_BASE_URL: 'https://billing.example.test', TEMPORAL_UI_URL: 'https://temporal.example.test/' },
      true,
      'https://temporal.example.test',
    ],
  ])('settings %j: Secure cookies %s, workflow links to %s', (env, secure, ui) => {
    expect(consoleSettingsOf(loadConfig(env))).toEqual({
      secureCookies: secure,
      temporalUiUrl: ui,
      temporalNamespace: 'default',
    });
  });

  it.each([
    [
      403,
      'approval_requires_second_operator',
      'You requested this refund, so another operator must approve or reject it (four eyes).',
    ],
    [422, 'refund_exceeds_captured', 'The amount is more than what is left to refund on this payment.'],
    [503, 'something_new', 'The service could not do this just now; try again shortly.'],
    [409, 'something_new', 'The request was refused.'],
  ])('a %s %s reads as a sentence', (status, code, sentence) => {
    const words = refusalInWords({ ok: false, status, body: { error: { code, message: 'm' } } });
    expect(words).toEqual({ sentence, code, detail: 'm' });
  });
});
