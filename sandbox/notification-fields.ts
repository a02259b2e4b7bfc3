// Notification parameters per kind, built from a ledger transaction (CloudPayments field names).
import type { SandboxTransaction } from './ledger.js';
import type { NotificationFields } from './notifier.js';

const pad = (n: number) => String(n).padStart(2, '0');
export function notificationDateTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const money = (amount: number) => amount.toFixed(2);

function common(tx: SandboxTransaction, amount = tx.amount): NotificationFields {
  return {
    TransactionId: tx.id,
    Amount: money(amount),
    Currency: tx.currency,
    PaymentAmount: money(amount),
    PaymentCurrency: tx.currency,
    DateTime: notificationDateTime(new Date()),
    CardFirstSix: tx.firstSix,
    CardLastFour: tx.lastFour,
    CardType: tx.cardType,
    CardExpDate: tx.expDate,
    TestMode: 1,
    InvoiceId: tx.invoiceId,
    AccountId: tx.accountId,
    Name: tx.name,
    Email: tx.email,
    IpAddress: tx.ipAddress,
    Description: tx.description,
    Issuer: 'CloudPayments',
    IssuerBankCountry: 'RU',
    Data: tx.jsonData,
  };
}

const finalStatus = (tx: SandboxTransaction) => (tx.twoStage ? 'Authorized' : 'Completed');

export function checkFields(tx: SandboxTransaction): NotificationFields {
  return { ...common(tx), Status: finalStatus(tx), OperationType: 'Payment' };
}

export function payFields(tx: SandboxTransaction): NotificationFields {
  return {
    ...common(tx),
    Status: tx.status,
    OperationType: 'Payment',
    GatewayName: 'Test',
    AuthCode: tx.authCode,
    Token: tx.token,
    Rrn: tx.rrn,
    TotalFee: 0,
  };
}

export function failFields(tx: SandboxTransaction): NotificationFields {
  return {
    ...common(tx),
    OperationType: 'Payment',
    Reason: tx.reason,
    ReasonCode: tx.reasonCode,
    CardHolderMessage: tx.cardHolderMessage,
    Token: tx.token,
  };
}

export function confirmFields(tx: SandboxTransaction, amount: number): NotificationFields {
  return { ...common(tx, amount), Status: 'Completed', AuthCode: tx.authCode, Token: tx.token, Rrn: tx.rrn };
}

export function refundFields(refund: SandboxTransaction, payment: SandboxTransaction): NotificationFields {
  return {
    TransactionId: refund.id,
    PaymentTransactionId: payment.id,
    Amount: money(refund.amount),
    Currency: refund.currency,
    DateTime: notificationDateTime(refund.createdAt),
    OperationType: 'Refund',
    InvoiceId: payment.invoiceId,
    AccountId: payment.accountId,
    Email: payment.email,
    Data: refund.jsonData ?? payment.jsonData,
    Rrn: refund.rrn,
  };
}

export function cancelFields(tx: SandboxTransaction): NotificationFields {
  return {
    TransactionId: tx.id,
    Amount: money(tx.amount),
    DateTime: notificationDateTime(new Date()),
    InvoiceId: tx.invoiceId,
    AccountId: tx.accountId,
    Email: tx.email,
    Data: tx.jsonData,
    Rrn: tx.rrn,
  };
}
