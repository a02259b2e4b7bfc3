// Card tokens: issued after a successful payment that named an AccountId, bound to this terminal.
import { randomBytes } from 'node:crypto';

export interface TokenRecord {
  token: string;
  publicId: string;
  accountId: string;
  firstSix: string;
  lastFour: string;
  expDate: string;
  cardType: string;
  /** Forced outcome of the next `remaining` charges (all when undefined); set via /_sandbox. */
  behavior: { reasonCode: number; remaining: number | undefined } | null;
}

export function createTokenStore() {
  const tokens = new Map<string, TokenRecord>();
  return {
    issue(fields: Omit<TokenRecord, 'token' | 'behavior'>): string {
      for (const existing of tokens.values()) {
        const same =
          existing.publicId === fields.publicId &&
          existing.accountId === fields.accountId &&
          existing.firstSix === fields.firstSix &&
          existing.lastFour === fields.lastFour &&
          existing.expDate === fields.expDate;
        if (same) return existing.token;
      }
      const token = `tk_${randomBytes(15).toString('hex')}`;
      tokens.set(token, { ...fields, token, behavior: null });
      return token;
    },
    get: (token: string) => tokens.get(token),
    setBehavior(token: string, reasonCode: number, times?: number): boolean {
      const record = tokens.get(token);
      if (!record) return false;
      record.behavior = reasonCode === 0 ? null : { reasonCode, remaining: times };
      return true;
    },
    /** The forced decline code for this charge, if any, consuming one use. */
    takeForcedDecline(token: string): number | undefined {
      const behavior = tokens.get(token)?.behavior;
      if (!behavior || behavior.remaining === 0) return undefined;
      if (behavior.remaining !== undefined) behavior.remaining -= 1;
      return behavior.reasonCode;
    },
  };
}
export type TokenStore = ReturnType<typeof createTokenStore>;
