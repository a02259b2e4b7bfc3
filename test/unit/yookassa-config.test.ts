// ACQUIRER=yookassa: the adapter's variables, their local defaults (the YooKassa sandbox), production's demands.
import { describe, expect, it } from 'vitest';
import { createPaymentProvider } from '../../acquiring/registry.js';
import { ConfigError, loadConfig } from '../../config/config.js';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-production-secret',
  JWT_ISSUER: 'https://auth.movix.example',
  JWT_AUDIENCE: 'movix-billing',
  CLOUDPAYMENTS_API_URL: 'https://api.cloudpayments.ru',
  CLOUDPAYMENTS_PUBLIC_ID: 'pk_real',
  CLOUDPAYMENTS_API_SECRET: 'real',
  THREE_DS_STATE_SECRET: 'a-real-production-3ds-state-key-32+',
  INBOX_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  ACQUIRER: 'yookassa',
};

describe('YooKassa configuration', () => {
  it('defaults to the local YooKassa sandbox shop, with no notification allowlist', () => {
    const config = loadConfig({ ACQUIRER: 'yookassa', SANDBOX_PORT: '9100', PUBLIC_BASE_URL: 'https://b.example' });
    expect(config.acquiring.provider).toBe('yookassa');
    expect(config.acquiring.yookassa).toEqual({
      apiUrl: 'http://localhost:9100/yookassa/v3',
      shopId: '100500',
      secretKey: 'test_sandbox_yookassa_secret',
      notificationIps: [],
      defaultReturnUrl: 'https://b.example',
      maxConcurrentRequests: 5,
    });
  });

  it('YOOKASSA_NOTIFICATION_IPS is a comma- or space-separated list; the registry builds the adapter with it', () => {
    const config = loadConfig({
      ACQUIRER: 'yookassa',
      YOOKASSA_NOTIFICATION_IPS: '185.71.76.0/27, 2a02:5180::/32 yookassa',
    });
    expect(config.acquiring.yookassa.notificationIps).toEqual(['185.71.76.0/27', '2a02:5180::/32', 'yookassa']);
    expect(createPaymentProvider(config.acquiring).name).toBe('yookassa');
    const typo = loadConfig({ ACQUIRER: 'yookassa', YOOKASSA_NOTIFICATION_IPS: '185.71.76.0/99' });
    expect(() => createPaymentProvider(typo.acquiring)).toThrow(/prefix/);
  });

  it('production with ACQUIRER=yookassa refuses the sandbox URL and key', () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/YOOKASSA_API_URL: must be set in production/);
    expect(() => loadConfig({ ...production, YOOKASSA_API_URL: 'http://localhost:8081/yookassa/v3' })).toThrow(
      /YOOKASSA_API_URL: must be an https URL/,
    );
    const real = { ...production, YOOKASSA_API_URL: 'https://api.yookassa.ru/v3' };
    expect(() => loadConfig(real)).toThrow(/YOOKASSA_SECRET_KEY: must be set in production/);
    expect(loadConfig({ ...real, YOOKASSA_SECRET_KEY: 'live_abc', YOOKASSA_SHOP_ID: '123' }).acquiring.provider).toBe(
      'yookassa',
    );
  });

  it('production with CloudPayments alone asks nothing of the YooKassa variables; with YooKassa among ACQUIRERS it does', () => {
    expect(loadConfig({ ...production, ACQUIRER: 'cloudpayments' }).acquiring.provider).toBe('cloudpayments');
    const both = { ...production, ACQUIRER: 'cloudpayments', ACQUIRERS: 'cloudpayments,yookassa' };
    expect(() => loadConfig(both)).toThrow(/YOOKASSA_API_URL: must be set in production/);
  });
});
