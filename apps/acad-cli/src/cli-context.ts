import type { Settings } from '@acad/config';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** What every command group gets: output, and settings loaded when a command runs. */
export interface CliContext {
  io: CliIo;
  settings: () => Settings;
}
