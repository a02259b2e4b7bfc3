// What each provider's test file supplies to the contract suite: a new acquirer's adapter is proven by one harness.
import type {
  AuthenticationChallenge,
  NotificationRequest,
  PaymentProvider,
  PaymentResult,
} from '../../acquiring/provider.js';

/** Our return address as the contract hands it to `chargeCard`. */
export const RETURN_URL = 'https://billing.example/v1/payments/3ds/callback?state=contract';

/** The acquirer's test cards for the outcomes the suite provokes. */
export interface ContractCards {
  success: string;
  success3ds: string;
  insufficient: string;
  /** Absent: the acquirer's test shop has no card that asks for 3-D Secure and then lacks funds (YooKassa). */
  insufficient3ds?: string | undefined;
  /** Charges by card succeed; merchant-initiated charges with its token lack funds. */
  tokenInsufficient: string;
}

/** How the acquirer names a decline (`code`, and `reason` where it gives one) for each outcome the suite provokes. */
export interface ContractDeclines {
  authenticationFailed: { code: string; reason?: string };
  insufficientFunds: { code: string; reason?: string };
  hardTokenDecline: { code: string; reason?: string };
}

export interface ContractHarness {
  provider: PaymentProvider;
  cards: ContractCards;
  declines: ContractDeclines;
  /** The acquirer's single-use card packet for a test card, as the payer's browser would make it. */
  cryptogram(cardNumber: string): Promise<string>;
  /** Plays the payer at a challenge (approved or failed): everything that comes back to our return address. */
  authenticate(challenge: AuthenticationChallenge, result: 'success' | 'fail'): Promise<Record<string, string>>;
  /** Pays a payment link as a payer would (3-D Secure approved). */
  payLink(url: string, cardNumber: string): Promise<void>;
  /** The next `times` merchant-initiated charges with this token are declined hard (`declines.hardTokenDecline`). */
  declineTokenCharges(token: string, times: number): Promise<void>;
  /** timeout: processed but the answer is lost; server_error: HTTP 5xx; rate_limited: HTTP 429. */
  injectFault(fault: 'timeout' | 'server_error' | 'rate_limited'): Promise<void>;
  clearFaults(): Promise<void>;
  /** How many operations (payments and refunds) the acquirer's books hold for this invoice. */
  ledgerEntries(invoiceId: string): Promise<number>;
  /** The genuine notification the acquirer posts about this payment being captured or held. */
  paymentNotification(payment: PaymentResult): Promise<NotificationRequest>;
  /** That notification as a forger would alter it: another amount, the acquirer's signature (if any) not redone. */
  forge(request: NotificationRequest): NotificationRequest;
}

/** CloudPayments' documented test cards (the CloudPayments sandbox and the memory provider take them). */
export const CLOUDPAYMENTS_CARDS: ContractCards = {
  success: '4000000000003055',
  success3ds: '4242424242424242',
  insufficient: '4000056655665556',
  insufficient3ds: '4012888888881881',
  tokenInsufficient: '4111111111111111',
};

export const CLOUDPAYMENTS_DECLINES: ContractDeclines = {
  authenticationFailed: { code: '5206', reason: 'AuthenticationFailed' },
  insufficientFunds: { code: '5051', reason: 'InsufficientFunds' },
  hardTokenDecline: { code: '5005', reason: 'DoNotHonor' },
};
