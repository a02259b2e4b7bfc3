// Every operation the sandbox processed: the ground truth tests read through /_sandbox/transactions.
import type { TransactionStatus } from '../acquiring/cloudpayments/schemas.js';
import { readReceipt, type SandboxReceipt } from './receipts.js';

export interface SandboxTransaction {
  id: number;
  kind: 'payment' | 'refund';
  publicId: string;
  amount: number;
  currency: string;
  invoiceId: string | null;
  accountId: string | null;
  description: string | null;
  email: string | null;
  jsonData: string | null;
  ipAddress: string | null;
  name: string | null;
  status: TransactionStatus;
  reasonCode: number;
  reason: string;
  cardHolderMessage: string | null;
  firstSix: string | null;
  lastFour: string | null;
  expDate: string | null;
  cardType: string | null;
  token: string | null;
  twoStage: boolean;
  trInitiatorCode: number | null;
  originalTransactionId: number | null;
  refundedAmount: number;
  createdAt: Date;
  authAt: Date | null;
  confirmAt: Date | null;
  authCode: string | null;
  rrn: string | null;
  orderId: string | null;
  /** X-Request-ID of the call that created it. */
  requestId: string | null;
  paReq: string | null;
  /** The receipt (54-FZ) sent with the operation, read from its JsonData; for a hold, the one sent with its confirm. */
  receipt: SandboxReceipt | null;
  /** What CloudKassir would refuse in it (a total that is not the operation's, no contact…); null when all is well. */
  receiptProblem: string | null;
}

export const STATUS_CODES: Record<TransactionStatus, number> = {
  AwaitingAuthentication: 1,
  Authorized: 2,
  Completed: 3,
  Cancelled: 4,
  Declined: 5,
};

const msDate = (d: Date | null) => (d ? `/Date(${d.getTime()})/` : null);
const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 19) : null);

/**
 * Transaction ids continue from the start time (ms since the epoch), like the real acquirer's ever-growing numbers:
 * a restarted sandbox never reuses an id our database already holds, and two sandboxes rarely share one.
 */
export function createLedger(firstId = Date.now()) {
  const transactions = new Map<number, SandboxTransaction>();
  let nextId = firstId;
  return {
    /** The receipt is always read from this operation's own JsonData (a refund's is not its payment's). */
    add(fields: Omit<SandboxTransaction, 'id' | 'receipt' | 'receiptProblem'>): SandboxTransaction {
      const tx = { ...fields, ...readReceipt(fields.jsonData, fields.amount), id: nextId++ };
      transactions.set(tx.id, tx);
      return tx;
    },
    get: (id: number) => transactions.get(id),
    all: () => [...transactions.values()],
    /** The latest operation for an invoice; v1 looks at payments only, v2 at refunds too. */
    latestForInvoice(invoiceId: string, includeRefunds: boolean) {
      return [...transactions.values()]
        .filter((t) => t.invoiceId === invoiceId && (includeRefunds || t.kind === 'payment'))
        .at(-1);
    },
  };
}
export type Ledger = ReturnType<typeof createLedger>;

/** The CloudPayments `Transaction` model. */
export function transactionModel(tx: SandboxTransaction) {
  return {
    ReasonCode: tx.reasonCode,
    PublicId: tx.publicId,
    TerminalUrl: 'http://sandbox.local',
    TransactionId: tx.id,
    Amount: tx.amount,
    Currency: tx.currency,
    CurrencyCode: 0,
    PaymentAmount: tx.amount,
    PaymentCurrency: tx.currency,
    PaymentCurrencyCode: 0,
    InvoiceId: tx.invoiceId,
    AccountId: tx.accountId,
    Email: tx.email,
    Description: tx.description,
    JsonData: tx.jsonData,
    CreatedDate: msDate(tx.createdAt),
    CreatedDateIso: isoDate(tx.createdAt),
    AuthDate: msDate(tx.authAt),
    AuthDateIso: isoDate(tx.authAt),
    ConfirmDate: msDate(tx.confirmAt),
    ConfirmDateIso: isoDate(tx.confirmAt),
    PayoutDate: null,
    PayoutDateIso: null,
    PayoutAmount: null,
    AuthCode: tx.authCode,
    TestMode: true,
    Rrn: tx.rrn,
    OriginalTransactionId: tx.originalTransactionId,
    FallBackScenarioDeclinedTransactionId: null,
    IpAddress: tx.ipAddress,
    IpCountry: 'RU',
    IpCity: null,
    IpRegion: null,
    IpDistrict: null,
    IpLatitude: null,
    IpLongitude: null,
    CardFirstSix: tx.firstSix,
    CardLastFour: tx.lastFour,
    CardExpDate: tx.expDate,
    CardType: tx.cardType,
    CardProduct: null,
    CardCategory: null,
    EscrowAccumulationId: null,
    IssuerBankCountry: 'RU',
    Issuer: 'CloudPayments',
    CardTypeCode: 0,
    Status: tx.status,
    StatusCode: STATUS_CODES[tx.status],
    CultureName: 'ru',
    Reason: tx.reason,
    CardHolderMessage: tx.cardHolderMessage,
    Type: tx.kind === 'refund' ? 1 : 0,
    Refunded: tx.kind === 'payment' && tx.refundedAmount > 0,
    Name: tx.name,
    Token: tx.token,
    SubscriptionId: null,
    GatewayName: 'Test',
    AndroidPay: false,
    WalletType: '',
    TotalFee: 0,
    TrInitiatorCode: tx.trInitiatorCode,
  };
}
