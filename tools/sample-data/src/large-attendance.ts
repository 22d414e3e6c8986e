import { open } from 'node:fs/promises';
import { pad2 } from './calendar';
import { FALL_2025, MEETING_PATTERNS, sessionDates } from './courses';
import { DEPARTMENTS } from './names';
import { Rng } from './prng';
import { DEFAULT_SEED } from './generate-sample-data';

export interface LargeAttendanceOptions {
  rows: number;
  seed?: string;
  /** Fill the optional `recorded_at` and `source_system` columns (larger file). Default false: they are empty. */
  optionalColumns?: boolean;
  /** Characters buffered before each write; memory stays near this size whatever `rows` is. */
  chunkSize?: number;
  /** Called after each chunk is written. */
  onProgress?: (rowsWritten: number) => void;
}

export interface LargeAttendanceResult {
  path: string;
  rows: number;
  bytes: number;
}

const SECTION_COUNT = 240;
/** 13 shares no factor with 240, so a student's four slots land in four different sections. */
const SLOT_STRIDE = 13;
const SLOTS_PER_STUDENT = 4;
const HEADER = 'student_id,course_code,section,session_date,status,minutes_late,recorded_at,source_system\n';
const SECONDS = Array.from({ length: 60 }, (_, i) => pad2(i));
const MINUTES_LATE = Array.from({ length: 31 }, (_, i) => String(i));

interface SectionPlan {
  /** `CS101,01,` — course and section with their delimiters. */
  prefix: string;
  dates: readonly string[];
  /** `T10:15:` — the time part of `recorded_at`, without seconds. */
  timePrefix: string;
  /** `Z,banner-sis\n` or `,\n`: the end of a row. */
  suffix: string;
}

function planSections(rng: Rng, optionalColumns: boolean): SectionPlan[] {
  const patternDates = MEETING_PATTERNS.map((pattern) => sessionDates({ ...FALL_2025, holidays: [] }, pattern));
  const plans: SectionPlan[] = [];
  const used = new Set<string>();
  while (plans.length < SECTION_COUNT) {
    const department = DEPARTMENTS[plans.length % DEPARTMENTS.length];
    const code = `${department.coursePrefix}${rng.int(100, 499)}`;
    const section = pad2(rng.int(1, 4));
    if (used.has(`${code},${section}`)) continue;
    used.add(`${code},${section}`);
    plans.push({
      prefix: `${code},${section},`,
      dates: patternDates[plans.length % patternDates.length],
      timePrefix: `T${pad2(rng.int(8, 19))}:${pad2(rng.int(0, 59))}:`,
      suffix: optionalColumns ? `Z,${rng.pick(['banner-sis', 'canvas-lms', 'door-scanner'])}\n` : ',\n',
    });
  }
  return plans;
}

/**
 * Streams a clean attendance CSV of exactly `rows` rows for benchmarks, in ~1 MB writes.
 * Keys are unique by construction: student n takes 4 sections × 28 sessions (112 rows).
 */
export async function writeAttendanceCsv(path: string, options: LargeAttendanceOptions): Promise<LargeAttendanceResult> {
  const { rows, optionalColumns = false, chunkSize = 1 << 20, onProgress } = options;
  const maxRows = 9_000_000 * SLOTS_PER_STUDENT * 28;
  if (!Number.isInteger(rows) || rows < 0 || rows > maxRows)
    throw new RangeError(`rows must be an integer from 0 to ${maxRows}, got ${rows}`);
  const rng = new Rng(`${options.seed ?? DEFAULT_SEED}/large-attendance`);
  const sections = planSections(rng, optionalColumns);
  const sessions = sections[0].dates.length;
  const handle = await open(path, 'w');
  let bytes = 0;
  let written = 0;
  try {
    let chunk = HEADER;
    for (let student = 0; written < rows; student++) {
      const studentPart = `S${1_000_000 + student},`;
      for (let slot = 0; slot < SLOTS_PER_STUDENT && written < rows; slot++) {
        const plan = sections[(student * 7 + slot * SLOT_STRIDE) % SECTION_COUNT];
        for (let session = 0; session < sessions && written < rows; session++) {
          const date = plan.dates[session];
          const roll = rng.next();
          let statusPart: string;
          if (roll < 0.86) statusPart = ',present,,';
          else if (roll < 0.94) statusPart = ',absent,,';
          else if (roll < 0.98) statusPart = `,late,${MINUTES_LATE[1 + Math.floor((roll - 0.94) * 750)]},`;
          else statusPart = ',excused,,';
          chunk += optionalColumns
            ? studentPart + plan.prefix + date + statusPart + date + plan.timePrefix + SECONDS[Math.floor(rng.next() * 60)] + plan.suffix
            : studentPart + plan.prefix + date + statusPart + plan.suffix;
          written++;
          if (chunk.length >= chunkSize) {
            await handle.write(chunk);
            bytes += chunk.length;
            chunk = '';
            onProgress?.(written);
          }
        }
      }
    }
    await handle.write(chunk);
    bytes += chunk.length;
    onProgress?.(written);
  } finally {
    await handle.close();
  }
  // Every character is ASCII, so characters are bytes.
  return { path, rows: written, bytes };
}
