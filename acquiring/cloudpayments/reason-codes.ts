import type { DeclineClass } from '../provider.js';

// CloudPayments decline codes (ReasonCode) with their retry class. Hard = "безусловно негативные" plus
// lost/stolen/pick-up and codes that need the cardholder (3DS, CVV, PAN, phone, terminal); soft = the
// "conditionally" and "temporarily negative" groups and transient network/issuer faults.
export const REASON_CODES = {
  5001: ['ReferToCardIssuer', 'hard'],
  5003: ['InvalidMerchant', 'hard'],
  5004: ['PickUpCard', 'hard'],
  5005: ['DoNotHonor', 'hard'],
  5006: ['Error', 'soft'],
  5007: ['PickUpCardSpecialConditions', 'hard'],
  5012: ['InvalidTransaction', 'hard'],
  5013: ['AmountError', 'soft'],
  5014: ['InvalidCardNumber', 'soft'],
  5015: ['NoSuchIssuer', 'hard'],
  5017: ['CustomerCancellation', 'hard'],
  5019: ['TransactionError', 'hard'],
  5030: ['FormatError', 'soft'],
  5031: ['BankNotSupportedBySwitch', 'hard'],
  5033: ['ExpiredCardPickup', 'hard'],
  5034: ['SuspectedFraud', 'hard'],
  5036: ['RestrictedCard', 'hard'],
  5041: ['LostCard', 'hard'],
  5043: ['StolenCard', 'hard'],
  5051: ['InsufficientFunds', 'soft'],
  5054: ['ExpiredCard', 'soft'],
  5055: ['InvalidPIN', 'soft'],
  5057: ['TransactionNotPermitted', 'hard'],
  5058: ['TransactionNotPermittedToCard', 'hard'],
  5059: ['SuspectedFraudDecline', 'hard'],
  5061: ['ExceedsApprovalAmount', 'soft'],
  5062: ['RestrictedCard2', 'hard'],
  5063: ['SecurityViolation', 'soft'],
  5065: ['ExceedWithdrawalFrequency', 'soft'],
  5082: ['IncorrectCVV', 'hard'],
  5091: ['Timeout', 'soft'],
  5092: ['CannotReachNetwork', 'soft'],
  5096: ['SystemError', 'soft'],
  5113: ['GatewayDoesNotSupportCard', 'hard'],
  5204: ['UnableToProcess', 'soft'],
  5206: ['AuthenticationFailed', 'hard'],
  5207: ['AuthenticationUnavailable', 'soft'],
  5300: ['AntiFraud', 'hard'],
  5303: ['AcquirerTerminalLimitsExceeded', 'soft'],
  5761: ['NoPhone', 'hard'],
  5762: ['InvalidPhone', 'hard'],
  5763: ['DifferentPhones', 'hard'],
  6025: ['CrossTerminalTokenRestriction', 'hard'],
  // Outcomes of our own reply to the Check notification.
  3001: ['InvalidInvoiceId', 'hard'],
  3002: ['InvalidAccountId', 'hard'],
  3003: ['InvalidAmount', 'hard'],
  3004: ['OutOfDate', 'hard'],
  3005: ['FormatError', 'soft'],
  3006: ['Unavailable', 'soft'],
  3007: ['UnableToConnect', 'soft'],
  3008: ['NotAccepted', 'hard'],
} as const satisfies Record<number, readonly [string, DeclineClass]>;

export type ReasonCode = keyof typeof REASON_CODES;

export function isKnownReasonCode(code: number): code is ReasonCode {
  return Object.hasOwn(REASON_CODES, code);
}
