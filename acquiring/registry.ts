// The acquirers configured at once, and which one a payment goes to. Adding one = a folder under acquiring/, its
// name in config/acquirer-routes.ts, a case in `createAdapter`, and the contract suite run against it (README.md).
import { ACQUIRER_NAMES, type AcquirerName, type AcquirerRoute } from '../config/acquirer-routes.js';
import type { Config } from '../config/config.js';
import { createCloudPaymentsProvider } from './cloudpayments/provider.js';
import { limitConcurrentRequests } from './concurrency-limit.js';
import type { PaymentProvider } from './provider.js';
import { createYooKassaProvider } from './yookassa/provider.js';

export type AcquiringConfig = Config['acquiring'];

export interface ProviderOverrides {
  /** Deadline per acquirer call; an expired one is an `unknown` outcome, settled later by a lookup. */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** Providers registered by name instead of (or besides) the built-in adapters, e.g. the memory provider in tests. */
  providers?: Readonly<Record<string, PaymentProvider>> | undefined;
}

export interface Acquirers {
  /** The default for new checkouts (ACQUIRER). */
  readonly defaultName: string;
  /** Every configured acquirer (ACQUIRERS). */
  all(): readonly PaymentProvider[];
  /** Throws AcquirerNotConfigured (type 'acquirer_not_configured') for a name not configured. */
  get(name: string): PaymentProvider;
  /** Where a new checkout goes: a per-plan or per-currency rule (ACQUIRER_ROUTES), else the default. */
  forCheckout(input: { planId: string; currency: string }): PaymentProvider;
}

/** A payment recorded with an acquirer that is not configured any more: never sent to another one instead. */
export class AcquirerNotConfigured extends Error {
  readonly type = 'acquirer_not_configured';
  constructor(readonly acquirer: string) {
    super(`The acquirer ${acquirer} is not configured (ACQUIRERS)`);
    this.name = 'AcquirerNotConfigured';
  }
}

const isAcquirerName = (name: string): name is AcquirerName => (ACQUIRER_NAMES as readonly string[]).includes(name);

function createAdapter(name: AcquirerName, config: AcquiringConfig, overrides: ProviderOverrides): PaymentProvider {
  const transport = (maxConcurrentRequests: number) => ({
    timeoutMs: overrides.timeoutMs,
    fetch: limitConcurrentRequests(overrides.fetch ?? fetch, maxConcurrentRequests),
  });
  switch (name) {
    case 'cloudpayments':
      return createCloudPaymentsProvider({
        ...config.cloudpayments,
        ...transport(config.cloudpayments.maxConcurrentRequests),
      });
    case 'yookassa':
      return createYooKassaProvider({ ...config.yookassa, ...transport(config.yookassa.maxConcurrentRequests) });
    default: {
      const unknown: never = name;
      throw new Error(`Unknown acquirer ${String(unknown)}`);
    }
  }
}

function providerNamed(name: string, config: AcquiringConfig, overrides: ProviderOverrides): PaymentProvider {
  const registered = overrides.providers?.[name];
  // Payments record `provider.name`: a provider registered under another name would strand them.
  if (registered && registered.name !== name) throw new Error(`Provider ${registered.name} registered as ${name}`);
  if (registered) return registered;
  if (isAcquirerName(name)) return createAdapter(name, config, overrides);
  throw new AcquirerNotConfigured(name);
}

/** Per plan first, then per currency, then the default. */
function routeOf(routes: readonly AcquirerRoute[], planId: string, currency: string): string | undefined {
  const byPlan = routes.find((r) => r.by === 'plan' && r.value === planId);
  const byCurrency = routes.find((r) => r.by === 'currency' && r.value === currency.toUpperCase());
  return (byPlan ?? byCurrency)?.acquirer;
}

export function createAcquirers(config: AcquiringConfig, overrides: ProviderOverrides = {}): Acquirers {
  const byName = new Map(config.names.map((name) => [name, providerNamed(name, config, overrides)]));
  const get = (name: string) => {
    const provider = byName.get(name);
    if (!provider) throw new AcquirerNotConfigured(name);
    return provider;
  };
  // The same checks as at configuration, for acquirers and routes given in code (tests).
  get(config.provider);
  for (const route of config.routes) get(route.acquirer);
  return {
    defaultName: config.provider,
    all: () => [...byName.values()],
    get,
    forCheckout: ({ planId, currency }) => get(routeOf(config.routes, planId, currency) ?? config.provider),
  };
}

/** The default acquirer alone, for callers that talk to one acquirer (benchmarks, the contract suite). */
export function createPaymentProvider(config: AcquiringConfig, overrides: ProviderOverrides = {}): PaymentProvider {
  return providerNamed(config.provider, config, overrides);
}
