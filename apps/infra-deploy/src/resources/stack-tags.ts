import type { StackConfig } from '../stack-config';

/** Tags every resource carries, so cost and ownership can be read per stack. */
export function stackTags(config: StackConfig): Record<string, string> {
  return { project: 'academics-data-platform', 'acad:prefix': config.prefix, 'acad:stack': config.stack };
}
