import { addDays, toDayNumber } from './calendar';
import { COUNTRIES } from './countries';
import { makeMessy, type Corruption, type SampleFile } from './messy-table';
import { emailLocalPart, FIRST_NAMES, LAST_NAMES, NAME_SUFFIXES, PROGRAMS } from './names';
import type { Rng } from './prng';
import { withMixedCase, withStrayWhitespace } from './text-mess';

export const ADMISSIONS_COLUMNS = [
  'application_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'date_of_birth',
  'gender',
  'country',
  'postcode',
  'program_code',
  'intake_term',
  'application_date',
  'prior_gpa',
  'test_score',
  'status',
  'decision_date',
  'scholarship_amount',
] as const;
/** The CRM's header: Title_Case and a stray space or two. */
const ADMISSIONS_HEADER = [
  'Application_ID',
  'First_Name',
  'Last_Name',
  'Email',
  'Phone',
  'Date_Of_Birth',
  'Gender',
  'Country',
  'Postcode',
  'Program_Code ',
  'Intake_Term',
  'Application_Date',
  'Prior_GPA',
  'Test_Score',
  'Status',
  ' Decision_Date',
  'Scholarship_Amount',
];

type AdmissionStatus = 'submitted' | 'under_review' | 'offered' | 'accepted' | 'declined' | 'rejected' | 'enrolled' | 'withdrawn';

/** Where applications end up: a funnel from submission through offer to enrolment. */
const STATUS_WEIGHTS: readonly (readonly [AdmissionStatus, number])[] = [
  ['submitted', 10],
  ['under_review', 14],
  ['rejected', 28],
  ['offered', 9],
  ['accepted', 6],
  ['declined', 13],
  ['enrolled', 16],
  ['withdrawn', 4],
];
const DECIDED = new Set<AdmissionStatus>(['offered', 'accepted', 'declined', 'rejected', 'enrolled']);
const OFFERED = new Set<AdmissionStatus>(['offered', 'accepted', 'declined', 'enrolled']);
const PERSONAL_DOMAINS = ['example.com', 'example.org', 'mail.example.net'];

function lastNameWithMess(rng: Rng): string {
  const lastName = rng.pick(LAST_NAMES);
  // Web forms let people type a suffix after a comma or put a double-barrelled name on two lines.
  if (rng.chance(0.015)) return `${lastName}, ${rng.pick(NAME_SUFFIXES)}`;
  if (rng.chance(0.01)) return `${lastName}\n${rng.pick(LAST_NAMES)}`;
  return lastName;
}

function applicationRow(applicationId: string, applicationDate: string, rng: Rng): string[] {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = lastNameWithMess(rng);
  const country = rng.weighted(COUNTRIES.map((c) => [c, c.weight] as const));
  const email = `${emailLocalPart(firstName, lastName.split(/[,\n]/)[0])}${rng.int(1, 999)}@${rng.pick(PERSONAL_DOMAINS)}`;
  const age = rng.weighted([
    [rng.int(17, 19), 70],
    [rng.int(20, 25), 20],
    [rng.int(26, 55), 10],
  ]);
  const dateOfBirth = addDays(applicationDate, -(age * 365 + rng.int(10, 350)));
  const status = rng.weighted(STATUS_WEIGHTS);
  const decisionDate = DECIDED.has(status) ? addDays(applicationDate, rng.int(7, 90)) : '';
  const gpa = rng.chance(0.9) ? Math.min(4, Math.max(0, rng.float(1.8, 4.3))).toFixed(rng.pick([1, 2])) : '';
  const testScore = rng.chance(0.8) ? String(Math.min(1600, Math.max(400, Math.round(rng.float(700, 1580) / 10) * 10))) : '';
  const scholarship = OFFERED.has(status) && rng.chance(0.35) ? (rng.int(2, 60) * 250).toFixed(rng.pick([0, 2])) : '';
  return [
    applicationId,
    withStrayWhitespace(firstName, rng, 0.03),
    withStrayWhitespace(lastName, rng, 0.02),
    withStrayWhitespace(rng.chance(0.1) ? email.replace(/^./, (c) => c.toUpperCase()) : email, rng, 0.02),
    rng.chance(0.85) ? country.phone(rng) : '',
    dateOfBirth,
    rng.chance(0.92)
      ? withMixedCase(
          rng.weighted([
            ['f', 48],
            ['m', 46],
            ['x', 3],
            ['u', 3],
          ]),
          rng,
          0.25,
        )
      : '',
    country.code,
    rng.chance(0.9) ? country.postcode(rng) : '',
    rng.pick(PROGRAMS).code,
    rng.weighted([
      ['2026-FALL', 80],
      ['2026-SPRING', 12],
      ['2026-SUMMER', 8],
    ]),
    applicationDate,
    gpa,
    testScore,
    withMixedCase(status, rng, 0.06),
    decisionDate,
    scholarship,
  ];
}

/** Applications in id order; ids rise with the application date, with gaps, as a CRM issues them. */
export function generateApplicationRows(count: number, rng: Rng): string[][] {
  const firstDay = toDayNumber('2025-09-01');
  const days = Array.from({ length: count }, () => firstDay + rng.int(0, 210)).sort((a, b) => a - b);
  let nextId = 26_000_000;
  return days.map((day) => {
    nextId += rng.int(1, 40);
    return applicationRow(`A${nextId}`, addDays('1970-01-01', day), rng);
  });
}

const yearsBefore = (date: string, years: number): string => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;

const ADMISSIONS_CORRUPTIONS: Record<string, Corruption> = {
  bad_id: (row, rng) => [rng.pick([row[0].slice(0, 8), `${row[0]}0`, `APP${row[0].slice(1)}`, row[0].slice(1)]), ...row.slice(1)],
  impossible_date: (row, rng) => {
    const copy = [...row];
    const column = rng.pick([5, 11]);
    copy[column] = `${copy[column].slice(0, 4)}-${rng.pick(['02-30', '04-31', '06-31', '13-01'])}`;
    return copy;
  },
  unknown_status: (row, rng) => [...row.slice(0, 14), rng.pick(['waitlisted', 'deferred', 'pending', 'admitted?']), ...row.slice(15)],
  missing_required: (row, rng) => {
    const copy = [...row];
    copy[rng.pick([1, 2, 3, 5, 7, 9, 10, 11, 14])] = '';
    return copy;
  },
  wrong_column_count: (row, rng) => (rng.chance(0.5) ? row.slice(0, 16) : [...row, 'extra']),
  bad_email: (row, rng) => [
    ...row.slice(0, 3),
    rng.pick([row[3].trim().replace('@', ' at '), row[3].trim().split('@')[0] + '@', 'n/a']),
    ...row.slice(4),
  ],
  // A toddler or a 120-year-old at application: outside the 14–100 age rule.
  implausible_age: (row, rng) => [...row.slice(0, 5), yearsBefore(row[11], rng.pick([3, 120])), ...row.slice(6)],
  out_of_range: (row, rng) => {
    const copy = [...row];
    if (rng.chance(0.5)) copy[12] = rng.pick(['4.7', '5.0', '-0.5', '40']);
    else copy[13] = rng.pick(['1700', '2400', '-10']);
    return copy;
  },
  decision_before_application: (row, rng) => [...row.slice(0, 15), addDays(row[11], -rng.int(1, 40)), ...row.slice(16)],
};

/** admissions.csv: every field quoted, suffixes after commas and names over two lines inside quotes. */
export function buildAdmissionsFile(count: number, rng: Rng): SampleFile {
  return {
    dataset: 'admissions',
    fileName: 'admissions.csv',
    columns: ADMISSIONS_COLUMNS,
    dialect: { delimiter: ',', lineEnding: '\n', bom: false, quoteAll: true },
    table: makeMessy(
      ADMISSIONS_HEADER,
      generateApplicationRows(count, rng),
      ADMISSIONS_CORRUPTIONS,
      0.02,
      { exactRate: 0.01, resubmissionRate: 0, maxDistance: 30 },
      rng,
    ),
  };
}
