// The 3-D Secure return is public: its address names our payment (checkouts of before: the form names it by MD, the
// acquirer's guessable transaction id). Only the owner of the checkout, holding the TermUrl it was given, may complete
// it; anyone else learns what an unknown payment tells and reaches neither the checkout nor the acquirer.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/create-app.js';
import { payments, subscriptions } from '../../db/schema/index.js';
import { createLogger } from '../../observability/logger.js';
import { subscriptionWorkflowId } from '../../workflows/workflow-ids.js';
import { billingClient, CARDS, type Json, until } from '../support/billing-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { invariantsOfEachTest, traceOf } from '../support/invariants.js';

/** A transaction id no payment of ours has (the sandbox numbers its transactions from 1). */
const UNKNOWN_MD = '987654321';
const FORGED_PARES = 'forged-pares';
/** A payment id of no payment of ours. */
const UNKNOWN_PAYMENT = 'pay_inv_nobody_1';

describe('3-D Secure return', () => {
  let h: Harness;
  let api: ReturnType<typeof billingClient>;
  afterEach(invariantsOfEachTest(() => h));
  beforeAll(async () => {
    h = await startHarness();
    api = billingClient(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const callbackUrl = () => `${h.apiUrl}/v1/payments/3ds/callback`;
  const withState = (state: string) => `${callbackUrl()}?state=${encodeURIComponent(state)}`;
  const stateOf = (termUrl: string) => new URL(termUrl).searchParams.get('state') ?? '';
  const paymentOf = (termUrl: string) => new URL(termUrl).searchParams.get('payment') ?? '';

  /** What the payer's browser (or anyone) posts, answered without following a redirect. */
  const postReturn = async (url: string, md: string, paRes: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ MD: md, PaRes: paRes }),
      redirect: 'manual',
    });
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  };

  /** The answer with the MD the caller sent taken out, so answers to different MDs can be compared whole. */
  const shape = (answer: Awaited<ReturnType<typeof postReturn>>, md: string) => ({
    ...answer,
    text: answer.text.split(md).join('<MD>'),
  });

  const subscribeWith3ds = async (user: string, returnUrl?: string) => {
    const cryptogram = await api.cryptogram(CARDS.success3ds);
    const payment = { method: 'card_cryptogram', cryptogram, ipAddress: '127.0.0.1' };
    const created = await api.subscribe(user, { planId: 'monthly', payment, ...(returnUrl ? { returnUrl } : {}) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { subscription, checkout } = created.body as Json;
    expect(checkout.status).toBe('requires_action');
    return { subscriptionId: subscription.id as string, invoiceId: checkout.invoiceId as string, ...checkout.threeDs };
  };

  const genuinePaRes = async (md: string, result: 'success' | 'fail' = 'success') =>
    (await api.sandbox(`/3ds/${md}`, { result })).paRes as string;

  /** The acquirer's own record of the transaction: the ground truth of whether post3ds was ever called for it. */
  const acquirerStatus = async (md: string) =>
    ((await api.sandbox('/transactions')).items as Json[]).find((t) => String(t.TransactionId) === md)?.Status;

  it("a stranger with the victim's MD and a forged PaRes is told what an unknown MD is told; nothing reaches the acquirer", async () => {
    const victimUser = `victim-${Date.now()}`;
    const victim = await subscribeWith3ds(victimUser, 'https://movix.example/welcome');
    const mallory = await subscribeWith3ds(`mallory-${Date.now()}`);

    // Returns of checkouts started before return addresses named their payment: found by MD.
    const legacyUrls = {
      'no state': callbackUrl(),
      'a made-up state': withState(randomBytes(32).toString('base64url')),
      'an empty state': withState(''),
    };
    for (const [how, url] of Object.entries(legacyUrls)) {
      const stranger = await postReturn(url, victim.md, FORGED_PARES);
      const unknown = await postReturn(url, UNKNOWN_MD, FORGED_PARES);
      expect(shape(stranger, victim.md), how).toEqual(shape(unknown, UNKNOWN_MD));
      expect([stranger.status, JSON.parse(stranger.text).error.code], how).toEqual([404, 'payment_not_found']);
      expect(stranger.text, how).not.toContain(victim.subscriptionId);
      expect(stranger.location, how).toBeNull();
    }
    // Return addresses that name the victim's payment, without the state its owner was given.
    const victimPayment = paymentOf(victim.termUrl);
    const naming = (paymentId: string, state?: string) =>
      `${callbackUrl()}?payment=${paymentId}${state === undefined ? '' : `&state=${encodeURIComponent(state)}`}`;
    const forgedStates = {
      'no state': undefined,
      'a made-up state': randomBytes(32).toString('base64url'),
      "another checkout's state": stateOf(mallory.termUrl),
      'an empty state': '',
    };
    for (const [how, state] of Object.entries(forgedStates)) {
      const stranger = await postReturn(naming(victimPayment, state), victim.md, FORGED_PARES);
      const unknown = await postReturn(naming(UNKNOWN_PAYMENT, state), victim.md, FORGED_PARES);
      expect(shape(shape(stranger, victimPayment), victim.md), how).toEqual(
        shape(shape(unknown, UNKNOWN_PAYMENT), victim.md),
      );
      expect([stranger.status, JSON.parse(stranger.text).error.code], how).toEqual([404, 'payment_not_found']);
    }
    // Mallory's own return address, with the victim's MD: it can only ever reach Mallory's own payment.
    await postReturn(mallory.termUrl, victim.md, FORGED_PARES);

    expect(stateOf(victim.termUrl)).not.toBe(stateOf(mallory.termUrl));
    // Nothing moved: the acquirer never heard of the forged PaRes, and the checkout still waits for its owner.
    expect(await acquirerStatus(victim.md)).toBe('AwaitingAuthentication');
    expect(traceOf(h, victim.subscriptionId).filter((e) => e.name === 'completeAuthentication')).toEqual([]);
    const [payment] = await h.database.db.select().from(payments).where(eq(payments.invoiceId, victim.invoiceId));
    expect(payment?.status).toBe('requires_action');
    expect((await api.subscription(victimUser, victim.subscriptionId)).status).toBe('pending_payment');

    // The owner's own return still works, under the payer's idempotency key that no forgery has used up.
    const owner = await postReturn(victim.termUrl, victim.md, await genuinePaRes(victim.md));
    expect(owner.status, owner.text).toBe(303);
    const target = new URL(owner.location ?? '');
    expect(`${target.origin}${target.pathname}`).toBe('https://movix.example/welcome');
    expect(Object.fromEntries(target.searchParams)).toEqual({
      subscriptionId: victim.subscriptionId,
      status: 'succeeded',
    });
    expect(await acquirerStatus(victim.md)).toBe('Completed');
  });

  it("the owner's return without a returnUrl answers the checkout as JSON; afterwards a stranger still learns nothing", async () => {
    const user = `owner-${Date.now()}`;
    const step = await subscribeWith3ds(user);
    const owner = await postReturn(step.termUrl, step.md, await genuinePaRes(step.md));
    expect([owner.status, JSON.parse(owner.text)]).toEqual([
      200,
      { subscriptionId: step.subscriptionId, status: 'succeeded' },
    ]);
    await api.waitForStatus(user, step.subscriptionId, 'active');

    // A finished step is no different from a pending or unknown one to whoever lacks its state: no 409 oracle.
    const stranger = await postReturn(callbackUrl(), step.md, FORGED_PARES);
    expect(shape(stranger, step.md)).toEqual(
      shape(await postReturn(callbackUrl(), UNKNOWN_MD, FORGED_PARES), UNKNOWN_MD),
    );
  });

  it("a return by redirect (GET, query only) hands the acquirer's query fields to the adapter and completes the step", async () => {
    const user = `redirect-${Date.now()}`;
    const step = await subscribeWith3ds(user);
    const back = new URL(step.termUrl);
    back.searchParams.set('MD', step.md);
    back.searchParams.set('PaRes', await genuinePaRes(step.md));
    const res = await fetch(back, { redirect: 'manual' });
    expect([res.status, await res.json()]).toEqual([200, { subscriptionId: step.subscriptionId, status: 'succeeded' }]);
    await api.waitForStatus(user, step.subscriptionId, 'active');
    expect(await acquirerStatus(step.md)).toBe('Completed');
  });

  it('a returnUrl stored before the redirect rules is not followed: the owner gets the checkout as JSON', async () => {
    const step = await subscribeWith3ds(`legacy-url-${Date.now()}`, 'https://movix.example/welcome');
    // As a row written before returnUrls were checked could hold.
    await h.database.db
      .update(subscriptions)
      .set({ returnUrl: 'http://evil.example/steal' })
      .where(eq(subscriptions.id, step.subscriptionId));
    const owner = await postReturn(step.termUrl, step.md, await genuinePaRes(step.md));
    expect([owner.status, owner.location, JSON.parse(owner.text)]).toEqual([
      200,
      null,
      { subscriptionId: step.subscriptionId, status: 'succeeded' },
    ]);
  });

  it('a key rotation keeps open checkouts returning: the previous key still verifies, a key nobody configured never', async () => {
    const step = await subscribeWith3ds(`rotation-${Date.now()}`);
    const paRes = await genuinePaRes(step.md);
    /** The API after a deploy with a new key; the state in the payer's TermUrl was signed with the old one. */
    const deployed = (previous: string | undefined) =>
      createApp({
        config: {
          ...h.config,
          threeDsStateSecret: 'the-next-3-d-secure-state-key-0123456789',
          threeDsStatePreviousSecret: previous,
        },
        db: h.database.db,
        temporal: h.client,
        logger: createLogger('silent'),
        acquirers: h.acquirers,
      });
    const post = (app: ReturnType<typeof deployed>) =>
      app.request(new URL(step.termUrl).pathname + new URL(step.termUrl).search, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ MD: step.md, PaRes: paRes }).toString(),
      });
    const forgotten = await post(deployed(undefined));
    expect([forgotten.status, ((await forgotten.json()) as Json).error.code]).toEqual([404, 'payment_not_found']);
    expect(await acquirerStatus(step.md)).toBe('AwaitingAuthentication');
    const rotating = await post(deployed(h.config.threeDsStateSecret));
    expect([rotating.status, await rotating.json()]).toEqual([
      200,
      { subscriptionId: step.subscriptionId, status: 'succeeded' },
    ]);
  });

  it("a second submission of the bank's form is 409 invalid_state, whether the checkout succeeded or ended declined", async () => {
    const paid = await subscribeWith3ds(`twice-paid-${Date.now()}`);
    const paidPaRes = await genuinePaRes(paid.md);
    expect((await postReturn(paid.termUrl, paid.md, paidPaRes)).status).toBe(200);
    const again = await postReturn(paid.termUrl, paid.md, paidPaRes);
    expect([again.status, JSON.parse(again.text).error.code], again.text).toEqual([409, 'invalid_state']);

    // A declined step ends the checkout and its workflow; the form posted again then found no workflow (was 500).
    const user = `twice-declined-${Date.now()}`;
    const declined = await subscribeWith3ds(user);
    const failPaRes = await genuinePaRes(declined.md, 'fail');
    const first = await postReturn(declined.termUrl, declined.md, failPaRes);
    expect([first.status, JSON.parse(first.text).status]).toEqual([200, 'declined']);
    await api.waitForStatus(user, declined.subscriptionId, 'expired');
    const handle = h.client.workflow.getHandle(subscriptionWorkflowId(declined.subscriptionId));
    await until('the checkout workflow to end', async () => (await handle.describe()).status.name === 'COMPLETED');
    const second = await postReturn(declined.termUrl, declined.md, failPaRes);
    expect([second.status, JSON.parse(second.text).error], second.text).toEqual([
      409,
      {
        code: 'invalid_state',
        message: expect.any(String),
        details: { operation: 'complete 3-D Secure', current: 'expired', expected: ['requires_action'] },
      },
    ]);
  });
});
