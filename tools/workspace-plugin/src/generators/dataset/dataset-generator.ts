import type { GeneratorCallback, Tree } from '@nx/devkit';
import { addImport, addLine } from '../../text-edits/add-import';
import { appendToLiteral } from '../../text-edits/append-to-literal';
import { datasetNames, type DatasetNames } from './dataset-names';
import { renderContract, renderContractSpec } from './render-contract';
import { renderModel, renderModelSpec } from './render-model';
import { renderQualityRules } from './render-quality-rules';
import { renderSampleHook, renderSampleHookSpec } from './render-sample-hook';
import { syncProjectReferences } from '../sync-project-references';
import { writeTrinoGolden } from './write-trino-golden';

export interface DatasetGeneratorOptions {
  name: string;
  /** Skip the steps that run processes on the real workspace (Trino golden, `nx sync`): for virtual trees. */
  skipGolden?: boolean;
}

export class DatasetExists extends Error {
  readonly code = 'DATASET_EXISTS';
  constructor(readonly path: string) {
    super(`${path} already exists; pick another dataset name or remove it first.`);
    this.name = 'DatasetExists';
  }
}

export class WorkspaceFileMissing extends Error {
  readonly code = 'WORKSPACE_FILE_MISSING';
  constructor(readonly path: string) {
    super(`${path} is missing; the dataset generator edits it to register the new dataset.`);
    this.name = 'WorkspaceFileMissing';
  }
}

const SCHEMAS = 'libs/schemas/src/datasets';
const MODELS = 'libs/zones/src/models';
const SAMPLE = 'tools/sample-data/src';

function edit(tree: Tree, path: string, change: (source: string) => string): void {
  const source = tree.read(path, 'utf-8');
  if (source === null) throw new WorkspaceFileMissing(path);
  tree.write(path, change(source));
}

function create(tree: Tree, path: string, content: string): void {
  if (tree.exists(path)) throw new DatasetExists(path);
  tree.write(path, content);
}

function addContract(tree: Tree, n: DatasetNames): void {
  const name = `${n.className}Contract`;
  create(tree, `${SCHEMAS}/${n.file}.ts`, renderContract(n));
  create(tree, `${SCHEMAS}/${n.file}.spec.ts`, renderContractSpec(n));
  edit(tree, `${SCHEMAS}/registry.ts`, (s) =>
    appendToLiteral(addImport(s, `import { ${name} } from './${n.file}';`), 'DATASET_CONTRACTS', name),
  );
  edit(tree, `${SCHEMAS}/index.ts`, (s) => addLine(s, `export { ${name} } from './${n.file}';`, "from './registry'"));
}

function addSampleHook(tree: Tree, n: DatasetNames): void {
  const name = `${n.propertyName}SampleHook`;
  create(tree, `${SAMPLE}/${n.file}.ts`, renderSampleHook(n));
  create(tree, `${SAMPLE}/${n.file}.spec.ts`, renderSampleHookSpec(n));
  edit(tree, `${SAMPLE}/dataset-hooks.ts`, (s) =>
    appendToLiteral(addImport(s, `import { ${name} } from './${n.file}';`), 'SAMPLE_DATASET_HOOKS', name),
  );
}

function addModel(tree: Tree, n: DatasetNames): void {
  const name = `${n.className}SummaryModel`;
  create(tree, `${MODELS}/${n.file}-summary.ts`, renderModel(n));
  create(tree, `${MODELS}/${n.file}-summary.spec.ts`, renderModelSpec(n));
  edit(tree, `${MODELS}/registry.ts`, (s) =>
    appendToLiteral(addImport(s, `import { ${name} } from './${n.file}-summary';`), 'CURATED_MODELS', name),
  );
  edit(tree, `${MODELS}/index.ts`, (s) => addLine(s, `export { ${name} } from './${n.file}-summary';`, "from './registry'"));
}

/**
 * `nx g @acad/workspace-plugin:dataset <name>`: a contract, its extra quality rules, a sample-data
 * hook, a curated model and their tests, registered where the platform looks for them. The catalog
 * needs no entry: it is completed from the contracts and the commit log.
 */
export function datasetGenerator(tree: Tree, options: DatasetGeneratorOptions): GeneratorCallback {
  const n = datasetNames(options.name);
  addContract(tree, n);
  create(tree, `${SCHEMAS}/rules/${n.dataset}.dqdl`, renderQualityRules(n));
  addSampleHook(tree, n);
  addModel(tree, n);
  return () => {
    if (options.skipGolden) return;
    writeTrinoGolden(tree.root, n);
    syncProjectReferences(tree.root);
  };
}
