// The steps of a renewal a request can land on, each held by activity gates, on either release of the workflow.
import type { Json } from './billing-client.js';
import type { FastHarness } from './fast-harness.js';

export const RENEWAL_STEPS = [
  'before the invoice',
  'during the charge',
  'after the charge',
  'at continue-as-new',
] as const;
export type RenewalStep = (typeof RENEWAL_STEPS)[number];

export interface HeldStep {
  /** Resolves once the renewal is held at the step. */
  reached: Promise<void>;
  release(): void;
}

/**
 * Holds `subscriptionId`'s next renewal at `step`:
 * - before the invoice: the first activity after the period end (`createInvoice` on the first release;
 *   `chargeInvoice`, which opens the invoice itself, on the second), before it runs;
 * - during the charge: `chargeInvoice` before it reaches the acquirer;
 * - after the charge: `chargeInvoice` once the acquirer answered, before the workflow hears of it;
 * - at continue-as-new: once the sync that records the renewal (`subscription.renewed`) has committed.
 */
export function holdRenewal(h: FastHarness, subscriptionId: string, step: RenewalStep): HeldStep {
  const ours = (input: Json) => input?.subscriptionId === subscriptionId;
  switch (step) {
    case 'before the invoice': {
      const invoice = h.gates.hold('createInvoice', { phase: 'before', match: (i) => ours(i) && i.kind === 'renewal' });
      const charge = h.gates.hold('chargeInvoice', { phase: 'before', match: ours });
      // Whichever comes first holds; the other lets its call pass.
      const reached = Promise.race([
        invoice.reached.then(() => charge.release()),
        charge.reached.then(() => invoice.release()),
      ]);
      const release = () => {
        invoice.release();
        charge.release();
      };
      return { reached, release };
    }
    case 'during the charge':
    case 'after the charge': {
      const phase = step === 'during the charge' ? 'before' : 'after';
      const gate = h.gates.hold('chargeInvoice', { phase, match: ours });
      return { reached: gate.reached.then(() => undefined), release: gate.release };
    }
    case 'at continue-as-new': {
      const renewed = (i: Json) => ours(i.state) && (i.events as string[]).includes('subscription.renewed');
      const gate = h.gates.hold('syncSubscription', { phase: 'after', match: renewed });
      return { reached: gate.reached.then(() => undefined), release: gate.release };
    }
  }
}

/** Skips the server's time to a minute past `at` (a period end, an ISO string). */
export async function advancePast(h: FastHarness, at: string) {
  await h.advance(Date.parse(at) - (await h.now()).getTime() + 60_000);
}

/**
 * Moves time past `at` with `step` held; `whileHeld` runs once the renewal is held, and the step is released after
 * it (even when it throws, so a failure never leaves the worker stuck). Resolves once the time has passed.
 */
export async function withRenewalHeld<T>(
  h: FastHarness,
  subscriptionId: string,
  at: string,
  step: RenewalStep,
  whileHeld: () => Promise<T>,
): Promise<T> {
  const held = holdRenewal(h, subscriptionId, step);
  const advancing = advancePast(h, at);
  advancing.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  try {
    await within(held.reached, 10_000, `the renewal of ${subscriptionId} held ${step}`);
    return await whileHeld();
  } finally {
    held.release();
    await advancing;
  }
}

/** `promise`, or a failure naming `what` once `ms` have passed without it. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
