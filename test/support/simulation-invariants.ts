// The business's invariants (issue 10, (a)–(f)) checked over a simulated run of the decision loop.
import { expect } from 'vitest';
import { isLive } from '../../domain/subscription/lifecycle.js';
import { isCharge } from '../../domain/subscription/steps.js';
import type { Simulation, TraceEntry } from './subscription-simulator.js';

type StepEntry = Extract<TraceEntry, { kind: 'step' }>;

export function expectInvariants(sim: Simulation) {
  const steps = sim.trace.filter((e): e is StepEntry => e.kind === 'step');
  // (a) no charge starts for a subscription that is canceled or has an accepted cancel (not withdrawn by a resume).
  let cancelAccepted = false;
  for (const entry of sim.trace) {
    if (entry.kind === 'arrived' && entry.accepted && entry.command.kind === 'cancel') cancelAccepted = true;
    if (entry.kind === 'arrived' && entry.accepted && entry.command.kind === 'resume') cancelAccepted = false;
    if (entry.kind === 'step' && isCharge(entry.step)) {
      expect(cancelAccepted, `charge ${JSON.stringify(entry.step)} after an accepted cancel`).toBe(false);
      expect(isLive(entry.before), 'charge of an ended subscription').toBe(true);
      if (entry.step.kind === 'charge')
        expect(entry.before.cancelAtPeriodEnd, 'charge after cancel at period end').toBe(false);
    }
  }
  // (b) at most one charge in flight: a charge starts only when none is (or it repeats the one being settled).
  for (const entry of steps.filter((e) => e.step.kind === 'charge')) {
    const step = entry.step as Extract<StepEntry['step'], { kind: 'charge' }>;
    const repeat = entry.before.dunning?.unsettled === true && entry.before.chargeInFlight === step.invoiceId;
    expect(entry.before.chargeInFlight === null || repeat, 'a charge started while another was in flight').toBe(true);
    expect(entry.started.chargeInFlight).toBe(step.invoiceId);
  }
  // (c) a renewal is charged at the price of the plan its period is for.
  for (const entry of steps) {
    if (entry.step.kind !== 'charge' || entry.step.purpose !== 'renewal') continue;
    const renewal = entry.before.dunning;
    expect(renewal?.amount).toBe(entry.step.amount);
    expect(entry.before.plan.id).toBe(renewal?.planId);
    expect(entry.before.plan.amount).toBe(entry.step.amount);
  }
  // (d) before ending for non-payment, every open payment link was looked up.
  const endedUnpaid = sim.trace.findIndex(
    (e) => e.kind === 'decided' && e.decision.state.cancelReason === 'payment_failed',
  );
  if (endedUnpaid >= 0) {
    const before = sim.trace.slice(0, endedUnpaid);
    for (const link of before.filter((e): e is StepEntry => e.kind === 'step' && e.step.kind === 'create_link')) {
      if (link.outcome.kind !== 'link' || link.step.kind !== 'create_link') continue;
      const invoiceId = link.step.invoiceId;
      const lookedUp = before.some(
        (e) => e.kind === 'step' && e.step.kind === 'look_up' && e.step.invoiceId === invoiceId && e.index > link.index,
      );
      const closed = before.some((e) => e.kind === 'step' && e.step.kind === 'cancel_link' && e.index > link.index);
      expect(lookedUp || closed, `open link of ${invoiceId} not looked up before ending unpaid`).toBe(true);
    }
  }
  // (e) persisted state only moves forward: paid periods never decrease, an ended subscription stays ended.
  let paid = 0;
  let ended = false;
  for (const entry of sim.trace) {
    if (entry.kind !== 'decided' || !entry.decision.persist) continue;
    const s = entry.decision.state;
    expect(s.renewalsPaid).toBeGreaterThanOrEqual(paid);
    expect(ended && isLive(s), 'a live state persisted after the end').toBe(false);
    paid = s.renewalsPaid;
    ended ||= !isLive(s);
  }
  // Every accepted request got exactly one answer.
  const accepted = sim.trace.filter((e) => e.kind === 'arrived' && e.accepted && !isSignal(e.command));
  for (const entry of accepted) {
    if (entry.kind !== 'arrived') continue;
    expect(
      sim.replies.filter((r) => r.to === entry.id),
      `answers to ${entry.command.kind}`,
    ).toHaveLength(1);
  }
}

const isSignal = (c: { kind: string }) => c.kind === 'payment_fact' || c.kind === 'payment_refunded';
