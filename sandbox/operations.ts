// Operations on an existing payment: confirm (capture a hold), void (cancel a hold), refund (up to
// what was captured, in as many parts as wanted).
import type { Envelope, SandboxCore } from './core.js';
import { cancelFields, confirmFields, refundFields } from './notification-fields.js';
import { readReceipt } from './receipts.js';

const cents = (amount: number) => Math.round(amount * 100);

export function confirm(
  core: SandboxCore,
  transactionId: number,
  amount: number,
  jsonData: string | null = null,
): Envelope {
  const tx = core.ledger.get(transactionId);
  if (tx?.kind !== 'payment') return { Success: false, Message: 'Not found' };
  if (tx.status !== 'Authorized') return { Success: false, Message: `Transaction is ${tx.status}, not Authorized` };
  if (cents(amount) <= 0 || cents(amount) > cents(tx.amount)) {
    return { Success: false, Message: 'Amount exceeds the authorized amount' };
  }
  tx.amount = amount;
  // A hold's receipt is issued when it is kept: the one sent with the confirm, else the one the hold carried.
  const sent = readReceipt(jsonData, amount);
  const kept = sent.receipt || sent.receiptProblem ? sent : readReceipt(tx.jsonData, amount);
  tx.receipt = kept.receipt;
  tx.receiptProblem = kept.receiptProblem;
  tx.status = 'Completed';
  tx.confirmAt = new Date();
  core.notifier.send('confirm', confirmFields(tx, amount));
  return { Success: true, Message: null };
}

export function voidPayment(core: SandboxCore, transactionId: number): Envelope {
  const tx = core.ledger.get(transactionId);
  if (tx?.kind !== 'payment') return { Success: false, Message: 'Not found' };
  if (tx.status !== 'Authorized') return { Success: false, Message: `Transaction is ${tx.status}, not Authorized` };
  tx.status = 'Cancelled';
  core.notifier.send('cancel', cancelFields(tx));
  return { Success: true, Message: null };
}

export function refund(
  core: SandboxCore,
  req: { transactionId: number; amount: number; jsonData: string | null; requestId: string | null },
): Envelope {
  const payment = core.ledger.get(req.transactionId);
  if (payment?.kind !== 'payment') return { Success: false, Message: 'Not found' };
  if (payment.status !== 'Completed')
    return { Success: false, Message: `Transaction is ${payment.status}, not Completed` };
  const left = cents(payment.amount) - cents(payment.refundedAmount);
  if (cents(req.amount) <= 0) return { Success: false, Message: 'Amount must be positive' };
  if (cents(req.amount) > left) {
    return { Success: false, Message: `Refund amount exceeds the amount left to refund (${(left / 100).toFixed(2)})` };
  }
  payment.refundedAmount = (cents(payment.refundedAmount) + cents(req.amount)) / 100;
  const now = new Date();
  const refundTx = core.ledger.add({
    ...payment,
    kind: 'refund',
    amount: req.amount,
    jsonData: req.jsonData,
    status: 'Completed',
    reasonCode: 0,
    reason: 'Approved',
    cardHolderMessage: null,
    originalTransactionId: payment.id,
    refundedAmount: 0,
    createdAt: now,
    authAt: now,
    confirmAt: now,
    requestId: req.requestId,
    paReq: null,
  });
  core.notifier.send('refund', refundFields(refundTx, payment));
  return { Success: true, Message: null, Model: { TransactionId: refundTx.id } };
}
