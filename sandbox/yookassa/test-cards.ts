// YooKassa's published test cards (reference §8): which ask for 3-D Secure, and which are declined with what
// reason and by which party. Any future expiry date, any CVC and any 3-D Secure code are accepted.
export type Party = 'merchant' | 'yoo_money' | 'payment_network';

export interface TestCard {
  brand: string;
  threeDs: boolean;
  decline?: { reason: string; party: Party } | undefined;
}

const SUCCESS: [string, string, boolean][] = [
  ['5555555555554477', 'MasterCard', true],
  ['5555555555554444', 'MasterCard', false],
  ['4793128161644804', 'Visa', true],
  ['4111111111111111', 'Visa', false],
  ['2200000000000004', 'Mir', true],
  ['2202474301322987', 'Mir', false],
  ['6759649826438453', 'Maestro', false],
  ['4175001000000017', 'Visa', false],
  ['370000000000002', 'AmericanExpress', false],
  ['3528000700000000', 'JCB', false],
  ['36700102000000', 'DinersClub', false],
];

// reason → [Mastercard, Visa, Mir], declined by the issuer's side.
const NETWORK_DECLINES: Record<string, [string, string, string]> = {
  '3d_secure_failed': ['5555555555554592', '4839665499603842', '2200000000000012'],
  call_issuer: ['5555555555554535', '4926946416239025', '2200000000000020'],
  card_expired: ['5555555555554543', '4141435412630840', '2200000000000038'],
  fraud_suspected: ['5555555555554568', '4483274282299972', '2200000000000046'],
  general_decline: ['5555555555554527', '4889971706588753', '2202202212312379'],
  insufficient_funds: ['5555555555554600', '4562265587712390', '2200000000000053'],
  invalid_card_number: ['5555555555554618', '4951017853630544', '2201382000000013'],
  invalid_csc: ['5555555555554626', '4194180666146368', '2200770212727079'],
  issuer_unavailable: ['5555555555554501', '4654130848359150', '2201382000000021'],
  payment_method_limit_exceeded: ['5555555555554576', '4565231022577548', '2201382000000039'],
  payment_method_restricted: ['5555555555554550', '4233961169071671', '2201382000000047'],
};

// Declined by YooKassa's own checks.
const YOO_MONEY_DECLINES: Record<string, [string, string, string]> = {
  country_forbidden: ['5555555555554584', '4969751510013864', '2201382000000054'],
  fraud_suspected: ['5555555555554634', '4119098878796485', '2201696981989955'],
};

const BRANDS = ['MasterCard', 'Visa', 'Mir'] as const;

function buildTable(): Map<string, TestCard> {
  const table = new Map<string, TestCard>();
  for (const [number, brand, threeDs] of SUCCESS) table.set(number, { brand, threeDs });
  for (const [declines, party] of [
    [NETWORK_DECLINES, 'payment_network'],
    [YOO_MONEY_DECLINES, 'yoo_money'],
  ] as const) {
    for (const [reason, numbers] of Object.entries(declines)) {
      numbers.forEach((number, i) => {
        table.set(number, {
          brand: BRANDS[i] ?? 'Visa',
          threeDs: reason === '3d_secure_failed',
          decline: { reason, party },
        });
      });
    }
  }
  return table;
}

export const TEST_CARDS: ReadonlyMap<string, TestCard> = buildTable();

/** Brand by the first digits, for cards outside the table. */
export function brandOf(number: string): string {
  if (/^4/.test(number)) return 'Visa';
  if (/^(5[1-5]|2[3-7])/.test(number)) return 'MasterCard';
  if (/^220[0-4]/.test(number)) return 'Mir';
  if (/^3[47]/.test(number)) return 'AmericanExpress';
  return 'Unknown';
}

/**
 * A card outside the table pays after 3-D Secure, like most real cards (what a real test shop does with it is not
 * documented): flows written against the CloudPayments sandbox's 3-DS card (4242…) then run here unchanged.
 */
export function testCardOf(number: string): TestCard {
  return TEST_CARDS.get(number) ?? { brand: brandOf(number), threeDs: true };
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}
