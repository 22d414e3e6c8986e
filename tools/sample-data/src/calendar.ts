// Dates as ISO `YYYY-MM-DD` strings and whole UTC days; no clock is ever read.

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO date. */
export function toDayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);
}

export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(toDayNumber(isoDate) + days);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(isoDate: string): number {
  return (toDayNumber(isoDate) + 3) % 7;
}

export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** `YYYY-MM-DDTHH:MM:SSZ` for a date plus seconds after its midnight (may roll into the next day). */
export function isoTimestamp(isoDate: string, secondsAfterMidnight: number): string {
  const extraDays = Math.floor(secondsAfterMidnight / 86_400);
  const date = extraDays === 0 ? isoDate : addDays(isoDate, extraDays);
  const seconds = secondsAfterMidnight - extraDays * 86_400;
  return `${date}T${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}Z`;
}
