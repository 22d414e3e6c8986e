import type { DatasetNames } from './dataset-names';

/** The DATASET_EXTRA_RULES entry: non-empty batches, usual size, students known (a warning). */
export function renderQualityRules(n: DatasetNames): string {
  const d = n.dataset;
  return `${d}: [
    nonEmpty('${d}'),
    usualSize('${d}'),
    {
      type: 'ReferentialIntegrity',
      id: '${d}.student_id.known_student',
      severity: 'warn',
      columns: ['student_id'],
      reference: { dataset: 'students', columns: ['student_id'] },
      threshold: { op: '=', value: 1 },
    },
  ]`;
}
