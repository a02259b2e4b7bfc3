// The sandboxes' controls that mint a saved card as an earlier payment would have (bulk imports bring such tokens).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './support.js';
import { rub, startYooKassaSandbox, type YooKassaTestSandbox } from './yookassa-support.js';

describe('CloudPayments sandbox: POST /_sandbox/tokens', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox();
  });
  afterAll(() => sb.close());

  const chargeToken = (token: string, accountId: string) =>
    sb.api('/payments/tokens/charge', { Amount: 10, AccountId: accountId, Token: token, TrInitiatorCode: 0 });

  it("mints a token bound to the account, which then charges that account's card (and no other account)", async () => {
    const minted = await sb.control('/tokens', { accountId: 'acc-import' });
    expect(minted).toMatchObject({ accountId: 'acc-import', last4: '4242', firstSix: '424242', brand: 'Visa' });
    expect((await chargeToken(minted.token, 'acc-import')).json.Model).toMatchObject({
      Status: 'Completed',
      CardLastFour: '4242',
    });
    expect((await chargeToken(minted.token, 'someone-else')).json).toEqual({
      Success: false,
      Message: 'Token not found',
    });
  });

  it("keeps the test cards' token outcomes, and the same card of the same account is the same token", async () => {
    const declining = await sb.control('/tokens', { accountId: 'acc-poor', cardNumber: '4111111111111111' });
    expect((await chargeToken(declining.token, 'acc-poor')).json.Model).toMatchObject({
      Status: 'Declined',
      ReasonCode: 5051,
    });
    expect((await sb.control('/tokens', { accountId: 'acc-poor', cardNumber: '4111111111111111' })).token).toBe(
      declining.token,
    );
  });
});

describe('YooKassa sandbox: POST /yookassa/_sandbox/payment-methods', () => {
  let sb: YooKassaTestSandbox;
  beforeAll(async () => {
    sb = await startYooKassaSandbox();
  });
  afterAll(() => sb.close());

  it('mints a saved payment method that a merchant-initiated charge can use at once', async () => {
    const minted = await sb.control('/payment-methods', {});
    expect(minted).toMatchObject({ last4: '4444' });
    const { json } = await sb.api('POST', '/payments', {
      amount: rub('10.00'),
      capture: true,
      payment_method_id: minted.token,
    });
    expect(json).toMatchObject({ status: 'succeeded', payment_method: { id: minted.token, saved: true } });
  });
});
