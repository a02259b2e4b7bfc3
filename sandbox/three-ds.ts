// The sandbox's 3-D Secure: a PaReq shaped like the test one, and a PaRes the sandbox signs itself so
// post3ds can tell a genuine "approved" from a forged one.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxTransaction } from './ledger.js';

export function makePaReq(tx: SandboxTransaction): string {
  const info = {
    MerchantName: null,
    FirstSix: tx.firstSix,
    LastFour: tx.lastFour,
    Amount: tx.amount,
    CurrencyCode: tx.currency,
    Date: tx.createdAt.toISOString(),
    CustomerName: tx.name,
    CultureName: 'ru-RU',
  };
  return `+/${Buffer.from(JSON.stringify(info)).toString('base64')}`;
}

export function createThreeDs(key: Buffer = randomBytes(32)) {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    /** What the ACS posts back to TermUrl after the payer approved or failed the challenge. */
    paRes(transactionId: number, result: 'success' | 'fail'): string {
      const payload = Buffer.from(JSON.stringify({ t: transactionId, r: result === 'success' ? 'Y' : 'N' })).toString(
        'base64url',
      );
      return `${payload}.${sign(payload)}`;
    },
    /** `success` only for a genuine approving PaRes of this very transaction. */
    verify(transactionId: number, paRes: string): 'success' | 'fail' {
      const [payload, signature] = paRes.split('.');
      if (!payload || !signature) return 'fail';
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'fail';
      try {
        const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { t?: number; r?: string };
        return data.t === transactionId && data.r === 'Y' ? 'success' : 'fail';
      } catch {
        return 'fail';
      }
    },
  };
}
export type ThreeDs = ReturnType<typeof createThreeDs>;
