// The in-memory acquirer behind the memory provider: CloudPayments' test-card rules and state machine
// (hold → capture/void, capture → refunds up to the captured amount), kept in maps.
import { declineFor, rejectedDecline } from '../cloudpayments/mapper.js';
import { findTestCard } from '../cloudpayments/test-cards.js';
import type { Decline, PaymentState } from '../provider.js';

export interface MemoryTransaction {
  id: string;
  kind: 'payment' | 'refund';
  paymentId: string;
  /** Our refund id (refunds only). */
  refundId?: string | undefined;
  invoiceId: string | undefined;
  accountId: string | undefined;
  amount: number;
  currency: string;
  state: PaymentState;
  decline: Decline | undefined;
  token: string | undefined;
  firstSix: string;
  lastFour: string;
  capture: boolean;
  refunded: number;
  originalId: string | undefined;
  idempotencyKey: string;
  createdAt: string;
}

export type Refusal = { refused: Decline };

export function createMemoryAcquirer() {
  const transactions = new Map<string, MemoryTransaction>();
  const tokens = new Map<string, { accountId: string; firstSix: string; lastFour: string }>();
  const tokenBehavior = new Map<string, { reasonCode: number; remaining: number | undefined }>();
  let nextId = 1;

  function add(fields: Omit<MemoryTransaction, 'id' | 'createdAt'>): MemoryTransaction {
    const tx = { ...fields, id: `mem_${nextId++}`, createdAt: new Date().toISOString() };
    transactions.set(tx.id, tx);
    return tx;
  }

  function settle(tx: MemoryTransaction, declineCode: number): MemoryTransaction {
    if (declineCode !== 0) {
      tx.state = 'declined';
      tx.decline = declineFor(declineCode);
      return tx;
    }
    tx.state = tx.capture ? 'captured' : 'authorized';
    if (tx.accountId && !tx.token) {
      const existing = [...tokens].find(
        ([, t]) => t.accountId === tx.accountId && t.lastFour === tx.lastFour && t.firstSix === tx.firstSix,
      );
      tx.token = existing?.[0] ?? `mem_tok_${nextId++}`;
      tokens.set(tx.token, { accountId: tx.accountId, firstSix: tx.firstSix, lastFour: tx.lastFour });
    }
    return tx;
  }

  const cardDecision = (tx: MemoryTransaction) =>
    findTestCard(tx.firstSix, tx.lastFour)?.cryptogram === 'insufficient_funds' ? 5051 : 0;

  return {
    transactions: () => [...transactions.values()],
    get: (id: string) => transactions.get(id),
    latestPaymentForInvoice: (invoiceId: string) =>
      [...transactions.values()].filter((t) => t.kind === 'payment' && t.invoiceId === invoiceId).at(-1),

    payByCard(
      fields: Omit<
        MemoryTransaction,
        'id' | 'createdAt' | 'state' | 'decline' | 'token' | 'refunded' | 'originalId' | 'kind'
      >,
    ) {
      const tx = add({
        ...fields,
        kind: 'payment',
        state: 'awaiting_authentication',
        decline: undefined,
        token: undefined,
        refunded: 0,
        originalId: undefined,
      });
      if (findTestCard(tx.firstSix, tx.lastFour)?.threeDs) return tx;
      return settle(tx, cardDecision(tx));
    },
    completeAuthentication(id: string, approved: boolean): MemoryTransaction | Refusal {
      const tx = transactions.get(id);
      if (tx?.state !== 'awaiting_authentication') return { refused: rejectedDecline('Not awaiting authentication') };
      return settle(tx, approved ? cardDecision(tx) : 5206);
    },
    payByToken(
      token: string,
      fields: Omit<
        MemoryTransaction,
        | 'id'
        | 'createdAt'
        | 'state'
        | 'decline'
        | 'token'
        | 'refunded'
        | 'originalId'
        | 'kind'
        | 'firstSix'
        | 'lastFour'
      >,
    ) {
      const card = tokens.get(token);
      if (!card || card.accountId !== fields.accountId) return { refused: rejectedDecline('Token not found') };
      const tx = add({
        ...fields,
        ...card,
        kind: 'payment',
        state: 'awaiting_authentication',
        decline: undefined,
        token,
        refunded: 0,
        originalId: undefined,
      });
      const behavior = tokenBehavior.get(token);
      if (behavior && behavior.remaining !== 0) {
        if (behavior.remaining !== undefined) behavior.remaining -= 1;
        return settle(tx, behavior.reasonCode);
      }
      return settle(tx, findTestCard(card.firstSix, card.lastFour)?.token === 'insufficient_funds' ? 5051 : 0);
    },
    capture(id: string, amount: number): MemoryTransaction | Refusal {
      const tx = transactions.get(id);
      if (tx?.state !== 'authorized' || amount > tx.amount) return { refused: rejectedDecline('Cannot capture') };
      tx.amount = amount;
      tx.state = 'captured';
      return tx;
    },
    void(id: string): MemoryTransaction | Refusal {
      const tx = transactions.get(id);
      if (tx?.state !== 'authorized')
        return { refused: rejectedDecline(`Cannot void a ${tx?.state ?? 'missing'} payment`) };
      tx.state = 'cancelled';
      return tx;
    },
    refund(
      id: string,
      amount: number,
      fields: { paymentId: string; refundId: string; idempotencyKey: string },
    ): MemoryTransaction | Refusal {
      const payment = transactions.get(id);
      if (payment?.kind !== 'payment' || payment.state !== 'captured')
        return { refused: rejectedDecline('Not refundable') };
      if (amount <= 0 || amount > payment.amount - payment.refunded) {
        return { refused: rejectedDecline('Refund amount exceeds the amount left to refund') };
      }
      payment.refunded += amount;
      return add({
        ...payment,
        ...fields,
        kind: 'refund',
        amount,
        state: 'captured',
        refunded: 0,
        originalId: payment.id,
      });
    },
    setTokenBehavior(token: string, reasonCode: number, times?: number) {
      if (reasonCode === 0) tokenBehavior.delete(token);
      else tokenBehavior.set(token, { reasonCode, remaining: times });
    },
  };
}
export type MemoryAcquirer = ReturnType<typeof createMemoryAcquirer>;
