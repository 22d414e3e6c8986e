import type { Settings } from '@acad/config';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Asks a yes/no question on a terminal; left out when there is none to ask on (scripts, tests). */
  confirm?: (question: string) => Promise<boolean>;
}

/** What every command group gets: output, and settings loaded when a command runs. */
export interface CliContext {
  io: CliIo;
  settings: () => Settings;
  /** The command ran, but the work it did failed (e.g. a retried file was rejected again): exit code 1. */
  workFailed: () => void;
}
