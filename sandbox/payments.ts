// Payments by cryptogram and by token, and their completion after 3-D Secure: the test-card rules,
// the synchronous Check, then Pay or Fail notifications.
import { isKnownReasonCode, REASON_CODES } from '../acquiring/cloudpayments/reason-codes.js';
import { brandOf, findTestCard } from '../acquiring/cloudpayments/test-cards.js';
import type { Envelope, SandboxCore } from './core.js';
import { readCryptogram } from './cryptogram.js';
import { type SandboxTransaction, transactionModel } from './ledger.js';
import { checkFields, failFields, payFields } from './notification-fields.js';
import { makePaReq } from './three-ds.js';

export interface PaymentCommon {
  amount: number;
  currency: string;
  invoiceId: string | null;
  accountId: string | null;
  description: string | null;
  email: string | null;
  ipAddress: string | null;
  name: string | null;
  jsonData: string | null;
  twoStage: boolean;
  requestId: string | null;
  orderId?: string | null | undefined;
}

const CARDHOLDER_MESSAGES: Record<number, string> = {
  5051: 'Недостаточно средств на карте',
  5206: 'Не удалось пройти аутентификацию 3-D Secure',
};
// Check reply code → the decline code CloudPayments records.
const CHECK_DECLINES: Record<number, number> = { 10: 3001, 11: 3002, 12: 3003, 20: 3004, 13: 3008 };

const random6 = () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0');

function decline(tx: SandboxTransaction, code: number) {
  tx.status = 'Declined';
  tx.reasonCode = code;
  tx.reason = isKnownReasonCode(code) ? REASON_CODES[code][0] : 'Declined';
  tx.cardHolderMessage = CARDHOLDER_MESSAGES[code] ?? 'Операция отклонена';
}

export function newPayment(
  core: SandboxCore,
  req: PaymentCommon,
  card: Pick<SandboxTransaction, 'firstSix' | 'lastFour' | 'expDate'>,
) {
  return core.ledger.add({
    ...req,
    orderId: req.orderId ?? null,
    kind: 'payment',
    publicId: core.publicId,
    ...card,
    cardType: brandOf(card.firstSix ?? ''),
    status: 'AwaitingAuthentication',
    reasonCode: 0,
    reason: 'Approved',
    cardHolderMessage: null,
    token: null,
    trInitiatorCode: null,
    originalTransactionId: null,
    refundedAmount: 0,
    createdAt: new Date(),
    authAt: null,
    confirmAt: null,
    authCode: null,
    rrn: null,
    paReq: null,
  });
}

/** Check, then the card decision (`declineCode` 0 = approve), then Pay/Fail. */
async function authorise(core: SandboxCore, tx: SandboxTransaction, declineCode: () => number): Promise<Envelope> {
  const check = await core.notifier.check(checkFields(tx));
  let code = 0;
  if (check) {
    if (!check.reachable) code = 3007;
    else if (check.code === null) code = 3005;
    else if (check.code !== 0) code = CHECK_DECLINES[check.code] ?? 3005;
  }
  if (code === 0) code = declineCode();
  if (code !== 0) {
    decline(tx, code);
    core.notifier.send('fail', failFields(tx));
    core.orders.settle(tx);
    return { Success: false, Message: null, Model: transactionModel(tx) };
  }
  const now = new Date();
  tx.status = tx.twoStage ? 'Authorized' : 'Completed';
  tx.authAt = now;
  tx.confirmAt = tx.twoStage ? null : now;
  tx.authCode = `A${random6()}`;
  tx.rrn = `${Date.now()}`.slice(-12);
  if (tx.accountId && !tx.token && tx.firstSix && tx.lastFour && tx.expDate) {
    tx.token = core.tokens.issue({
      publicId: core.publicId,
      accountId: tx.accountId,
      firstSix: tx.firstSix,
      lastFour: tx.lastFour,
      expDate: tx.expDate,
      cardType: tx.cardType ?? 'Visa',
    });
  }
  core.notifier.send('pay', payFields(tx));
  core.orders.settle(tx);
  return { Success: true, Message: null, Model: transactionModel(tx) };
}

const cryptogramDecision = (tx: SandboxTransaction) => () =>
  findTestCard(tx.firstSix ?? '', tx.lastFour ?? '')?.cryptogram === 'insufficient_funds' ? 5051 : 0;

export async function payByCryptogram(core: SandboxCore, req: PaymentCommon & { packet: string }, acsUrl: string) {
  const card = readCryptogram(req.packet);
  if (!card) return { Success: false, Message: 'Invalid CardCryptogramPacket' } satisfies Envelope;
  const tx = newPayment(core, req, card);
  if (findTestCard(card.firstSix, card.lastFour)?.threeDs) {
    tx.paReq = makePaReq(tx);
    const model = {
      TransactionId: tx.id,
      PaReq: tx.paReq,
      GoReq: null,
      AcsUrl: acsUrl,
      ThreeDsSessionData: null,
      IFrameIsAllowed: true,
      FrameWidth: null,
      FrameHeight: null,
      ThreeDsCallbackId: tx.id.toString(16).padStart(32, '0'),
      EscrowAccumulationId: null,
    };
    return { Success: false, Message: null, Model: model } satisfies Envelope;
  }
  return authorise(core, tx, cryptogramDecision(tx));
}

export async function completeThreeDs(core: SandboxCore, transactionId: number, paRes: string): Promise<Envelope> {
  const tx = core.ledger.get(transactionId);
  if (tx?.kind !== 'payment') return { Success: false, Message: 'Not found' };
  if (tx.status !== 'AwaitingAuthentication') return { Success: false, Message: `Transaction is ${tx.status}` };
  if (core.threeDs.verify(tx.id, paRes) === 'fail') {
    decline(tx, 5206);
    core.notifier.send('fail', failFields(tx));
    core.orders.settle(tx);
    return { Success: false, Message: null, Model: transactionModel(tx) };
  }
  return authorise(core, tx, cryptogramDecision(tx));
}

export async function payByToken(core: SandboxCore, req: PaymentCommon & { token: string; trInitiatorCode: number }) {
  const record = core.tokens.get(req.token);
  if (!record || record.accountId !== req.accountId)
    return { Success: false, Message: 'Token not found' } satisfies Envelope;
  const tx = newPayment(core, req, record);
  tx.token = record.token;
  tx.cardType = record.cardType;
  tx.trInitiatorCode = req.trInitiatorCode;
  if (record.publicId !== core.publicId) {
    decline(tx, 6025);
    return { Success: false, Message: null, Model: transactionModel(tx) } satisfies Envelope;
  }
  return authorise(core, tx, () => {
    const forced = core.tokens.takeForcedDecline(record.token);
    if (forced !== undefined) return forced;
    return findTestCard(record.firstSix, record.lastFour)?.token === 'insufficient_funds' ? 5051 : 0;
  });
}
