import type { DatasetNames } from './dataset-names';

/** The dataset's rules file (`rules/<dataset>.dqdl`): non-empty batches, usual size, students known (a warning). */
export function renderQualityRules(n: DatasetNames): string {
  const d = n.dataset;
  return [
    `# Quality rules of ${d} that its contract cannot imply, in DQDL (AWS Glue Data Quality).`,
    "# The contract's own rules are derived from it and are not written here.",
    'Rules = [',
    `  # @rule ${d}.row_count error`,
    '  RowCount > 0,',
    `  # @rule ${d}.row_count.anomaly warn k=3 minHistory=5`,
    '  DetectAnomalies "RowCount",',
    `  # @rule ${d}.student_id.known_student warn`,
    '  ReferentialIntegrity "student_id" "students.student_id" = 1',
    ']',
    '',
  ].join('\n');
}
