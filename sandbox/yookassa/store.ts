// What the YooKassa sandbox holds: payments, refunds, saved payment methods and payment tokens, per instance.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Money } from './money.js';
import type { Party } from './test-cards.js';

export type PaymentStatus = 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';

export interface Card {
  number: string;
  expiryMonth: string;
  expiryYear: string;
  brand: string;
}

export interface Cancellation {
  party: Party;
  reason: string;
}

export interface SandboxPayment {
  id: string;
  status: PaymentStatus;
  amount: Money;
  description: string | null;
  metadata: Record<string, string> | null;
  /** As received with the create request (and the capture's, when it carried one). */
  receipt: unknown;
  captureReceipt: unknown;
  capture: boolean;
  savePaymentMethod: boolean;
  confirmation: { returnUrl: string | null; enforce: boolean; url: string } | null;
  initiator: 'customer' | 'merchant';
  methodId: string;
  card: Card | null;
  /** `required`: the card is known and waits for the payer's 3-D Secure answer. */
  threeDs: 'none' | 'required' | 'passed';
  cancellation: Cancellation | null;
  createdAt: Date;
  capturedAt: Date | null;
  expiresAt: Date | null;
  refundedMinor: number;
  authorization: { rrn: string; authCode: string } | null;
  idempotenceKey: string | null;
}

export interface SandboxRefund {
  id: string;
  paymentId: string;
  status: 'pending' | 'succeeded' | 'canceled';
  amount: Money;
  description: string | null;
  metadata: Record<string, string> | null;
  receipt: unknown;
  cancellation: Cancellation | null;
  createdAt: Date;
  idempotenceKey: string | null;
}

/** A forced outcome for the next `remaining` uses (all when undefined); set via the controls. */
export interface Behavior {
  reason: string;
  remaining: number | undefined;
}

function take(behavior: Behavior | null | undefined): string | undefined {
  if (!behavior || behavior.remaining === 0) return undefined;
  if (behavior.remaining !== undefined) behavior.remaining -= 1;
  return behavior.reason;
}

export interface SavedMethod {
  id: string;
  card: Card;
  saved: boolean;
  status: 'active' | 'inactive';
  /** Forced outcome of the next merchant-initiated charges. */
  behavior: Behavior | null;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** Shaped like YooKassa's ids: a UUID whose second group names the object kind (`000f` payments, `0015` refunds). */
const yooId = (kind: string, variant: string) =>
  `${(Math.floor(Date.now() / 1000) % 0x100000000).toString(16).padStart(8, '0')}-${kind}-5000-${variant}${hex(1).slice(1)}${hex(1)}-${hex(6)}`;

export function createStore() {
  const payments = new Map<string, SandboxPayment>();
  const refunds = new Map<string, SandboxRefund>();
  const methods = new Map<string, SavedMethod>();
  const tokens = new Map<string, Card>();
  /** Payment id → forced outcome of its next refunds. */
  const refundBehaviors = new Map<string, Behavior>();
  return {
    payments,
    refunds,
    methods,
    refundBehaviors,
    newPaymentId: () => yooId('000f', '8'),
    newRefundId: () => yooId('0015', '9'),
    newMethodId: () => randomUUID(),
    issueToken(card: Card): string {
      const token = `ykt_${hex(24)}`;
      tokens.set(token, card);
      return token;
    },
    cardOfToken: (token: string) => tokens.get(token),
    /** The forced outcome of this charge with a saved method, if any, consuming one use. */
    takeForcedDecline: (methodId: string) => take(methods.get(methodId)?.behavior),
    /** The forced cancellation of this refund of the payment, if any, consuming one use. */
    takeForcedRefundFailure: (paymentId: string) => take(refundBehaviors.get(paymentId)),
  };
}
export type Store = ReturnType<typeof createStore>;
