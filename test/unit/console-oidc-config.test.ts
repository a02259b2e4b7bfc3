import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
};

const both = { CONSOLE_OIDC_ISSUER: 'https://login.movix.example', CONSOLE_OIDC_CLIENT_ID: 'movix-billing' };

describe("the console's OIDC sign-in settings", () => {
  it('is off when neither issuer nor client id is set', () => {
    expect(loadConfig({}).console.oidc).toBeUndefined();
  });

  it('is on with both, its redirect URI under PUBLIC_BASE_URL, the default scopes and the issuer host as name', () => {
    const config = loadConfig({ ...both, PUBLIC_BASE_URL: 'https://billing.movix.example/' });
    expect(config.console.oidc).toEqual({
      issuer: 'https://login.movix.example',
      clientId: 'movix-billing',
      clientSecret: undefined,
      scopes: 'openid profile email',
      providerName: 'login.movix.example',
      redirectUri: 'https://billing.movix.example/console/oidc/callback',
      allowHttp: true,
    });
  });

  it.each([
    [{ CONSOLE_OIDC_ISSUER: both.CONSOLE_OIDC_ISSUER }, 'CONSOLE_OIDC_CLIENT_ID: is required when CONSOLE_OIDC_ISSUER'],
    [{ CONSOLE_OIDC_CLIENT_ID: 'x' }, 'CONSOLE_OIDC_ISSUER: is required when CONSOLE_OIDC_CLIENT_ID'],
    [{ CONSOLE_OIDC_CLIENT_SECRET: 's3cret' }, 'CONSOLE_OIDC_ISSUER: is required when CONSOLE_OIDC_CLIENT_SECRET'],
  ])('refuses a half-set sign-in, naming the missing variable: %o', (env, message) => {
    expect(problems(env)).toEqual([expect.stringContaining(message)]);
  });

  it('refuses scopes without openid and an issuer other than JWT_ISSUER', () => {
    expect(problems({ ...both, CONSOLE_OIDC_SCOPES: 'profile email' })).toEqual([
      'CONSOLE_OIDC_SCOPES: must include openid (the sign-in needs an ID token)',
    ]);
    expect(problems({ ...both, JWT_ISSUER: 'https://auth.movix.example' })).toEqual([
      expect.stringMatching(/^CONSOLE_OIDC_ISSUER: must equal JWT_ISSUER \(https:\/\/auth\.movix\.example\)/),
    ]);
  });

  it('in production wants an https issuer and PUBLIC_BASE_URL', () => {
    const found = problems({ NODE_ENV: 'production', ...both, CONSOLE_OIDC_ISSUER: 'http://login.movix.example' });
    expect(found).toEqual(
      expect.arrayContaining([
        'CONSOLE_OIDC_ISSUER: must be https in production',
        expect.stringMatching(/^PUBLIC_BASE_URL: must be set when CONSOLE_OIDC_ISSUER is/),
      ]),
    );
  });
});
