import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { DatasetExists, datasetGenerator } from './dataset-generator';
import { InvalidDatasetName } from './dataset-names';

const root = resolve(__dirname, '../../../../..');
// The real files the generator edits, read into a virtual tree.
const EDITED = [
  'libs/schemas/src/datasets/registry.ts',
  'libs/schemas/src/datasets/index.ts',
  'tools/sample-data/src/dataset-hooks.ts',
  'libs/zones/src/models/registry.ts',
  'libs/zones/src/models/index.ts',
];

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const path of EDITED) tree.write(path, readFileSync(join(root, path), 'utf8'));
  return tree;
}

describe('dataset generator', () => {
  let tree: Tree;
  beforeAll(() => {
    tree = workspace();
    datasetGenerator(tree, { name: 'demo-things', skipGolden: true });
  });

  it('writes the contract, sample hook and model with their specs', () => {
    for (const path of [
      'libs/schemas/src/datasets/demo-things.ts',
      'libs/schemas/src/datasets/demo-things.spec.ts',
      'tools/sample-data/src/demo-things.ts',
      'tools/sample-data/src/demo-things.spec.ts',
      'libs/zones/src/models/demo-things-summary.ts',
      'libs/zones/src/models/demo-things-summary.spec.ts',
    ])
      expect(tree.exists(path)).toBe(true);
    expect(tree.read('libs/schemas/src/datasets/demo-things.ts', 'utf-8')).toContain("name: 'demo_things'");
    expect(tree.read('libs/zones/src/models/demo-things-summary.ts', 'utf-8')).toContain("relation('trusted.demo_things')");
  });

  it('registers them where the platform looks', () => {
    const registry = tree.read('libs/schemas/src/datasets/registry.ts', 'utf-8') ?? '';
    expect(registry).toContain("import { DemoThingsContract } from './demo-things';");
    expect(registry).toMatch(/DATASET_CONTRACTS[^=]*= \[[^\]]*DemoThingsContract,?\s*\]/);
    expect(tree.read('libs/schemas/src/datasets/index.ts', 'utf-8')).toContain("export { DemoThingsContract } from './demo-things';");
    const rules = tree.read('libs/schemas/src/datasets/rules/demo_things.dqdl', 'utf-8') ?? '';
    expect(rules).toMatch(/^Rules = \[\n {2}# @rule demo_things.row_count error\n {2}RowCount > 0,$/m);
    expect(rules).toContain(
      '  # @rule demo_things.student_id.known_student warn\n  ReferentialIntegrity "student_id" "students.student_id" = 1\n]\n',
    );
    expect(tree.read('tools/sample-data/src/dataset-hooks.ts', 'utf-8')).toMatch(
      /SAMPLE_DATASET_HOOKS[^=]*= \[[^\]]*demoThingsSampleHook,?\s*\]/,
    );
    const models = tree.read('libs/zones/src/models/registry.ts', 'utf-8') ?? '';
    expect(models).toMatch(/CURATED_MODELS[^=]*= \[[^\]]*DemoThingsSummaryModel,\n\]/);
    expect(tree.read('libs/zones/src/models/index.ts', 'utf-8')).toContain(
      "export { DemoThingsSummaryModel } from './demo-things-summary';",
    );
  });

  it('refuses a dataset that exists and a name that cannot be one', () => {
    expect(() => datasetGenerator(tree, { name: 'demo_things', skipGolden: true })).toThrow(DatasetExists);
    expect(() => datasetGenerator(workspace(), { name: '9 lives', skipGolden: true })).toThrow(InvalidDatasetName);
  });
});
