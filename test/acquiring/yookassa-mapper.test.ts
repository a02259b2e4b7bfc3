// The YooKassa adapter's pure parts: money strings, status and reason tables, receipts, request bodies.
import { describe, expect, it } from 'vitest';
import { idempotenceKey } from '../../acquiring/yookassa/client.js';
import { paymentToResult, refundToOperation, refusedDecline } from '../../acquiring/yookassa/mapper.js';
import { fromAmountValue, toAmountValue } from '../../acquiring/yookassa/money.js';
import { cardPaymentBody, linkPaymentBody, refundBody, tokenPaymentBody } from '../../acquiring/yookassa/requests.js';
import type { Payment, Refund } from '../../acquiring/yookassa/schemas.js';
import { CANCELLATION_REASONS, classOfReason } from '../../acquiring/yookassa/status-tables.js';

const payment = (over: Partial<Payment> = {}): Payment => ({
  id: '2e6c41b0-000f-5000-8000-1d4a7c9e3b21',
  status: 'succeeded',
  amount: { value: '499.00', currency: 'RUB' },
  created_at: '2026-12-03T07:00:00.000Z',
  metadata: { paymentId: 'pay_1', invoiceId: 'inv_1', accountId: 'acc_1' },
  payment_method: { type: 'bank_card', id: 'pm_1', saved: true, card: { last4: '4444' } },
  ...over,
});

describe('YooKassa money strings', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [99, '0.99'],
    [49_900, '499.00'],
    [12_345, '123.45'],
    [35_000_000, '350000.00'],
  ])('%i minor units of RUB are "%s"', (minor, value) => {
    expect(toAmountValue(minor, 'RUB')).toBe(value);
    expect(fromAmountValue(value, 'RUB')).toBe(minor);
  });

  it.each([
    ['499', 49_900],
    ['499.5', 49_950],
    ['1.000', 100],
  ])('"%s" RUB reads as %i minor units', (value, minor) => {
    expect(fromAmountValue(value, 'RUB')).toBe(minor);
  });

  it.each(['1.005', '-1.00', '1,00', '', 'abc', '1e3'])('"%s" RUB is refused, not rounded', (value) => {
    expect(() => fromAmountValue(value, 'RUB')).toThrow(RangeError);
  });

  it('an unknown currency is refused both ways: there is no default currency', () => {
    expect(() => toAmountValue(100, 'XYZ')).toThrow(/XYZ/);
    expect(() => fromAmountValue('1.00', 'XYZ')).toThrow(/XYZ/);
  });

  it.each([1.5, -1, Number.NaN])('%s minor units is refused', (minor) => {
    expect(() => toAmountValue(minor, 'RUB')).toThrow(RangeError);
  });
});

describe('YooKassa payment status → our state and outcome', () => {
  it.each([
    ['waiting_for_capture', 'authorized', 'succeeded'],
    ['succeeded', 'captured', 'succeeded'],
  ] as const)('%s is %s / %s', (status, state, outcome) => {
    expect(paymentToResult(payment({ status }), null)).toMatchObject({ state, outcome });
  });

  it('a succeeded payment carries our ids from metadata, the saved method as token, last four and minor units', () => {
    expect(paymentToResult(payment(), 'raw')).toEqual({
      outcome: 'succeeded',
      state: 'captured',
      providerTransactionId: '2e6c41b0-000f-5000-8000-1d4a7c9e3b21',
      paymentId: 'pay_1',
      invoiceId: 'inv_1',
      accountId: 'acc_1',
      amount: 49_900,
      currency: 'RUB',
      token: 'pm_1',
      cardLastFour: '4444',
      decline: undefined,
      challenge: undefined,
      raw: 'raw',
    });
  });

  it('a method that was not saved is no token', () => {
    const method = { type: 'bank_card', id: 'pm_2', saved: false };
    expect(paymentToResult(payment({ payment_method: method }), null).token).toBeUndefined();
  });

  it('a pending payment with a confirmation URL requires action: a GET challenge to that URL with no fields', () => {
    const confirmation = { type: 'redirect', confirmation_url: 'https://yoomoney.example/confirm?id=1' };
    expect(paymentToResult(payment({ status: 'pending', confirmation }), null)).toMatchObject({
      outcome: 'requires_action',
      state: 'awaiting_authentication',
      challenge: { method: 'GET', url: 'https://yoomoney.example/confirm?id=1', fields: {} },
    });
  });

  it('a pending payment without a confirmation URL (a charge still processing) is unknown, with no challenge', () => {
    const result = paymentToResult(payment({ status: 'pending', confirmation: null }), null);
    expect(result).toMatchObject({
      outcome: 'unknown',
      state: 'awaiting_authentication',
      failure: { retryable: true },
    });
    expect(result.challenge).toBeUndefined();
    expect(result.decline).toBeUndefined();
  });

  it.each([
    ['insufficient_funds', 'soft'],
    ['issuer_unavailable', 'soft'],
    ['payment_method_limit_exceeded', 'soft'],
    ['general_decline', 'soft'],
    ['call_issuer', 'soft'],
    ['card_expired', 'hard'],
    ['permission_revoked', 'hard'],
    ['payment_method_restricted', 'hard'],
    ['fraud_suspected', 'hard'],
    ['3d_secure_failed', 'hard'],
    ['country_forbidden', 'hard'],
    ['a_reason_added_later', 'soft'],
  ] as const)('canceled with %s is a %s decline', (reason, cls) => {
    const canceled = payment({ status: 'canceled', cancellation_details: { party: 'payment_network', reason } });
    expect(paymentToResult(canceled, null)).toMatchObject({
      outcome: 'declined',
      state: 'declined',
      decline: { code: reason, reason, class: cls, message: 'party: payment_network' },
    });
  });

  it.each(['canceled_by_merchant', 'expired_on_capture', 'expired_on_confirmation'])(
    'canceled with %s is a voided payment, not a decline',
    (reason) => {
      const canceled = payment({ status: 'canceled', cancellation_details: { party: 'merchant', reason } });
      const result = paymentToResult(canceled, null);
      expect(result).toMatchObject({ outcome: 'voided', state: 'cancelled' });
      expect(result.decline).toBeUndefined();
    },
  );

  it("every reason of the reference's table has a class, and an unknown one is soft", () => {
    expect(Object.keys(CANCELLATION_REASONS)).toHaveLength(25);
    expect(classOfReason('never_heard_of_it')).toBe('soft');
    expect(classOfReason('toString')).toBe('soft');
  });

  it('a refused request is a hard request_rejected decline with the description', () => {
    expect(
      refusedDecline({
        type: 'error',
        code: 'invalid_request',
        description: 'Refund sum exceeded',
        parameter: 'amount',
      }),
    ).toEqual({
      code: 'request_rejected',
      reason: 'invalid_request',
      class: 'hard',
      message: 'Refund sum exceeded (amount)',
    });
  });
});

describe('YooKassa refunds → our operation result', () => {
  const refund = (over: Partial<Refund>): Refund => ({
    id: 'rf_1',
    payment_id: 'pm_1',
    status: 'succeeded',
    amount: { value: '200.00', currency: 'RUB' },
    created_at: '2026-12-03T07:00:00.000Z',
    ...over,
  });
  it('succeeded is succeeded with the refund id; canceled a decline; pending unknown (findRefund settles it)', () => {
    expect(refundToOperation(refund({}), null)).toMatchObject({ outcome: 'succeeded', providerTransactionId: 'rf_1' });
    const canceled = refund({ status: 'canceled', cancellation_details: { reason: 'rejected_by_payee' } });
    expect(refundToOperation(canceled, null)).toMatchObject({ outcome: 'declined', decline: { class: 'hard' } });
    expect(refundToOperation(refund({ status: 'pending' }), null)).toMatchObject({
      outcome: 'unknown',
      providerTransactionId: 'rf_1',
      failure: { retryable: true },
    });
  });
});

describe('YooKassa request bodies', () => {
  const ids = { paymentId: 'pay_1', idempotencyKey: 'k', invoiceId: 'inv_1', accountId: 'acc_1' };
  it('a link is a redirect payment for a bank card, saving it, with only our ids in metadata', () => {
    const body = linkPaymentBody(
      { ...ids, amount: 19_900, currency: 'RUB', description: 'Movix', capture: false },
      'https://r',
    );
    expect(body).toEqual({
      amount: { value: '199.00', currency: 'RUB' },
      capture: false,
      save_payment_method: true,
      payment_method_data: { type: 'bank_card' },
      confirmation: { type: 'redirect', return_url: 'https://r' },
      metadata: { paymentId: 'pay_1', invoiceId: 'inv_1', accountId: 'acc_1' },
      description: 'Movix',
    });
  });

  it('a card charge sends the payment_token, our return URL and the payer IP; capture defaults to true', () => {
    const input = {
      ...ids,
      amount: 100,
      currency: 'RUB',
      cryptogram: 'tok',
      ipAddress: '10.0.0.1',
      returnUrl: 'https://b/3ds',
    };
    expect(cardPaymentBody(input)).toMatchObject({
      capture: true,
      payment_token: 'tok',
      confirmation: { type: 'redirect', return_url: 'https://b/3ds' },
      client_ip: '10.0.0.1',
    });
  });

  it('a token charge sends payment_method_id and no confirmation', () => {
    const input = {
      ...ids,
      amount: 100,
      currency: 'RUB',
      token: 'pm_9',
      initiator: 'merchant',
      scheduled: true,
    } as const;
    const body = tokenPaymentBody(input);
    expect(body).toMatchObject({ payment_method_id: 'pm_9', capture: true });
    expect(body).not.toHaveProperty('confirmation');
    expect(body).not.toHaveProperty('payment_token');
  });

  it('a refund names the payment and carries our payment and refund ids', () => {
    const input = { ...ids, refundId: 'ref_1', providerTransactionId: 'pm_1', amount: 5_000, currency: 'RUB' };
    expect(refundBody(input)).toEqual({
      payment_id: 'pm_1',
      amount: { value: '50.00', currency: 'RUB' },
      metadata: { paymentId: 'pay_1', refundId: 'ref_1' },
    });
  });

  it('our idempotency key is the Idempotence-Key when it fits 64 printable characters, else its SHA-256', () => {
    expect(idempotenceKey('key_3f1c')).toBe('key_3f1c');
    expect(idempotenceKey('k'.repeat(64))).toBe('k'.repeat(64));
    const long = idempotenceKey(`k${'x'.repeat(64)}`);
    expect(long).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotenceKey(`k${'x'.repeat(64)}`)).toBe(long);
    expect(idempotenceKey('ключ')).toMatch(/^[0-9a-f]{64}$/);
  });
});
