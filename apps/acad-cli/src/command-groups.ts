import type { Command } from 'commander';
import { registerCatalogCommands } from './catalog-cli';
import type { CliContext } from './cli-context';
import { registerCuratedCommands } from './curated-cli';
import { registerKeysCommands, registerQuarantineCommands } from './keys-cli';
import { registerLineageCommands } from './lineage-cli';
import { registerProfileCommands } from './profile-cli';
import { registerQualityCommands } from './quality-cli';
import { registerQueryCommands } from './query-cli';
import { registerRejectedCommands } from './rejected-cli';
import { registerTokenCommands } from './token-cli';
import { registerVacuumCommands } from './vacuum-cli';
import { registerVerifyCommands } from './verify-cli';

/** Every command group of `acad`, each in its own file; add a group with one line here. */
export const COMMAND_GROUPS: ReadonlyArray<(program: Command, ctx: CliContext) => void> = [
  registerQueryCommands,
  registerCatalogCommands,
  registerCuratedCommands,
  registerLineageCommands,
  registerQuarantineCommands,
  registerRejectedCommands,
  registerKeysCommands,
  registerTokenCommands,
  registerQualityCommands,
  registerProfileCommands,
  registerVerifyCommands,
  registerVacuumCommands,
];
