// Reading CloudPayments request bodies: JSON or form-urlencoded, field names in any case.
import { isSupportedCurrency } from '../acquiring/cloudpayments/mapper.js';

export class FieldError extends Error {}

export async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  const type = request.headers.get('content-type') ?? '';
  let parsed: unknown;
  if (type.includes('json') || text.trimStart().startsWith('{')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new FieldError('Invalid JSON');
    }
  } else {
    parsed = Object.fromEntries(new URLSearchParams(text));
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new FieldError('Invalid request body');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k.toLowerCase(), v]));
}

export function fieldReader(body: Record<string, unknown>) {
  const raw = (name: string) => body[name.toLowerCase()];
  const str = (name: string): string | null => {
    const v = raw(name);
    return v === undefined || v === null || v === '' ? null : String(v);
  };
  return {
    str,
    required(name: string): string {
      const v = str(name);
      if (v === null) throw new FieldError(`${name} is required`);
      return v;
    },
    int(name: string, required = true): number {
      const v = str(name);
      if (v === null) {
        if (required) throw new FieldError(`${name} is required`);
        return 0;
      }
      const n = Number(v);
      if (!Number.isFinite(n)) throw new FieldError(`${name} is invalid`);
      return Math.round(n);
    },
    /** Money: at least 0.01, rounded to two decimals. */
    amount(name = 'Amount'): number {
      const v = str(name);
      if (v === null) throw new FieldError(`${name} is required`);
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0.01) throw new FieldError(`${name} is invalid`);
      return Math.round(n * 100) / 100;
    },
    currency(): string {
      const v = (str('Currency') ?? 'RUB').toUpperCase();
      if (!isSupportedCurrency(v)) throw new FieldError(`Currency ${v} is not supported`);
      return v;
    },
    bool(name: string): boolean {
      const v = raw(name);
      return v === true || v === 1 || v === '1' || String(v).toLowerCase() === 'true';
    },
    /** JsonData comes as an object or a string and is kept (and echoed) as a string. */
    json(name = 'JsonData'): string | null {
      const v = raw(name);
      if (v === undefined || v === null || v === '') return null;
      return typeof v === 'string' ? v : JSON.stringify(v);
    },
  };
}
export type FieldReader = ReturnType<typeof fieldReader>;
