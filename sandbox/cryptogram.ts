// Sandbox cryptograms. Same outer shape as CloudPayments' legacy packet:
// "01" + first six + last four + YYMM + key version + base64 "ciphertext". The ciphertext here is random
// bytes: the sandbox decides outcomes from first six + last four, as every test card is unique on those.
import { randomBytes } from 'node:crypto';
import { luhnValid } from '../domain/card-number.js';

export interface CardInput {
  cardNumber: string;
  expMonth: number | string;
  expYear: number | string;
  cvv: string;
}

export interface CardInfo {
  firstSix: string;
  lastFour: string;
  /** MM/YY */
  expDate: string;
}

export type CryptogramErrors = Partial<Record<'cardNumber' | 'expDateMonthYear' | 'cvv', string>>;

export function createCryptogram(
  input: CardInput,
  now = new Date(),
): { packet: string } | { errors: CryptogramErrors } {
  const pan = input.cardNumber.replace(/[\s-]/g, '');
  const month = Number(input.expMonth);
  const rawYear = Number(input.expYear);
  const year = rawYear < 100 ? 2000 + rawYear : rawYear;
  const errors: CryptogramErrors = {};
  if (!pan) errors.cardNumber = 'CardNumber_Empty';
  else if (!/^\d{15,19}$/.test(pan) || !luhnValid(pan)) errors.cardNumber = 'CardNumber_Invalid';
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) {
    errors.expDateMonthYear = 'ExpDateMonthYear_Invalid';
  } else if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    errors.expDateMonthYear = 'ExpDateMonthYear_Invalid';
  }
  if (!input.cvv) errors.cvv = 'Cvv_Empty';
  else if (!/^\d{3,4}$/.test(input.cvv)) errors.cvv = 'Cvv_Invalid';
  if (Object.keys(errors).length > 0) return { errors };
  const yymm = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
  return { packet: `01${pan.slice(0, 6)}${pan.slice(-4)}${yymm}01${randomBytes(256).toString('base64')}` };
}

/** Reads first six, last four and expiry from a legacy (`01…`) or JSON (`CloudCard`) packet. */
export function readCryptogram(packet: string): CardInfo | undefined {
  const legacy = /^01(\d{6})(\d{4})(\d{2})(\d{2})\w{2}[A-Za-z0-9+/=]+$/.exec(packet);
  if (legacy) {
    const [, firstSix, lastFour, yy, mm] = legacy as unknown as [string, string, string, string, string];
    return { firstSix, lastFour, expDate: `${mm}/${yy}` };
  }
  try {
    const json = JSON.parse(Buffer.from(packet, 'base64').toString('utf8')) as {
      CardInfo?: { FirstSixDigits?: string; LastFourDigits?: string; ExpDateYear?: string; ExpDateMonth?: string };
    };
    const info = json.CardInfo;
    if (info?.FirstSixDigits && info.LastFourDigits) {
      const yy = String(info.ExpDateYear ?? '')
        .slice(-2)
        .padStart(2, '0');
      const mm = String(info.ExpDateMonth ?? '').padStart(2, '0');
      return { firstSix: info.FirstSixDigits, lastFour: info.LastFourDigits, expDate: `${mm}/${yy}` };
    }
  } catch {
    // not JSON: fall through
  }
  return undefined;
}
