// What each provider's test file supplies to the contract suite.
import type { Decline, PaymentProvider, PaymentResult, WebhookRequest } from '../../acquiring/provider.js';

type ExpectedDecline = Pick<Decline, 'code' | 'reason' | 'class'>;
/** The declines an acquirer reports for the suite's cards and forced token behaviour. */
export interface ContractDeclines {
  insufficientFunds: ExpectedDecline;
  authenticationFailed: ExpectedDecline;
  /** What `setTokenBehavior(token, 5005)` makes a token charge report (hard). */
  forcedHard: ExpectedDecline;
}
export const CLOUDPAYMENTS_DECLINES: ContractDeclines = {
  insufficientFunds: { code: '5051', reason: 'InsufficientFunds', class: 'soft' },
  authenticationFailed: { code: '5206', reason: 'AuthenticationFailed', class: 'hard' },
  forcedHard: { code: '5005', reason: 'DoNotHonor', class: 'hard' },
};

/** What the suite checks differently per acquirer. Default: CloudPayments' (signed notifications, cancellable links). */
export interface ContractTraits {
  signedNotifications: boolean;
  cancelLink: boolean;
}

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
  /** The acquirer's own test card playing the role of one of CARDS (default: that card itself). */
  cardNumber?(suiteCard: string): string;
  /** Default CLOUDPAYMENTS_DECLINES. */
  declines?: ContractDeclines | undefined;
  /** Called once a card's charge saved a token (an acquirer whose token behaviour lives on the saved card sets it here). */
  tokenSaved?(cardNumber: string, token: string): Promise<void>;
}

export const CARDS = {
  success: '4000000000003055',
  success3ds: '4242424242424242',
  insufficient: '4000056655665556',
  insufficient3ds: '4012888888881881',
  tokenInsufficient: '4111111111111111',
} as const;
