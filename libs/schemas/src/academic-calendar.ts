import { z } from 'zod';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'a real date');

const period = z
  .object({ name: z.string().min(1).optional(), start: isoDay, end: isoDay })
  .refine((p) => p.start <= p.end, { message: 'end is before start', path: ['end'] });

/**
 * An institution's academic calendar (one JSON file per institution): its terms with their
 * reading weeks, its holidays, the weekdays it teaches on, and the datasets that follow teaching
 * days (attendance arrives only when classes meet). Days are calendar days in UTC.
 */
export const AcademicCalendarSchema = z
  .object({
    institution: z.string().min(1),
    /** ISO weekdays classes meet on: 1 = Monday … 7 = Sunday. */
    teachingWeekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
    terms: z.array(period.and(z.object({ readingWeeks: z.array(period).default([]) }))).min(1),
    holidays: z.array(period).default([]),
    /** Datasets whose freshness and anomaly baselines follow teaching days. */
    datasets: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a dataset name')).default(['attendance']),
  })
  .strict();
export type AcademicCalendar = z.infer<typeof AcademicCalendarSchema>;

/** What a day is in the calendar; only `teaching` days expect deliveries of calendar datasets. */
export type AcademicDayKind = 'teaching' | 'weekend' | 'holiday' | 'reading-week' | 'break';

export class InvalidAcademicCalendar extends Error {
  readonly code = 'ACADEMIC_CALENDAR_INVALID';

  constructor(source: string, detail: string) {
    super(`Academic calendar ${source}: ${detail}`);
    this.name = 'InvalidAcademicCalendar';
  }
}

/** Parses a calendar file's text; a bad file is an error naming the file and the field at fault. */
export function parseAcademicCalendar(text: string, source: string): AcademicCalendar {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidAcademicCalendar(source, `is not JSON (${(error as Error).message})`);
  }
  const parsed = AcademicCalendarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidAcademicCalendar(source, `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

const DAY_MS = 86_400_000;

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const within = (day: string, p: { start: string; end: string }) => p.start <= day && day <= p.end;

/**
 * What `at`'s (UTC) day is: a holiday or reading week wins over the weekday; between terms is a
 * break. Before the first term or after the last the calendar says nothing, so only the weekday
 * decides: an out-of-date calendar never silences a missing delivery.
 */
export function academicDayKind(calendar: AcademicCalendar, at: Date): AcademicDayKind {
  const day = dayOf(at);
  if (calendar.holidays.some((h) => within(day, h))) return 'holiday';
  const covered = calendar.terms.some((t) => t.start <= day) && calendar.terms.some((t) => day <= t.end);
  const term = calendar.terms.find((t) => within(day, t));
  if (covered && !term) return 'break';
  if (term?.readingWeeks.some((w) => within(day, w))) return 'reading-week';
  const isoWeekday = ((at.getUTCDay() + 6) % 7) + 1;
  return calendar.teachingWeekdays.includes(isoWeekday) ? 'teaching' : 'weekend';
}

export function isTeachingDay(calendar: AcademicCalendar, at: Date): boolean {
  return academicDayKind(calendar, at) === 'teaching';
}

/** Whether a dataset's expectations follow the calendar's teaching days. */
export function followsCalendar(calendar: AcademicCalendar | undefined, dataset: string): calendar is AcademicCalendar {
  return calendar !== undefined && calendar.datasets.includes(dataset);
}

/**
 * Hours of teaching days between `from` and `to`: the age of data that is only expected on
 * teaching days. A weekend, holiday, reading week or break adds nothing, so a file last
 * delivered before a holiday is as fresh after it as it was before.
 */
export function teachingHoursBetween(calendar: AcademicCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  for (let start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); start < to.getTime(); start += DAY_MS) {
    if (!isTeachingDay(calendar, new Date(start))) continue;
    const overlap = Math.min(start + DAY_MS, to.getTime()) - Math.max(start, from.getTime());
    if (overlap > 0) total += overlap;
  }
  return total / 3_600_000;
}
