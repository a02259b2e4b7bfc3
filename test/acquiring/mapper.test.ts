import { describe, expect, it } from 'vitest';
import {
  CHECK_REPLY_CODES,
  declineFor,
  envelopeToOperationResult,
  envelopeToPaymentResult,
  paymentIdFromData,
  STATUS_TABLE,
  toMajorUnits,
  toMinorUnits,
} from '../../acquiring/cloudpayments/mapper.js';
import { REASON_CODES } from '../../acquiring/cloudpayments/reason-codes.js';
import { continuationProblem } from '../../acquiring/cloudpayments/three-ds.js';

const tx = (fields: Record<string, unknown>) => ({
  TransactionId: 501,
  Amount: 299,
  Currency: 'RUB',
  InvoiceId: 'inv-1',
  AccountId: 'acc-1',
  CardLastFour: '4242',
  Token: 'tk_1',
  Status: 'Completed',
  ReasonCode: 0,
  Reason: 'Approved',
  ...fields,
});

describe('CloudPayments mapper', () => {
  it.each([
    [29_900, 'RUB', 299],
    [1, 'RUB', 0.01],
    [12_345, 'USD', 123.45],
    [10, 'EUR', 0.1],
    [500, 'BYR', 500],
    [0, 'KZT', 0],
  ])('toMajorUnits(%i, %s) is %d', (minor, currency, major) => {
    expect(toMajorUnits(minor, currency)).toBe(major);
  });

  it.each([
    [299, 'RUB', 29_900],
    ['299.00', 'RUB', 29_900],
    [0.29, 'RUB', 29],
    [1.005, 'USD', 101],
    ['10.10', 'EUR', 1_010],
    [65.98, 'RUB', 6_598],
    [500, 'BYR', 500],
  ])('toMinorUnits(%s, %s) is %i', (major, currency, minor) => {
    expect(toMinorUnits(major, currency)).toBe(minor);
  });

  it('every minor amount from 0 to 100000 kopecks survives a round trip through major units', () => {
    for (let minor = 0; minor <= 100_000; minor += 7)
      expect(toMinorUnits(toMajorUnits(minor, 'RUB'), 'RUB')).toBe(minor);
  });

  it.each([
    ['XXX', () => toMajorUnits(100, 'XXX')],
    ['a fractional minor amount', () => toMajorUnits(1.5, 'RUB')],
    ['a non-numeric string', () => toMinorUnits('abc', 'RUB')],
  ])('refuses %s with a RangeError', (_what, run) => {
    expect(run).toThrow(RangeError);
  });

  it.each([
    ['AwaitingAuthentication', 'awaiting_authentication', 'requires_action'],
    ['Authorized', 'authorized', 'succeeded'],
    ['Completed', 'captured', 'succeeded'],
    ['Cancelled', 'cancelled', 'voided'],
    ['Declined', 'declined', 'declined'],
  ] as const)('status %s maps to state %s with outcome %s', (status, state, outcome) => {
    expect(STATUS_TABLE[status]).toEqual({ state, outcome });
  });

  it.each([
    [5051, 'InsufficientFunds', 'soft'],
    [5005, 'DoNotHonor', 'hard'],
    [5001, 'ReferToCardIssuer', 'hard'],
    [5033, 'ExpiredCardPickup', 'hard'],
    [5054, 'ExpiredCard', 'soft'],
    [5065, 'ExceedWithdrawalFrequency', 'soft'],
    [5096, 'SystemError', 'soft'],
    [5206, 'AuthenticationFailed', 'hard'],
    [5043, 'StolenCard', 'hard'],
    [3001, 'InvalidInvoiceId', 'hard'],
    [3007, 'UnableToConnect', 'soft'],
  ] as const)('reason code %i is %s (%s)', (code, reason, klass) => {
    expect(declineFor(code)).toMatchObject({ code: String(code), reason, class: klass });
  });

  it('the documented hard group (5001 5003 5005 5012 5017 5033 5034 5057) is hard and the documented soft groups are soft', () => {
    for (const code of [5001, 5003, 5005, 5012, 5017, 5033, 5034, 5057] as const)
      expect(REASON_CODES[code][1]).toBe('hard');
    for (const code of [5013, 5014, 5030, 5054, 5055, 5063, 5051, 5065, 5096] as const)
      expect(REASON_CODES[code][1]).toBe('soft');
  });

  it('an unlisted reason code keeps the acquirer reason and is soft', () => {
    expect(declineFor(5999, 'SomethingNew', 'msg')).toEqual({
      code: '5999',
      reason: 'SomethingNew',
      class: 'soft',
      message: 'msg',
    });
  });

  it('check decisions map to reply codes 0, 10, 11, 12, 13, 20', () => {
    expect(CHECK_REPLY_CODES).toEqual({
      accept: 0,
      unknown_invoice: 10,
      wrong_account: 11,
      wrong_amount: 12,
      not_acceptable: 13,
      expired: 20,
    });
  });

  it.each([
    [{ paymentId: 'p1' }, 'p1'],
    ['{"paymentId":"p2"}', 'p2'],
    ['not json', undefined],
    [null, undefined],
    ['{broken', undefined],
  ])('paymentIdFromData(%j) is %s', (data, expected) => {
    expect(paymentIdFromData(data)).toBe(expected);
  });

  describe('payment answers', () => {
    it('Success with a Completed transaction is succeeded/captured with amount in minor units, token and last four', () => {
      const env = { Success: true, Message: null, Model: tx({}) };
      expect(envelopeToPaymentResult(env, env)).toMatchObject({
        outcome: 'succeeded',
        state: 'captured',
        providerTransactionId: '501',
        amount: 29_900,
        token: 'tk_1',
        cardLastFour: '4242',
        invoiceId: 'inv-1',
      });
    });

    it('a 3-D Secure Model is requires_action: a POST to AcsUrl of PaReq, MD = TransactionId and TermUrl = our return address', () => {
      const env = {
        Success: false,
        Message: null,
        Model: { TransactionId: 77, PaReq: 'eJx', AcsUrl: 'https://acs', GoReq: null },
      };
      expect(envelopeToPaymentResult(env, env, 'https://billing.example/back?payment=p&state=s')).toMatchObject({
        outcome: 'requires_action',
        providerTransactionId: '77',
        challenge: {
          method: 'POST',
          url: 'https://acs',
          fields: { PaReq: 'eJx', MD: '77', TermUrl: 'https://billing.example/back?payment=p&state=s' },
        },
      });
    });

    it('a continuation is refused without a PaRes, or with an MD that names another transaction', () => {
      const input = { paymentId: 'p', idempotencyKey: 'k', providerTransactionId: '77' };
      expect(continuationProblem({ ...input, continuation: { MD: '77', PaRes: 'x' } })).toBeUndefined();
      expect(continuationProblem({ ...input, continuation: { PaRes: 'x' } })).toBeUndefined();
      expect(continuationProblem({ ...input, continuation: { MD: '77' } })).toMatch(/no PaRes/);
      expect(continuationProblem({ ...input, continuation: { MD: '78', PaRes: 'x' } })).toMatch(/78, not 77/);
    });

    it('a Declined transaction is declined with code, reason, class and the cardholder message', () => {
      const env = {
        Success: false,
        Message: null,
        Model: tx({
          Status: 'Declined',
          ReasonCode: 5051,
          Reason: 'InsufficientFunds',
          CardHolderMessage: 'Недостаточно средств',
        }),
      };
      expect(envelopeToPaymentResult(env, env)).toMatchObject({
        outcome: 'declined',
        decline: { code: '5051', reason: 'InsufficientFunds', class: 'soft', message: 'Недостаточно средств' },
      });
    });

    it('Success:false without a Model (a refused request) is a hard request_rejected decline carrying the message', () => {
      const env = { Success: false, Message: 'Amount is required' };
      expect(envelopeToPaymentResult(env, env)).toMatchObject({
        outcome: 'declined',
        decline: { code: 'request_rejected', reason: 'Amount is required', class: 'hard' },
      });
    });

    it.each([
      ['Success without a Model', { Success: true, Message: null }],
      ['an unknown Status', { Success: true, Message: null, Model: tx({ Status: 'Weird' }) }],
    ])('%s is unknown, not a decline', (_what, env) => {
      const result = envelopeToPaymentResult(env, env);
      expect(result.outcome).toBe('unknown');
      expect(result.decline).toBeUndefined();
    });

    it('a refund answer yields the refund transaction id; a refused operation is declined', () => {
      expect(
        envelopeToOperationResult({ Success: true, Message: null, Model: { TransactionId: 568 } }, null),
      ).toMatchObject({ outcome: 'succeeded', providerTransactionId: '568' });
      expect(envelopeToOperationResult({ Success: true, Message: null }, null)).toMatchObject({
        outcome: 'succeeded',
        providerTransactionId: undefined,
      });
      expect(envelopeToOperationResult({ Success: false, Message: 'Not found' }, null)).toMatchObject({
        outcome: 'declined',
        decline: { reason: 'Not found' },
      });
    });
  });
});
