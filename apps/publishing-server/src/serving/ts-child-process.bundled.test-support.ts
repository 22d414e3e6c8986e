import type { ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { forkChild } from './fork-child';

/**
 * `forkTypeScript` for the unit tests (jest.config.cjs maps `ts-child-process` here): the query
 * workers and snapshot builders start from the JavaScript bundles jest.child-bundles.cjs built of
 * the same sources (../../../../jest.bundles.cjs), instead of through tsx, which spends most of such a short-lived child's CPU
 * loading TypeScript (about 0.5 of 0.8 CPU-s a snapshot builder, 0.3 of 0.55 a query worker; the
 * unit tests start some thirty-four). The integration suites start them through tsx, as
 * `npm run serve` does.
 */
export function forkTypeScript(path: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const bundles = process.env['ACAD_TEST_BUNDLES'];
  const nodePath = process.env['ACAD_TEST_BUNDLE_NODE_PATH'];
  if (!bundles || !nodePath) throw new Error('ACAD_TEST_BUNDLES is not set: jest.config.cjs builds the bundles in its globalSetup.');
  return forkChild(join(bundles, basename(path, '.ts'), 'src', 'main.cjs'), [], { ...env, NODE_PATH: nodePath });
}
