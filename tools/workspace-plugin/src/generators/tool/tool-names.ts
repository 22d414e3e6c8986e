import { names } from '@nx/devkit';

export interface ToolNames {
  /** `grade-reporter`: folder, project and package name. */
  name: string;
}

export class InvalidToolName extends Error {
  readonly code = 'INVALID_TOOL_NAME';
  constructor(readonly given: string) {
    super(`"${given}" is not a usable app name: use lower-case letters, digits and dashes, starting with a letter (e.g. grade-reporter).`);
    this.name = 'InvalidToolName';
  }
}

export function toolNames(given: string): ToolNames {
  const name = names(given.trim()).fileName;
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(name)) throw new InvalidToolName(given);
  return { name };
}
