import type { CourseSection } from './courses';
import type { Enrolment } from './enrolment';
import type { SampleFile } from './messy-table';
import type { Rng } from './prng';
import type { Student } from './students';

/** The students, sections and enrolments every sample file is drawn from, so files agree. */
export interface SampleWorld {
  readonly students: readonly Student[];
  readonly sections: readonly CourseSection[];
  readonly enrolments: readonly Enrolment[];
}

/** A dataset beyond the core four: builds its file from the world with its own forked stream. */
export interface SampleDatasetHook {
  readonly dataset: string;
  readonly fileName: string;
  build(world: SampleWorld, rng: Rng): SampleFile;
}
