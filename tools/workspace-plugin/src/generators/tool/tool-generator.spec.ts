import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { ToolExists, toolGenerator } from './tool-generator';
import { InvalidToolName } from './tool-names';

describe('tool generator', () => {
  let tree: Tree;
  beforeAll(() => {
    tree = createTreeWithEmptyWorkspace();
    toolGenerator(tree, { name: 'GradeReporter', skipSync: true });
  });

  it('writes an app tagged type:app and scope:<name>, with configs like the other apps', () => {
    const project = JSON.parse(tree.read('apps/grade-reporter/project.json', 'utf-8') ?? '{}');
    expect(project).toMatchObject({ name: 'grade-reporter', projectType: 'application', tags: ['type:app', 'scope:grade-reporter'] });
    expect(JSON.parse(tree.read('apps/grade-reporter/package.json', 'utf-8') ?? '{}')).toMatchObject({
      name: '@acad/grade-reporter',
      // What its sources import, declared (lint's @nx/dependency-checks holds every project to it).
      dependencies: { '@acad/config': '*', '@acad/schemas': '*', '@acad/zones': '*', tslib: expect.any(String) },
    });
    for (const file of [
      'tsconfig.json',
      'tsconfig.lib.json',
      'tsconfig.spec.json',
      'jest.config.cjs',
      'eslint.config.mjs',
      'src/index.ts',
    ]) {
      expect(tree.exists(`apps/grade-reporter/${file}`)).toBe(true);
    }
  });

  it('has a main that loads the settings and a spec over the libraries', () => {
    expect(tree.read('apps/grade-reporter/src/main.ts', 'utf-8')).toContain("import { loadSettings } from '@acad/config';");
    expect(tree.read('apps/grade-reporter/src/describe-platform.ts', 'utf-8')).toContain("from '@acad/schemas'");
    expect(tree.read('apps/grade-reporter/src/describe-platform.spec.ts', 'utf-8')).toContain('describePlatform(loadSettings(');
  });

  it('refuses an existing app and an unusable name', () => {
    expect(() => toolGenerator(tree, { name: 'grade-reporter', skipSync: true })).toThrow(ToolExists);
    expect(() => toolGenerator(tree, { name: '1x', skipSync: true })).toThrow(InvalidToolName);
  });
});
