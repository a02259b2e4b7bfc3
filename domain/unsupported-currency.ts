import { AppError } from './errors.js';

/** A price in a currency no configured acquirer takes: nobody could pay it, so it is refused before anything is written. */
export class UnsupportedCurrencyError extends AppError {
  constructor(currency: string, supported: readonly string[], path?: string) {
    super('unsupported_currency', `No configured acquirer accepts ${currency}`, 422, {
      currency,
      supported: [...supported],
      ...(path ? { fields: [{ path, message: `${currency} is not accepted by the configured acquirer` }] } : {}),
    });
  }
}

export function assertCurrencySupported(currency: string, supported: readonly string[], path?: string) {
  if (!supported.includes(currency)) throw new UnsupportedCurrencyError(currency, supported, path);
}
