// The receipt (54-FZ) a merchant sends in JsonData as {"CloudPayments":{"CustomerReceipt":{…}}}: the sandbox keeps it
// with the transaction and says what CloudKassir would object to. Its own wire definition, not the adapter's, so the
// contract really cross-checks what the adapter sends.
import { z } from 'zod';

const itemSchema = z.object({
  label: z.string().min(1).max(128),
  price: z.number().nonnegative(),
  quantity: z.number().positive(),
  amount: z.number().nonnegative(),
  vat: z.union([z.null(), z.literal([0, 5, 7, 10, 20, 22, 105, 107, 110, 120, 122])]).optional(),
  method: z.number().int().min(1).max(7),
  object: z.number().int().min(1).max(27),
});

const customerReceiptSchema = z.object({
  Items: z.array(itemSchema).min(1),
  email: z.string().optional(),
  phone: z.string().optional(),
  taxationSystem: z.number().int().min(0).max(5).optional(),
});
export type SandboxReceipt = z.infer<typeof customerReceiptSchema>;

const cents = (major: number) => Math.round(major * 100);

/** The CustomerReceipt inside JsonData, under any casing of "CloudPayments" (the real key's casing is unverified). */
function customerReceiptIn(jsonData: string | null): unknown {
  if (!jsonData) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(jsonData);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const key = Object.keys(data).find((k) => k.toLowerCase() === 'cloudpayments');
  const section = key ? (data as Record<string, unknown>)[key] : undefined;
  return typeof section === 'object' && section !== null
    ? (section as Record<string, unknown>).CustomerReceipt
    : undefined;
}

/** The receipt a request carried (null: none) and, when it is one CloudKassir would refuse, why. */
export function readReceipt(
  jsonData: string | null,
  amount: number,
): { receipt: SandboxReceipt | null; receiptProblem: string | null } {
  const raw = customerReceiptIn(jsonData);
  if (raw === undefined) return { receipt: null, receiptProblem: null };
  const parsed = customerReceiptSchema.safeParse(raw);
  if (!parsed.success) return { receipt: null, receiptProblem: z.prettifyError(parsed.error) };
  const receipt = parsed.data;
  const problems: string[] = [];
  if (!receipt.email && !receipt.phone) problems.push('neither email nor phone');
  for (const item of receipt.Items) {
    if (cents(item.price * item.quantity) !== cents(item.amount))
      problems.push(`${item.label}: amount ≠ price × quantity`);
  }
  const total = receipt.Items.reduce((sum, i) => sum + cents(i.amount), 0);
  if (total !== cents(amount)) problems.push(`items add up to ${total / 100}, the operation is ${amount}`);
  return { receipt, receiptProblem: problems.length > 0 ? problems.join('; ') : null };
}
