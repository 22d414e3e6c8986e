import { names } from '@nx/devkit';

/** Every spelling of a dataset's name the generated files use. */
export interface DatasetNames {
  /** `course_results`: the dataset, table and CSV name. */
  dataset: string;
  /** `course-results`: file names. */
  file: string;
  /** `CourseResults`. */
  className: string;
  /** `courseResults`. */
  propertyName: string;
  /** `COURSE_RESULTS`. */
  constantName: string;
  /** `course_results_summary`: the starter curated model. */
  model: string;
}

export class InvalidDatasetName extends Error {
  readonly code = 'INVALID_DATASET_NAME';
  constructor(readonly given: string) {
    super(
      `"${given}" is not a usable dataset name: use lower-case letters, digits and underscores, starting with a letter (e.g. course_results).`,
    );
    this.name = 'InvalidDatasetName';
  }
}

export function datasetNames(given: string): DatasetNames {
  const { fileName, className, propertyName, constantName } = names(given.trim());
  const dataset = fileName.replace(/-/g, '_');
  if (!/^[a-z][a-z0-9_]{1,40}$/.test(dataset)) throw new InvalidDatasetName(given);
  return { dataset, file: fileName, className, propertyName, constantName, model: `${dataset}_summary` };
}
