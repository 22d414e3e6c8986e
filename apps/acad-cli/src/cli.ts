import { Command, CommanderError } from 'commander';
import { KEYRING_ERROR_CODES } from '@acad/crypto';
import { EngineError, SandboxViolation } from '@acad/engine';
import type { CliIo } from './cli-context';
import { COMMAND_GROUPS } from './command-groups';
import { cliSettings, cliVersion } from './compose';

export type { CliIo } from './cli-context';

/** Errors that mean bad usage or configuration (exit 2), recognised by their codes: a missing or damaged keyring among them. */
const USAGE_ERROR_CODES = new Set([
  'CONFIG_INVALID',
  'UNKNOWN_DATASET',
  'UNKNOWN_PRODUCT',
  'SQL_NOT_ALLOWED',
  'LAKE_NOT_EMPTY',
  'CONFIRMATION_NEEDED',
  'DATASET_RULES_INVALID',
  'RULES_FILE_UNREADABLE',
  'AS_OF_UNAVAILABLE',
  ...KEYRING_ERROR_CODES,
]);

/** The operator's command line; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = new Command('acad')
    .version(cliVersion())
    .description('The Academics Data Platform operator command line.')
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let exitCode = 0;
  const ctx = { io, settings: () => cliSettings(io), workFailed: () => (exitCode = 1) };
  for (const register of COMMAND_GROUPS) register(program, ctx);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? 0 : 2;
    }
    const code = (error as { code?: unknown }).code;
    if (error instanceof SandboxViolation) io.stderr(`Refused: ${error.message}`);
    else if (error instanceof EngineError) io.stderr(`Query failed: ${error.message}`);
    else if (typeof code === 'string' && USAGE_ERROR_CODES.has(code)) io.stderr((error as Error).message);
    else io.stderr(`acad failed: ${(error as Error).message}`);
    return typeof code === 'string' && USAGE_ERROR_CODES.has(code) ? 2 : 1;
  }
}
