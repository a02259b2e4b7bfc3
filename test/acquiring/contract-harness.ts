// What each provider's test file supplies to the contract suite.
import type { PaymentProvider, PaymentResult, WebhookRequest } from '../../acquiring/provider.js';

export interface ContractHarness {
  provider: PaymentProvider;
  cryptogram(cardNumber: string): Promise<string>;
  /** What the ACS posts back to TermUrl after the payer approved or failed 3-D Secure. */
  paRes(providerTransactionId: string, result: 'success' | 'fail'): Promise<string>;
  /** Pays a payment link as a payer would (3-D Secure approved). */
  payLink(url: string, cardNumber: string): Promise<void>;
  setTokenBehavior(token: string, reasonCode: number, times?: number): Promise<void>;
  /** timeout: processed but the answer is lost; server_error: HTTP 5xx; rate_limited: HTTP 429. */
  injectFault(fault: 'timeout' | 'server_error' | 'rate_limited'): Promise<void>;
  clearFaults(): Promise<void>;
  /** How many operations (payments and refunds) the acquirer's books hold for this invoice. */
  ledgerEntries(invoiceId: string): Promise<number>;
  /** A genuine, signed `pay` notification about this payment, in the given body format. */
  payNotification(payment: PaymentResult, format: 'form' | 'json'): Promise<WebhookRequest>;
}

export const CARDS = {
  success: '4000000000003055',
  success3ds: '4242424242424242',
  insufficient: '4000056655665556',
  insufficient3ds: '4012888888881881',
  tokenInsufficient: '4111111111111111',
} as const;
