import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../acquiring/memory/provider.js';
import { AcquirerNotConfigured, createAcquirers } from '../../acquiring/registry.js';
import { parseAcquirerRoutes } from '../../config/acquirer-routes.js';
import { ConfigError, loadConfig } from '../../config/config.js';

const memory = () => createMemoryProvider().provider;

/** The configured acquirers with `memory` registered besides CloudPayments, as a second acquirer would be. */
function twoAcquirers(routes: string, defaultName = 'cloudpayments') {
  const { acquiring } = loadConfig({ ACQUIRER_ROUTES: routes.replaceAll('memory', 'cloudpayments') });
  const config = {
    ...acquiring,
    provider: defaultName,
    names: ['cloudpayments', 'memory'],
    routes: parseAcquirerRoutes(routes).routes,
  };
  return createAcquirers(config, { providers: { memory: memory() } });
}

describe('acquirer configuration', () => {
  it('configures only ACQUIRER when ACQUIRERS is unset, with no routes', () => {
    const { acquiring } = loadConfig({});
    expect(acquiring.provider).toBe('cloudpayments');
    expect(acquiring.names).toEqual(['cloudpayments']);
    expect(acquiring.routes).toEqual([]);
  });

  it('reads ACQUIRERS as a list and ACQUIRER_ROUTES as plan and currency rules', () => {
    const { acquiring } = loadConfig({
      ACQUIRERS: ' cloudpayments , ',
      ACQUIRER_ROUTES: 'plan:annual=cloudpayments, currency:usd=cloudpayments',
    });
    expect(acquiring.names).toEqual(['cloudpayments']);
    expect(acquiring.routes).toEqual([
      { by: 'plan', value: 'annual', acquirer: 'cloudpayments' },
      { by: 'currency', value: 'USD', acquirer: 'cloudpayments' },
    ]);
  });

  it.each([
    [{ ACQUIRERS: 'cloudpayments,nowhere' }, /ACQUIRERS: nowhere is not an acquirer this build has/],
    [{ ACQUIRERS: 'cloudpayments,cloudpayments' }, /ACQUIRERS: names an acquirer twice/],
    [{ ACQUIRER: 'nowhere' }, /ACQUIRER: Invalid (input|option)/],
    [{ ACQUIRER_ROUTES: 'plan:annual=nowhere' }, /plan:annual goes to nowhere, which is not among ACQUIRERS/],
    [{ ACQUIRER_ROUTES: 'annual=cloudpayments' }, /ACQUIRER_ROUTES: not a rule/],
    [{ ACQUIRER_ROUTES: 'currency:RUBLE=cloudpayments' }, /not an ISO currency/],
    [{ ACQUIRER_ROUTES: 'plan:a=cloudpayments,plan:a=cloudpayments' }, /plan:a is routed twice/],
  ])('refuses %o at start', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(problem);
  });
});

describe('createAcquirers', () => {
  it('sends new checkouts to the default without a rule', () => {
    const acquirers = twoAcquirers('');
    expect(acquirers.defaultName).toBe('cloudpayments');
    expect(acquirers.forCheckout({ planId: 'monthly', currency: 'RUB' }).name).toBe('cloudpayments');
    expect(acquirers.all().map((p) => p.name)).toEqual(['cloudpayments', 'memory']);
  });

  it('routes by plan before currency, currency case-blind, and the rest to the default', () => {
    const acquirers = twoAcquirers('plan:annual=memory,currency:USD=memory,plan:promo=cloudpayments');
    expect(acquirers.forCheckout({ planId: 'annual', currency: 'RUB' }).name).toBe('memory');
    expect(acquirers.forCheckout({ planId: 'monthly', currency: 'usd' }).name).toBe('memory');
    expect(acquirers.forCheckout({ planId: 'promo', currency: 'USD' }).name).toBe('cloudpayments');
    expect(acquirers.forCheckout({ planId: 'monthly', currency: 'RUB' }).name).toBe('cloudpayments');
  });

  it('changing the default changes only where new checkouts go; every acquirer stays reachable by name', () => {
    const acquirers = twoAcquirers('', 'memory');
    expect(acquirers.forCheckout({ planId: 'monthly', currency: 'RUB' }).name).toBe('memory');
    expect(acquirers.get('cloudpayments').name).toBe('cloudpayments');
  });

  it('refuses a name that is not configured with a typed error, never falling back to the default', () => {
    const acquirers = twoAcquirers('');
    const error = (() => {
      try {
        acquirers.get('yookassa');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AcquirerNotConfigured);
    expect(error).toMatchObject({ type: 'acquirer_not_configured', acquirer: 'yookassa' });
  });

  it('refuses at creation a configured name with no adapter, a default or a route outside the list', () => {
    const { acquiring } = loadConfig({});
    expect(() => createAcquirers({ ...acquiring, names: ['cloudpayments', 'memory'] })).toThrow(AcquirerNotConfigured);
    expect(() => createAcquirers({ ...acquiring, provider: 'memory' })).toThrow(/memory is not configured/);
    const routes = parseAcquirerRoutes('currency:USD=memory').routes;
    expect(() => createAcquirers({ ...acquiring, routes })).toThrow(/memory is not configured/);
    const renamed = { ...memory(), name: 'other' };
    const names = ['cloudpayments', 'memory'];
    expect(() => createAcquirers({ ...acquiring, names }, { providers: { memory: renamed } })).toThrow(/registered as/);
  });
});
