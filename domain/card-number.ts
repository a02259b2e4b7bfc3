// Card numbers (PANs) never enter this service: card data goes to the acquirer's page or is encrypted on the
// payer's device (a cryptogram). Anything that looks like a PAN is refused before it is read, stored or logged.

/**
 * 13-19 digits, optionally grouped by single spaces or dashes, standing on their own: not part of a longer run of
 * digits, and not glued to letters or `_`, so the digit runs inside our hex ids (`sub_a6da2ec85df4730668003989`),
 * card tokens and hashes are never taken for a card.
 */
const CANDIDATE = /(?<!\w)\d(?:[ -]?\d){12,18}(?!\w)/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const isPan = (candidate: string) => {
  const digits = candidate.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
};

/** True when the text contains, anywhere, 13-19 digits that pass the Luhn check. */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) if (isPan(match[0])) return true;
  return false;
}

/** True when the whole value (spaces and dashes aside) is a card number. */
export function isCardNumber(value: string): boolean {
  const trimmed = value.trim();
  return /^\d(?:[ -]?\d){12,18}$/.test(trimmed) && isPan(trimmed);
}
