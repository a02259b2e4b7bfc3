// CloudPayments' documented test cards (any future expiry, any CVV). The sandbox and the in-memory
// provider both behave as this table says.
export type CardOutcome = 'success' | 'insufficient_funds';

export interface TestCard {
  number: string;
  brand: 'Visa' | 'Mastercard' | 'МИР';
  threeDs: boolean;
  cryptogram: CardOutcome;
  /** Outcome of later token charges; cards that decline by cryptogram issue no token. */
  token: CardOutcome | null;
}

const card = (
  number: string,
  brand: TestCard['brand'],
  threeDs: boolean,
  cryptogram: CardOutcome,
  token: CardOutcome | null,
) => ({
  number,
  brand,
  threeDs,
  cryptogram,
  token,
});

export const TEST_CARDS: readonly TestCard[] = [
  card('4242424242424242', 'Visa', true, 'success', 'success'),
  card('5555555555554444', 'Mastercard', true, 'success', 'success'),
  card('2200000000000004', 'МИР', true, 'success', 'success'),
  card('4012888888881881', 'Visa', true, 'insufficient_funds', null),
  card('5105105105105100', 'Mastercard', true, 'insufficient_funds', null),
  card('2202202202202200', 'МИР', true, 'insufficient_funds', null),
  card('4000000000003055', 'Visa', false, 'success', 'success'),
  card('5205000000003055', 'Mastercard', false, 'success', 'success'),
  card('2202000000003055', 'МИР', false, 'success', 'success'),
  card('4111111111111111', 'Visa', false, 'success', 'insufficient_funds'),
  card('5200828282828210', 'Mastercard', false, 'success', 'insufficient_funds'),
  card('2200000022222222', 'МИР', false, 'success', 'insufficient_funds'),
  card('4000056655665556', 'Visa', false, 'insufficient_funds', null),
  card('5404000000000043', 'Mastercard', false, 'insufficient_funds', null),
  card('2203000000000043', 'МИР', false, 'insufficient_funds', null),
];

/** Test cards are told apart by first six + last four, as the real legacy cryptogram exposes them. */
export function findTestCard(firstSix: string, lastFour: string): TestCard | undefined {
  return TEST_CARDS.find((c) => c.number.startsWith(firstSix) && c.number.endsWith(lastFour));
}

/** Any other card number: Visa/Mastercard/MIR by prefix, no 3DS, succeeds. */
export function brandOf(cardNumber: string): TestCard['brand'] {
  if (cardNumber.startsWith('4')) return 'Visa';
  if (cardNumber.startsWith('22')) return 'МИР';
  return 'Mastercard';
}
