import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kindsOfNotificationBody } from '../../acquiring/cloudpayments/notification-kind.js';
import {
  decodedForSignature,
  encodeCloudPaymentsNotification,
  signCloudPayments,
  verifyCloudPaymentsSignature,
  verifySignatureHeader,
} from '../../acquiring/cloudpayments/signature.js';
import { cloudPaymentsReply, verifyCloudPaymentsNotification } from '../../acquiring/cloudpayments/webhook.js';

const SECRET = 'api-secret';
const hmac = (message: string) => createHmac('sha256', SECRET).update(Buffer.from(message, 'utf8')).digest('base64');
const FORM =
  'TransactionId=42&Amount=10.00&Currency=RUB&Description=%D0%9E%D0%BF%D0%BB%D0%B0%D1%82%D0%B0+%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7%D0%B0&Status=Completed&InvoiceId=inv-1&TestMode=1&Data=%7B%22paymentId%22%3A%22p-1%22%7D&OperationType=Payment&AuthCode=A1B2C3';
const DECODED =
  'TransactionId=42&Amount=10.00&Currency=RUB&Description=Оплата заказа&Status=Completed&InvoiceId=inv-1&TestMode=1&Data={"paymentId":"p-1"}&OperationType=Payment&AuthCode=A1B2C3';
const raw = (text: string) => Buffer.from(text, 'utf8');

describe('CloudPayments notification signatures', () => {
  it('signCloudPayments is base64 HMAC-SHA256 (RFC 4231-style known vector)', () => {
    const key = 'key';
    expect(signCloudPayments(key, 'The quick brown fox jumps over the lazy dog')).toBe(
      '97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=',
    );
  });

  it('decodedForSignature turns + into spaces and percent-decodes the whole body', () => {
    expect(decodedForSignature(raw(FORM))).toBe(DECODED);
  });

  it('Content-HMAC is checked over the raw encoded bytes and X-Content-HMAC over the decoded text', () => {
    expect(verifySignatureHeader(SECRET, raw(FORM), 'content-hmac', hmac(FORM))).toBe(true);
    expect(verifySignatureHeader(SECRET, raw(FORM), 'x-content-hmac', hmac(DECODED))).toBe(true);
    expect(verifySignatureHeader(SECRET, raw(FORM), 'content-hmac', hmac(DECODED))).toBe(false);
    expect(verifySignatureHeader(SECRET, raw(FORM), 'x-content-hmac', hmac(FORM))).toBe(false);
  });

  it.each([
    ['only Content-HMAC, valid', { 'Content-HMAC': hmac(FORM) }, true],
    ['only X-Content-HMAC, valid', { 'X-Content-HMAC': hmac(DECODED) }, true],
    ['both valid', { 'content-hmac': hmac(FORM), 'x-content-hmac': hmac(DECODED) }, true],
    [
      'Content-HMAC wrong although X-Content-HMAC is valid',
      { 'content-hmac': hmac('x'), 'x-content-hmac': hmac(DECODED) },
      false,
    ],
    [
      'Content-HMAC signed with another secret',
      { 'content-hmac': createHmac('sha256', 'other').update(FORM).digest('base64') },
      false,
    ],
    ['no signature at all', {}, false],
    [
      'X-Content-HMAC wrong although Content-HMAC is valid',
      { 'content-hmac': hmac(FORM), 'x-content-hmac': hmac('x') },
      false,
    ],
    ['Content-HMAC sent twice (joined by a comma)', { 'content-hmac': `${hmac(FORM)}, ${hmac(FORM)}` }, false],
    [
      'X-Content-HMAC sent twice next to a valid Content-HMAC',
      { 'content-hmac': hmac(FORM), 'x-content-hmac': `${hmac(DECODED)},${hmac(DECODED)}` },
      false,
    ],
    ['a truncated signature', { 'content-hmac': hmac(FORM).slice(0, 20) }, false],
  ])('%s → %s', (_what, headers, expected) => {
    expect(verifyCloudPaymentsSignature(SECRET, raw(FORM), headers)).toBe(expected);
  });

  it('encodeCloudPaymentsNotification signs form bodies with both headers and JSON bodies with equal headers', () => {
    const form = encodeCloudPaymentsNotification(
      { Amount: '10.00', Description: 'Оплата заказа', Skip: undefined },
      SECRET,
    );
    expect(form.body).toBe(
      'Amount=10.00&Description=%D0%9E%D0%BF%D0%BB%D0%B0%D1%82%D0%B0+%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7%D0%B0',
    );
    expect(form.headers['content-hmac']).toBe(hmac(form.body));
    expect(form.headers['x-content-hmac']).toBe(hmac('Amount=10.00&Description=Оплата заказа'));
    const json = encodeCloudPaymentsNotification({ Amount: 10 }, SECRET, 'json');
    expect(json.body).toBe('{"Amount":10}');
    expect(json.headers['content-hmac']).toBe(hmac(json.body));
    expect(json.headers['x-content-hmac']).toBe(json.headers['content-hmac']);
  });
});

describe('CloudPayments notification parsing', () => {
  const verify = (route: string, body: string, contentType = 'application/x-www-form-urlencoded') =>
    verifyCloudPaymentsNotification(SECRET, {
      route,
      rawBody: raw(body),
      headers: { 'content-type': contentType, 'content-hmac': hmac(body) },
    });

  it('a form pay notification becomes payment_captured with our payment id, amount in minor units and test mode', () => {
    expect(verify('pay', FORM)).toEqual({
      ok: true,
      authenticity: 'signed',
      notification: expect.objectContaining({
        action: 'payment_captured',
        providerTransactionId: '42',
        invoiceId: 'inv-1',
        paymentId: 'p-1',
        amount: 1000,
        currency: 'RUB',
        state: 'captured',
        testMode: true,
        dedupeKey: 'pay:42',
      }),
    });
  });

  it('a JSON fail notification with numbers becomes payment_declined with a classified decline', () => {
    const body = JSON.stringify({
      TransactionId: 43,
      Amount: 5.5,
      Currency: 'USD',
      ReasonCode: 5051,
      Reason: 'InsufficientFunds',
      Token: 'tk_1',
      TestMode: true,
    });
    expect(verify('fail', body, 'application/json')).toMatchObject({
      ok: true,
      notification: {
        action: 'payment_declined',
        providerTransactionId: '43',
        amount: 550,
        currency: 'USD',
        token: 'tk_1',
        decline: { code: '5051', class: 'soft' },
        state: 'declined',
      },
    });
  });

  it.each([
    [
      'check',
      'TransactionId=1&Amount=1.00&Currency=RUB&Status=Authorized',
      { action: 'payment_check', state: 'authorized', amount: 100 },
    ],
    [
      'pay',
      'TransactionId=6&Amount=1&Currency=RUB&Status=Authorized&OperationType=Payment&AuthCode=A1',
      { action: 'payment_authorized', state: 'authorized' },
    ],
    [
      'confirm',
      'TransactionId=2&Amount=2.00&Currency=RUB&AuthCode=A1',
      { action: 'payment_captured', state: 'captured', amount: 200 },
    ],
    [
      'cancel',
      'TransactionId=3&Amount=3.00&InvoiceId=i',
      { action: 'payment_voided', state: 'cancelled', invoiceId: 'i' },
    ],
    [
      'refund',
      'TransactionId=9&PaymentTransactionId=4&Amount=4.00',
      { action: 'refund_succeeded', providerTransactionId: '9', paymentTransactionId: '4', amount: 400 },
    ],
    [
      'recurrent',
      'Id=sc_1&AccountId=a&Amount=5&Currency=RUB&Status=PastDue',
      { action: 'ignored', subscriptionId: 'sc_1', dedupeKey: 'recurrent:sc_1:PastDue' },
    ],
    [
      'PAY',
      'TransactionId=5&Amount=1&Currency=RUB&Status=Completed&OperationType=Payment&AuthCode=A1',
      { action: 'payment_captured' },
    ],
  ])('a %s notification parses', (route, body, expected) => {
    expect(verify(route, body)).toMatchObject({ ok: true, notification: expected });
  });

  it.each([
    [
      'a pay without TransactionId',
      'pay',
      'Amount=1.00&Status=Completed&OperationType=Payment&AuthCode=A',
      'malformed',
    ],
    ['a fail without ReasonCode (no fail body)', 'fail', 'TransactionId=1&Amount=1.00', 'route_mismatch'],
    ['a check body posted to the pay route', 'pay', 'TransactionId=1&Amount=1.00&Status=Completed', 'route_mismatch'],
    [
      'a pay without Currency (its amount cannot be read in minor units)',
      'pay',
      'TransactionId=1&Amount=1.00&Status=Completed&OperationType=Payment&AuthCode=A',
      'malformed',
    ],
    ['a JSON array body', 'pay', '[1,2]', 'malformed'],
    ['broken JSON', 'pay', '{"TransactionId":', 'malformed'],
    ['an unknown route', 'receipt', 'TransactionId=1', 'unknown_route'],
  ])('%s is rejected as %s', (_what, route, body, reason) => {
    const type = body.startsWith('{') || body.startsWith('[') ? 'application/json' : undefined;
    expect(verify(route, body, type)).toMatchObject({ ok: false, reason });
  });

  it('the reply is HTTP 200 JSON {"code":n}', () => {
    expect(cloudPaymentsReply({ action: 'payment_check' }, 'wrong_amount')).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"code":12}',
    });
    expect(cloudPaymentsReply({ action: 'refund_succeeded' })).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"code":0}',
    });
  });
});

describe('what a notification body proves', () => {
  const proves = (_route: string, fields: Record<string, string>) => kindsOfNotificationBody(fields);
  const base = { TransactionId: '7', Amount: '10.00', Currency: 'RUB', InvoiceId: 'inv-1', AccountId: 'u-1' };

  it('a check (before authorising) has no authorisation fields; a pay has them and its OperationType', () => {
    expect(proves('pay', { ...base, Status: 'Completed', OperationType: 'Payment' })).toEqual(['check']);
    const pay = { ...base, Status: 'Completed', OperationType: 'Payment', AuthCode: 'A1', Rrn: '1', Token: 'tk' };
    expect(proves('pay', pay)).toEqual(['pay', 'confirm']);
    expect(proves('confirm', { ...base, Status: 'Completed', AuthCode: 'A1', Token: 'tk' })).toEqual(['confirm']);
    expect(proves('pay', { ...base, Status: 'Completed', OperationType: 'CardPayout', AuthCode: 'A1' })).toEqual([]);
  });

  it('fail, refund, cancel and recurrent bodies show their own kind', () => {
    expect(proves('fail', { ...base, ReasonCode: '5051', Reason: 'InsufficientFunds' })).toEqual(['fail']);
    expect(proves('refund', { ...base, PaymentTransactionId: '6', OperationType: 'Refund' })).toEqual(['refund']);
    expect(proves('cancel', base)).toEqual(['check', 'cancel']);
    expect(proves('cancel', { TransactionId: '7', Amount: '10.00', InvoiceId: 'i', Rrn: '123' })).toEqual(['cancel']);
    expect(proves('recurrent', { Id: 'sc_1', AccountId: 'u', Amount: '1', Status: 'Active' })).toEqual(['recurrent']);
  });

  it('X-Content-HMAC alone is refused when decoding changes how the body splits into fields', () => {
    const ambiguous = 'TransactionId=1&Description=a%26Amount%3D1.00&Amount=10.00';
    const decoded = 'TransactionId=1&Description=a&Amount=1.00&Amount=10.00';
    expect(verifyCloudPaymentsSignature(SECRET, raw(ambiguous), { 'x-content-hmac': hmac(decoded) })).toBe(false);
    const plain = 'TransactionId=1&Description=a+b&Amount=10.00';
    const plainDecoded = 'TransactionId=1&Description=a b&Amount=10.00';
    expect(verifyCloudPaymentsSignature(SECRET, raw(plain), { 'x-content-hmac': hmac(plainDecoded) })).toBe(true);
  });
});
