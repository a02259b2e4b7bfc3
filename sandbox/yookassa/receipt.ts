// 54-FZ receipt check: the items must add up (price per unit × quantity) to the payment's or refund's amount.
import { invalid } from './errors.js';
import { type Money, parseAmount } from './money.js';
import type { WireReceipt } from './wire.js';

export function checkReceiptTotal(receipt: WireReceipt, amount: Money): void {
  let total = 0;
  receipt.items.forEach((item, i) => {
    const price = parseAmount(item.amount, `receipt.items.${i}.amount`);
    if (price.currency !== amount.currency) throw invalid('Receipt is missing or illegal', 'receipt');
    total += Math.round(price.minor * Number(item.quantity));
  });
  if (total !== amount.minor) throw invalid('Receipt is missing or illegal', 'receipt');
}
