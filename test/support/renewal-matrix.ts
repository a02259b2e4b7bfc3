// One cell of "each request × each step of a renewal" (issue 10, race 1): a fresh active subscription, its renewal
// held at the step while the request is made, then the invariants once it settled and again after the next period.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { activeSubscription, billingClient, type Json } from './billing-client.js';
import type { FastHarness } from './fast-harness.js';
import { expectInvariants } from './invariants.js';
import { type Reply, raceRequests } from './race-requests.js';
import { advancePast, type RenewalStep, withRenewalHeld } from './renewal-steps.js';
import { acceptedUpdates, answeredOrQueued, untilSettled } from './workflow-progress.js';

export type Requests = ReturnType<typeof raceRequests>;

export interface RenewalMessage {
  name: string;
  send(r: Requests, user: string, subscriptionId: string): Promise<Reply>;
  /** For an accepted request, what its user does next, once the renewal has settled (e.g. pays a link). */
  followUp?(outcome: Omit<CellOutcome, 'afterNextPeriod'>): Promise<void>;
  /** Checks that an accepted request did what it promised, once the period after the renewal has passed too. */
  promise(outcome: CellOutcome): Promise<void> | void;
}

export interface CellOutcome {
  h: FastHarness;
  user: string;
  subscriptionId: string;
  reply: Reply;
  /** The subscription after the renewal settled, and after the period that followed. */
  afterRenewal: Json;
  afterNextPeriod: Json;
}

export const cellsOf = (messages: RenewalMessage[], steps: readonly RenewalStep[]) =>
  messages.flatMap((message) => steps.map((step) => ({ message, step, name: message.name })));

export async function runRenewalCell(h: FastHarness, planId: string, message: RenewalMessage, step: RenewalStep) {
  const api = billingClient(h);
  const user = `user-race-${randomUUID().slice(0, 8)}`;
  const sub = await activeSubscription(h, user, planId);
  const requests = raceRequests(h);
  // Released once the request is answered, or queued behind the held step (then it is answered after it).
  const { sending } = await withRenewalHeld(h, sub.id, sub.currentPeriodEnd, step, async () => {
    const acceptedBefore = await acceptedUpdates(h, sub.id);
    const sending = message.send(requests, user, sub.id);
    await answeredOrQueued(h, sub.id, sending, acceptedBefore);
    return { sending };
  });
  const reply = await sending;
  if (reply.status >= 300) expect([reply.status, reply.body?.error?.code]).toEqual([409, 'invalid_state']);
  await expectInvariants(h, sub.id, requests.answers);
  const afterRenewal = await api.subscription(user, sub.id);
  if (reply.status < 300) await message.followUp?.({ h, user, subscriptionId: sub.id, reply, afterRenewal });
  if (afterRenewal.status === 'active') {
    await untilSettled(h, sub.id);
    await advancePast(h, afterRenewal.currentPeriodEnd);
  }
  await expectInvariants(h, sub.id, requests.answers);
  const afterNextPeriod = await api.subscription(user, sub.id);
  if (reply.status < 300)
    await message.promise({ h, user, subscriptionId: sub.id, reply, afterRenewal, afterNextPeriod });
  // Ended, so the cells after this one do not renew it in the background.
  if (afterNextPeriod.status === 'active') await raceRequests(h).adminCancel(sub.id);
}
