import type { ProviderCapabilities } from '../../../acquiring/provider.js';

/** Past the acquirer's own expiry, with room for its clock and the lookup. */
const MARGIN_MS = 60_000;

/**
 * How long a checkout waits for its payment. An acquirer that cannot cancel an unpaid payment (YooKassa) keeps it
 * payable for its own lifetime, so the checkout outlives it: the deadline's lookup then sees the payment's final state,
 * and a payer who pays late is never charged for a checkout that already expired.
 */
export function checkoutTtlMs(configuredMs: number, capabilities: ProviderCapabilities): number {
  if (capabilities.cancelLink || capabilities.linkLifetimeSeconds === undefined) return configuredMs;
  return Math.max(configuredMs, capabilities.linkLifetimeSeconds * 1000 + MARGIN_MS);
}
