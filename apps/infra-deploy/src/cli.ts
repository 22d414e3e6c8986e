import { ConfigError, loadSettings } from '@acad/config';
import { Command, CommanderError, Option } from 'commander';
import type { Resource } from './resource';
import { STACK_NAMES, StackConfigError, stackConfigFor, type StackConfig } from './stack-config';
import { synthesize } from './synth';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Runs the infra-deploy command line (`argv` without node and script). Returns the exit code:
 * 0 success, 1 failure of the work, 2 bad usage or configuration.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = new Command('infra-deploy')
    .description('Derives and deploys the AWS resources of the academics data platform')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('synth')
    .description('print the desired AWS resources of a stack, without calling AWS')
    .addOption(new Option('--stack <name>', 'stack to synthesize').choices(STACK_NAMES).default('dev'))
    .option('--json', 'print the resources as JSON')
    .action((options: { stack: string; json?: boolean }) => {
      const settings = loadSettings({ env: io.env, cwd: io.cwd });
      const config = stackConfigFor(options.stack, settings);
      const resources = synthesize(config);
      io.stdout(options.json ? `${JSON.stringify({ stack: config, resources }, null, 2)}\n` : describeStack(config, resources));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message; help and version are successes.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof ConfigError || error instanceof StackConfigError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    io.stderr(`infra-deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function describeStack(config: StackConfig, resources: readonly Resource[]): string {
  const width = Math.max(...resources.map((r) => r.type.length));
  const lines = resources.map((r) => `  ${r.type.padEnd(width)}  ${r.id}${r.dependsOn.length ? `  (after ${r.dependsOn.join(', ')})` : ''}`);
  return `Stack ${config.stack}: prefix ${config.prefix}, region ${config.region}, ${resources.length} resources in deployment order\n${lines.join('\n')}\n`;
}
