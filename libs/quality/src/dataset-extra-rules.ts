import { readFileSync } from 'node:fs';
import { datasetRulesFile } from '@acad/schemas';
import { parseDqdl } from './parse-dqdl';
import { DatasetRulesInvalid, DqdlSyntaxError } from './quality-errors';
import type { Rule } from './rule';

const cache = new Map<string, readonly Rule[]>();

/**
 * The rules a dataset's contract cannot imply (row counts, usual size, references), read from
 * its rules file `rules/<dataset>.dqdl` beside the contract; none when the dataset has no file.
 * Read once per process.
 */
export function datasetExtraRules(dataset: string): readonly Rule[] {
  const cached = cache.get(dataset);
  if (cached) return cached;
  const rules = readRulesFile(datasetRulesFile(dataset));
  cache.set(dataset, rules);
  return rules;
}

/** The DQDL text of a dataset's rules file, or undefined when it has none. */
export function datasetRulesText(dataset: string): string | undefined {
  try {
    return readFileSync(datasetRulesFile(dataset), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The rules of a DQDL file; a file that does not parse is named with the line and column at fault. */
export function readRulesFile(file: string): Rule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    return parseDqdl(text);
  } catch (error) {
    if (error instanceof DqdlSyntaxError) throw new DatasetRulesInvalid(file, error);
    throw error;
  }
}
