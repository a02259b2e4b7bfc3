// The sandbox's CloudPayments API over real HTTP, part 1: auth, envelope, request fields and the
// documented test cards.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../acquiring/cloudpayments/test-cards.js';
import { startTestSandbox, type TestSandbox } from './support.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(() => sb.close());
beforeEach(async () => {
  await sb.control('/faults', undefined, 'DELETE');
});

const invoice = () => `inv_${randomUUID()}`;
async function charge(
  card: string,
  extra: Record<string, unknown> = {},
  path = '/payments/cards/charge',
  headers = {},
) {
  const body = {
    Amount: 100,
    Currency: 'RUB',
    IpAddress: '10.0.0.1',
    CardCryptogramPacket: await sb.cryptogram(card),
    InvoiceId: invoice(),
    AccountId: 'acc-1',
    ...extra,
  };
  return { body, answer: await sb.api(path, body, headers) };
}

describe('sandbox API: auth and envelope', () => {
  it.each([
    ['no Authorization header', {}],
    [
      'a wrong API secret',
      { authorization: `Basic ${Buffer.from('test_api_sandbox_tests:wrong').toString('base64')}` },
    ],
    [
      'another Public ID',
      { authorization: `Basic ${Buffer.from('pk_other:sandbox-tests-secret').toString('base64')}` },
    ],
  ])('a payment method called with %s is HTTP 401 and processes nothing', async (_what, headers) => {
    const body = JSON.stringify({
      Amount: 1,
      IpAddress: '1',
      CardCryptogramPacket: await sb.cryptogram('4000000000003055'),
      InvoiceId: 'unauthorised',
    });
    const response = await fetch(`${sb.url}/payments/cards/charge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect(response.status).toBe(401);
    expect((await sb.transactions()).some((t: { InvoiceId: string }) => t.InvoiceId === 'unauthorised')).toBe(false);
  });

  it('/test answers {Success:true, Message:<guid>}, with or without credentials (as the real API does)', async () => {
    const { status, json } = await sb.api('/test');
    expect(status).toBe(200);
    expect(json).toEqual({ Success: true, Message: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const anonymous = await fetch(`${sb.url}/test`, { method: 'POST', body: '{}' });
    expect(await anonymous.json()).toMatchObject({ Success: true });
  });

  it('a one-stage charge answers Success with a Completed Transaction carrying the documented fields', async () => {
    const { body, answer } = await charge('4000000000003055', {
      Description: 'Movix',
      Email: 'a@b.c',
      JsonData: { paymentId: 'p1' },
    });
    expect(answer.json).toMatchObject({
      Success: true,
      Message: null,
      Model: {
        TransactionId: expect.any(Number),
        Amount: 100,
        Currency: 'RUB',
        InvoiceId: body.InvoiceId,
        AccountId: 'acc-1',
        Status: 'Completed',
        StatusCode: 3,
        ReasonCode: 0,
        Reason: 'Approved',
        CardFirstSix: '400000',
        CardLastFour: '3055',
        CardType: 'Visa',
        CardExpDate: '12/35',
        TestMode: true,
        GatewayName: 'Test',
        Token: expect.stringMatching(/^tk_/),
        JsonData: '{"paymentId":"p1"}',
        CreatedDate: expect.stringMatching(/^\/Date\(\d+\)\/$/),
        Description: 'Movix',
        Email: 'a@b.c',
      },
    });
  });

  it('a form-urlencoded body with lower-case field names is accepted like JSON', async () => {
    const packet = await sb.cryptogram('4000000000003055');
    const form = new URLSearchParams({
      amount: '12.50',
      ipaddress: '1.1.1.1',
      cardcryptogrampacket: packet,
      invoiceid: 'form-inv',
    }).toString();
    const { json } = await sb.api('/payments/cards/charge', form);
    expect(json).toMatchObject({ Success: true, Model: { Amount: 12.5, InvoiceId: 'form-inv', Status: 'Completed' } });
  });

  it.each([
    ['Amount missing', { IpAddress: '1', CardCryptogramPacket: 'x' }, 'Amount is required'],
    ['Amount below 0.01', { Amount: 0, IpAddress: '1', CardCryptogramPacket: 'x' }, 'Amount is invalid'],
    [
      'an unsupported currency',
      { Amount: 1, Currency: 'XYZ', IpAddress: '1', CardCryptogramPacket: 'x' },
      'Currency XYZ is not supported',
    ],
    ['no cryptogram', { Amount: 1, IpAddress: '1' }, 'CardCryptogramPacket is required'],
    [
      'an unreadable cryptogram',
      { Amount: 1, IpAddress: '1', CardCryptogramPacket: 'garbage' },
      'Invalid CardCryptogramPacket',
    ],
  ])('a charge with %s answers Success:false with Message "%s" and no Model', async (_what, body, message) => {
    const { status, json } = await sb.api('/payments/cards/charge', body);
    expect(status).toBe(200);
    expect(json).toEqual({ Success: false, Message: message });
  });
});

describe('sandbox API: documented test cards', () => {
  it.each(TEST_CARDS.map((c) => [c.number, c] as const))(
    'card %s behaves as documented by cryptogram and by token',
    async (_n, card) => {
      const { answer } = await charge(card.number);
      let tx = answer.json.Model;
      if (card.threeDs) {
        expect(answer.json).toMatchObject({
          Success: false,
          Message: null,
          Model: { TransactionId: expect.any(Number), PaReq: expect.stringMatching(/^\+\//), AcsUrl: `${sb.url}/acs` },
        });
        const { paRes } = await sb.control(`/3ds/${tx.TransactionId}`, { result: 'success' });
        tx = (await sb.api('/payments/cards/post3ds', { TransactionId: tx.TransactionId, PaRes: paRes })).json.Model;
      }
      if (card.cryptogram === 'insufficient_funds') {
        expect(tx).toMatchObject({
          Status: 'Declined',
          StatusCode: 5,
          ReasonCode: 5051,
          Reason: 'InsufficientFunds',
          CardHolderMessage: 'Недостаточно средств на карте',
        });
        return;
      }
      expect(tx).toMatchObject({ Status: 'Completed', CardLastFour: card.number.slice(-4), CardType: card.brand });
      const byToken = await sb.api('/payments/tokens/charge', {
        Amount: 50,
        AccountId: 'acc-1',
        Token: tx.Token,
        TrInitiatorCode: 0,
        PaymentScheduled: 1,
      });
      const expected =
        card.token === 'success' ? { Status: 'Completed', ReasonCode: 0 } : { Status: 'Declined', ReasonCode: 5051 };
      expect(byToken.json.Model).toMatchObject({ ...expected, TrInitiatorCode: 0, Token: tx.Token });
    },
  );

  it('a token charge for another AccountId is refused with "Token not found"', async () => {
    const { answer } = await charge('4000000000003055');
    const { json } = await sb.api('/payments/tokens/charge', {
      Amount: 1,
      AccountId: 'someone-else',
      Token: answer.json.Model.Token,
      TrInitiatorCode: 0,
    });
    expect(json).toEqual({ Success: false, Message: 'Token not found' });
  });

  it('post3ds with a forged PaRes declines with 5206', async () => {
    const { answer } = await charge('4242424242424242');
    const { json } = await sb.api('/payments/cards/post3ds', {
      TransactionId: answer.json.Model.TransactionId,
      PaRes: 'forged.value',
    });
    expect(json).toMatchObject({ Success: false, Model: { Status: 'Declined', ReasonCode: 5206 } });
  });

  it('a token forced to decline twice declines twice with that code, then succeeds again', async () => {
    const { answer } = await charge('4000000000003055');
    const token = answer.json.Model.Token;
    await sb.control(`/tokens/${token}/behavior`, { reasonCode: 5057, times: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await sb.api('/payments/tokens/charge', { Amount: 1, AccountId: 'acc-1', Token: token, TrInitiatorCode: 0 }))
          .json.Model.ReasonCode,
      );
    expect(codes).toEqual([5057, 5057, 0]);
  });
});
