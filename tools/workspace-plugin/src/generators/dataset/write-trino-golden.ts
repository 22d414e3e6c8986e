import { execFileSync } from 'node:child_process';
import type { DatasetNames } from './dataset-names';

/**
 * Renders the new model in the Trino dialect into its golden file (libs/zones checks every model
 * against one). Runs after the files are written, through tsx, because the model is TypeScript.
 */
export function writeTrinoGolden(root: string, n: DatasetNames): void {
  const script = [
    "const { writeFileSync } = require('node:fs');",
    "const { TRINO_DIALECT } = require('@acad/schemas');",
    `const { ${n.className}SummaryModel: model } = require('./libs/zones/src/models/${n.file}-summary.ts');`,
    "const sql = model.render(TRINO_DIALECT, (input) => input.replace('.', '_'));",
    `writeFileSync('libs/zones/src/models/${n.file}-summary.trino.sql', sql.trim() + '\\n');`,
  ].join('\n');
  execFileSync(process.execPath, ['--conditions=@acad/source', '--import', 'tsx', '-e', script], { cwd: root, stdio: 'inherit' });
}
