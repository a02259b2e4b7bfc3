import { z } from 'zod';

// Wire shapes of the CloudPayments API and notifications. Objects are loose: the vendor keeps adding fields.

const id = z.union([z.number(), z.string().min(1)]).transform(String);
const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? undefined : String(v)));

export const TRANSACTION_STATUSES = [
  'AwaitingAuthentication',
  'Authorized',
  'Completed',
  'Cancelled',
  'Declined',
] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

export const envelopeSchema = z.looseObject({
  Success: z.boolean(),
  Message: z.string().nullish(),
  Model: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const transactionSchema = z.looseObject({
  TransactionId: id,
  Amount: z.number(),
  // No default: an amount without its currency cannot be read in minor units.
  Currency: z.string().min(1),
  InvoiceId: optionalText,
  AccountId: optionalText,
  Status: z.enum(TRANSACTION_STATUSES),
  StatusCode: z.number().optional(),
  Reason: z.string().nullish(),
  ReasonCode: z.number().nullish(),
  CardHolderMessage: z.string().nullish(),
  CardFirstSix: optionalText,
  CardLastFour: optionalText,
  Token: optionalText,
  JsonData: z.unknown().optional(),
  OriginalTransactionId: optionalText,
  Refunded: z.boolean().optional(),
  TestMode: z.boolean().optional(),
});
export type Transaction = z.infer<typeof transactionSchema>;

/** An item of `/payments/list` and `/v2/payments/list`: a Transaction with its creation time and type. */
export const listedTransactionSchema = transactionSchema.extend({
  /** 0 payment, 1 refund, 2 payout (UNCONFIRMED codes; `OriginalTransactionId` also marks a refund). */
  Type: z.number().nullish(),
  /** `/Date(<unix ms>)/` */
  CreatedDate: z.string().nullish(),
  /** `yyyy-MM-ddTHH:mm:ss`, no offset (UTC for transactions). */
  CreatedDateIso: z.string().nullish(),
});
export type ListedTransaction = z.infer<typeof listedTransactionSchema>;

export const threeDsSchema = z.looseObject({
  TransactionId: id,
  PaReq: z.string().min(1),
  AcsUrl: z.string().min(1),
});
export type ThreeDsModel = z.infer<typeof threeDsSchema>;

export const orderSchema = z.looseObject({
  Id: z.string().min(1),
  Url: z.string().min(1),
  Amount: z.number().optional(),
  Status: z.string().optional(),
});

export const refundModelSchema = z.looseObject({ TransactionId: id });

// Notifications: form bodies carry strings only, JSON bodies may carry numbers/booleans.
const num = z.coerce.number();
const flag = z
  .union([z.boolean(), z.string(), z.number()])
  .optional()
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true' || v === 'True');

const common = {
  TransactionId: id,
  Amount: num,
  Currency: z.string().min(1),
  DateTime: z.string().optional(),
  InvoiceId: optionalText,
  AccountId: optionalText,
  SubscriptionId: optionalText,
  CardFirstSix: optionalText,
  CardLastFour: optionalText,
  Email: optionalText,
  Data: z.unknown().optional(),
  TestMode: flag,
};

export const checkPayloadSchema = z.looseObject({
  ...common,
  Status: z.enum(['Completed', 'Authorized']).optional(),
  OperationType: z.string().optional(),
});
export const payPayloadSchema = z.looseObject({
  ...common,
  Status: z.enum(['Completed', 'Authorized']),
  Token: optionalText,
  OperationType: z.string().optional(),
});
export const failPayloadSchema = z.looseObject({
  ...common,
  Reason: z.string().optional(),
  ReasonCode: num,
  Token: optionalText,
  CardHolderMessage: optionalText,
});
export const confirmPayloadSchema = z.looseObject({ ...common, Token: optionalText });
export const refundPayloadSchema = z.looseObject({
  TransactionId: id,
  PaymentTransactionId: id,
  Amount: num,
  DateTime: z.string().optional(),
  InvoiceId: optionalText,
  AccountId: optionalText,
  Data: z.unknown().optional(),
});
export const cancelPayloadSchema = z.looseObject({
  TransactionId: id,
  Amount: num,
  DateTime: z.string().optional(),
  InvoiceId: optionalText,
  AccountId: optionalText,
  Data: z.unknown().optional(),
});
export const recurrentPayloadSchema = z.looseObject({
  Id: z.string().min(1),
  AccountId: optionalText,
  Amount: num,
  Currency: z.string().optional(),
  Status: z.string(),
});

export const webhookPayloadSchemas = {
  check: checkPayloadSchema,
  pay: payPayloadSchema,
  fail: failPayloadSchema,
  confirm: confirmPayloadSchema,
  refund: refundPayloadSchema,
  cancel: cancelPayloadSchema,
  recurrent: recurrentPayloadSchema,
} as const;

export type WebhookPayloads = { [K in keyof typeof webhookPayloadSchemas]: z.infer<(typeof webhookPayloadSchemas)[K]> };
