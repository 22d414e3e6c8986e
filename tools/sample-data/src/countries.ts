import type { Rng } from './prng';

/** An applicant's country: ISO 3166-1 alpha-2 code, how common it is, and its postcode and phone styles. */
export interface Country {
  code: string;
  weight: number;
  postcode: (rng: Rng) => string;
  phone: (rng: Rng) => string;
}

const digits = (rng: Rng, count: number): string => {
  let text = '';
  for (let i = 0; i < count; i++) text += String(rng.int(0, 9));
  return text;
};
const letter = (rng: Rng): string => String.fromCharCode(65 + rng.int(0, 25));

export const COUNTRIES: readonly Country[] = [
  // US ZIP codes keep leading zeros ("02139"): a reader that types them as numbers breaks them.
  {
    code: 'US',
    weight: 40,
    postcode: (rng) => digits(rng, 5),
    phone: (rng) =>
      rng.pick([
        `(${digits(rng, 3)}) 555-${digits(rng, 4)}`,
        `+1 ${digits(rng, 3)}.555.${digits(rng, 4)}`,
        `${digits(rng, 3)}-555-${digits(rng, 4)}`,
      ]),
  },
  {
    code: 'GB',
    weight: 12,
    postcode: (rng) => `${letter(rng)}${letter(rng)}${rng.int(1, 20)} ${rng.int(1, 9)}${letter(rng)}${letter(rng)}`,
    phone: (rng) => `+44 20 7946 ${digits(rng, 4)}`,
  },
  {
    code: 'IE',
    weight: 3,
    postcode: (rng) => `D${digits(rng, 2)} ${letter(rng)}${digits(rng, 1)}${letter(rng)}${digits(rng, 1)}`,
    phone: (rng) => `+353 1 ${digits(rng, 3)} ${digits(rng, 4)}`,
  },
  {
    code: 'CA',
    weight: 6,
    postcode: (rng) => `${letter(rng)}${rng.int(0, 9)}${letter(rng)} ${rng.int(0, 9)}${letter(rng)}${rng.int(0, 9)}`,
    phone: (rng) => `+1 (${digits(rng, 3)}) 555-${digits(rng, 4)}`,
  },
  {
    code: 'IN',
    weight: 10,
    postcode: (rng) => `${rng.int(1, 8)}${digits(rng, 5)}`,
    phone: (rng) => `+91 ${digits(rng, 5)} ${digits(rng, 5)}`,
  },
  {
    code: 'CN',
    weight: 8,
    postcode: (rng) => `${rng.int(1, 8)}${digits(rng, 5)}`,
    phone: (rng) => `+86 ${digits(rng, 3)} ${digits(rng, 4)} ${digits(rng, 4)}`,
  },
  {
    code: 'NG',
    weight: 5,
    postcode: (rng) => digits(rng, 6),
    phone: (rng) => `+234 ${digits(rng, 3)} ${digits(rng, 3)} ${digits(rng, 4)}`,
  },
  { code: 'DE', weight: 4, postcode: (rng) => digits(rng, 5), phone: (rng) => `+49 30 ${digits(rng, 8)}` },
  {
    code: 'FR',
    weight: 3,
    postcode: (rng) => digits(rng, 5),
    phone: (rng) => `+33 1 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`,
  },
  { code: 'ES', weight: 2, postcode: (rng) => digits(rng, 5), phone: (rng) => `+34 91 ${digits(rng, 3)} ${digits(rng, 4)}` },
  { code: 'VN', weight: 3, postcode: (rng) => digits(rng, 6), phone: (rng) => `+84 ${digits(rng, 2)} ${digits(rng, 3)} ${digits(rng, 4)}` },
  {
    code: 'BR',
    weight: 2,
    postcode: (rng) => `${digits(rng, 5)}-${digits(rng, 3)}`,
    phone: (rng) => `+55 11 9${digits(rng, 4)}-${digits(rng, 4)}`,
  },
  { code: 'MX', weight: 2, postcode: (rng) => digits(rng, 5), phone: (rng) => `+52 55 ${digits(rng, 4)} ${digits(rng, 4)}` },
];
