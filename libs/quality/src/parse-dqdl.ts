import { parseDqdlDocument } from './parse-dqdl-document';
import type { Rule } from './rule';
import { rulesFromDqdl } from './rules-from-dqdl';

/**
 * Parses a DQDL ruleset into rules (see `parseDqdlDocument` for the grammar and checks it
 * follows, `rulesFromDqdl` for how its rules map to the rule model). Ids, severities and extra
 * options come from `# @rule` comments. Throws `DqdlSyntaxError` with the line and column of
 * the first problem.
 */
export function parseDqdl(text: string): Rule[] {
  return rulesFromDqdl(parseDqdlDocument(text));
}
