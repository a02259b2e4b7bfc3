// Picks the acquirer named by configuration. Adding one = a folder under acquiring/, a case here, and the
// contract suite run against it (see acquiring/README.md).
import type { Config } from '../config/config.js';
import { createCloudPaymentsProvider } from './cloudpayments/provider.js';
import type { PaymentProvider } from './provider.js';
import { createYooKassaProvider } from './yookassa/provider.js';

export type AcquiringConfig = Config['acquiring'];

export interface ProviderOverrides {
  /** Deadline per acquirer call; an expired one is an `unknown` outcome, settled later by a lookup. */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export function createPaymentProvider(config: AcquiringConfig, overrides: ProviderOverrides = {}): PaymentProvider {
  switch (config.provider) {
    case 'cloudpayments':
      return createCloudPaymentsProvider({ ...config.cloudpayments, ...overrides });
    case 'yookassa':
      // Speaks the neutral contract of issue 13 (NeutralPaymentProvider); the cast goes once provider.ts is that contract.
      return createYooKassaProvider({ ...config.yookassa, ...overrides }) as unknown as PaymentProvider;
    default: {
      const unknown: never = config.provider;
      throw new Error(`Unknown acquirer ${String(unknown)}`);
    }
  }
}
