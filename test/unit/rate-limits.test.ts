import { describe, expect, it } from 'vitest';
import { rateLimitKeyOf } from '../../api/client-ip.js';
import { loadConfig } from '../../config/config.js';

describe('rate limit settings', () => {
  it('are on by default, tight on checkout, medium on updates, looser per address, and trust no proxy header', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      enabled: true,
      trustedProxyHops: 0,
      buckets: {
        checkout: { perUser: 10, perIp: 50, windowSeconds: 3600 },
        update: { perUser: 20, perIp: 100, windowSeconds: 600 },
        operator: { perUser: 60, perIp: 120, windowSeconds: 600 },
      },
    });
  });

  it('refuse a zero limit or window and read RATE_LIMIT_ENABLED=false as off', () => {
    expect(() => loadConfig({ RATE_LIMIT_CHECKOUT_PER_USER: '0' })).toThrow(/RATE_LIMIT_CHECKOUT_PER_USER/);
    expect(() => loadConfig({ RATE_LIMIT_UPDATE_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_UPDATE_WINDOW_SECONDS/);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '-1' })).toThrow(/TRUST_PROXY_HOPS/);
    expect(loadConfig({ RATE_LIMIT_ENABLED: 'false' }).rateLimits.enabled).toBe(false);
  });
});

describe('rateLimitKeyOf', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:db8:aa:bb::7', '2001:db8:aa:bb::/64'],
    ['2001:0DB8:00aa:0bb::', '2001:db8:aa:bb::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['not-an-address', 'not-an-address'],
  ])('%s counts against %s', (address, key) => {
    expect(rateLimitKeyOf(address)).toBe(key);
  });
});
