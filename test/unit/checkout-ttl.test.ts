import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../acquiring/provider.js';
import { checkoutTtlMs } from '../../api/routes/subscriptions/checkout-ttl.js';

const base = { cancelLink: true } as ProviderCapabilities;
const THIRTY_MINUTES = 30 * 60_000;

describe('how long a checkout waits for its payment', () => {
  it('is the configured time where the acquirer can cancel an unpaid link', () => {
    expect(checkoutTtlMs(THIRTY_MINUTES, base)).toBe(THIRTY_MINUTES);
    expect(checkoutTtlMs(THIRTY_MINUTES, { ...base, linkLifetimeSeconds: 3600 })).toBe(THIRTY_MINUTES);
  });

  it("outlives an uncancellable payment's own lifetime by a minute, so the deadline's lookup sees its final state", () => {
    const yookassa = { ...base, cancelLink: false, linkLifetimeSeconds: 3600 };
    expect(checkoutTtlMs(THIRTY_MINUTES, yookassa)).toBe(61 * 60_000);
    expect(checkoutTtlMs(2 * 3600_000, yookassa)).toBe(2 * 3600_000);
  });

  it('is the configured time where the acquirer does not say how long its links live', () => {
    expect(checkoutTtlMs(THIRTY_MINUTES, { ...base, cancelLink: false })).toBe(THIRTY_MINUTES);
  });
});
