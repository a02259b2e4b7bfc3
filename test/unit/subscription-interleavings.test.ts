// Every request a subscription accepts, landing at every point of a renewal (at the period end before the invoice,
// during the charge, after it) and of dunning, through the real decision loop: the invariants hold in every one.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../domain/subscription/commands.js';
import { currentPeriodInvoiceId } from '../../domain/subscription/ids.js';
import { isLive } from '../../domain/subscription/lifecycle.js';
import type { SubscriptionState } from '../../domain/subscription/state.js';
import type { Outcome, Step } from '../../domain/subscription/steps.js';
import { expectInvariants } from '../support/simulation-invariants.js';
import { type Injection, type Simulation, simulate } from '../support/subscription-simulator.js';
import { activeState, basic, premium, T0 } from '../support/subscription-states.js';

const PERIOD_END = Date.parse(activeState().currentPeriodEnd ?? '');

const requests: Record<string, Injection['command']> = {
  'cancel immediately': { kind: 'cancel', mode: 'immediately', actor: 'user_1' },
  'cancel immediately with a prorated refund': {
    kind: 'cancel',
    mode: 'immediately',
    refund: 'prorated',
    actor: 'user_1',
  },
  'cancel at period end': { kind: 'cancel', mode: 'at_period_end', actor: 'user_1' },
  'operator cancel': { kind: 'cancel', mode: 'immediately', actor: 'admin_1', adminReason: 'fraud' },
  upgrade: { kind: 'change_plan', plan: premium, actor: 'user_1' },
  downgrade: { kind: 'change_plan', plan: basic, actor: 'user_1' },
  'new card': { kind: 'new_card', returnUrl: null, actor: 'user_1' },
  'retry now': { kind: 'retry_now', actor: 'admin_1', reason: 'customer called' },
  'full refund of the current period': (s: SubscriptionState): Command => ({
    kind: 'payment_refunded',
    invoiceId: currentPeriodInvoiceId(s),
    refundId: 'ref_1',
  }),
  'payment notification for the renewal': (s: SubscriptionState): Command => ({
    kind: 'payment_fact',
    fact: { invoiceId: s.dunning?.invoiceId ?? 'inv_sub_1_1', outcome: 'succeeded', providerTransactionId: 'tx_99' },
  }),
};

type Charges = 'paid' | 'soft' | 'hard';
const answer = (charges: Charges, step: Step): Outcome => {
  const paymentId = 'pay';
  if (step.kind === 'charge' && step.purpose === 'renewal' && charges !== 'paid') {
    return {
      kind: 'answer',
      answer: { outcome: 'declined', paymentId, declineClass: charges, declineReason: charges },
    };
  }
  if (step.kind === 'charge')
    return { kind: 'answer', answer: { outcome: 'succeeded', paymentId, providerTransactionId: 'tx_1' } };
  if (step.kind === 'create_link')
    return { kind: 'link', url: `https://pay/${step.invoiceId}`, linkId: `ord_${step.invoiceId}` };
  if (step.kind === 'look_up') return { kind: 'not_found' };
  return { kind: 'done' };
};

const ended = (s: SubscriptionState) => s.status === 'canceled' || s.status === 'expired';
const scenarios: Array<{ name: string; charges: Charges; stopWhen: (s: SubscriptionState) => boolean }> = [
  { name: 'renewal paid', charges: 'paid', stopWhen: (s) => s.renewalsPaid >= 1 || ended(s) },
  { name: 'renewal soft-declined until the schedule ends', charges: 'soft', stopWhen: ended },
  { name: 'renewal hard-declined', charges: 'hard', stopWhen: ended },
];

describe.each(scenarios)('$name', ({ charges, stopWhen }) => {
  const run = (injections: Injection[]) =>
    simulate(activeState(), { startAt: T0, injections, outcome: (step) => answer(charges, step), stopWhen });

  it('without interruptions, ends as the scenario says and keeps every invariant', async () => {
    const sim = await run([]);
    expectInvariants(sim);
    if (charges === 'paid') expect(sim.state).toMatchObject({ status: 'active', renewalsPaid: 1 });
    else expect(sim.state).toMatchObject({ status: 'canceled', cancelReason: 'payment_failed' });
  });

  it('any two requests arriving together, at every point, are applied in one order that keeps every invariant', async () => {
    const base = await run([]);
    const steps = base.trace.filter((e) => e.kind === 'step').length;
    const all = Object.values(requests);
    for (const first of all) {
      for (const second of all) {
        for (let k = 0; k <= steps; k++) {
          for (const phase of ['before', 'during'] as const) {
            const sim = await run([
              { afterSteps: k, phase, command: first },
              { afterSteps: k, phase, command: second },
            ]);
            expectInvariants(sim);
          }
        }
      }
    }
  });

  for (const [name, command] of Object.entries(requests)) {
    it(`${name} at every point: at the period end before the invoice, during and after each step`, async () => {
      const base = await run([]);
      const steps = base.trace.filter((e) => e.kind === 'step').length;
      const points: Injection[] = [{ atTime: PERIOD_END, command }];
      for (let k = 0; k <= steps; k++)
        points.push({ afterSteps: k, phase: 'during', command }, { afterSteps: k, command });
      for (const point of points) {
        const sim = await run([point]);
        expectInvariants(sim);
        const arrived = sim.trace.find((e) => e.kind === 'arrived');
        expect(arrived, `never arrived: ${JSON.stringify(point)}`).toBeDefined();
        if (arrived?.kind === 'arrived') expectEffect(sim, arrived);
      }
    });
  }
});

type Arrival = Extract<Simulation['trace'][number], { kind: 'arrived' }>;

/** What an accepted request must have done by the end, whatever else happened around it. */
function expectEffect(sim: Simulation, { id, command, accepted, state: then }: Arrival) {
  const { state: end } = sim;
  if (!accepted) return;
  const answer = sim.replies.find((r) => r.to === id);
  if (command.kind === 'cancel' && command.mode === 'immediately') {
    expect(end.status).toBe('canceled');
    expect(end.cancelReason).toBe(command.adminReason ? 'admin' : 'user');
  }
  if (command.kind === 'cancel' && command.mode === 'at_period_end') {
    expect(end.status === 'canceled' || end.cancelAtPeriodEnd, 'cancel at period end forgotten').toBe(true);
  }
  if (command.kind === 'payment_refunded' && isLive(then)) {
    const periodMovedOn = end.renewalsPaid > then.renewalsPaid;
    expect(end.cancelReason === 'refunded' || periodMovedOn, 'full refund of the current period ignored').toBe(true);
  }
  if (command.kind === 'change_plan' && answer?.result.kind === 'plan_changed' && isLive(end)) {
    expect(
      end.plan.id === command.plan.id ||
        end.pendingPlan?.id === command.plan.id ||
        end.renewalsPaid > then.renewalsPaid,
    ).toBe(true);
  }
}
