import { ConfigError, loadSettings, programVersion } from '@acad/config';
import { Command, CommanderError, Option } from 'commander';
import { applyStack } from './apply';
import { createAwsClients, type AwsClients, type AwsClientSettings } from './aws-clients';
import { createDeployContext } from './deploy-context';
import { DestroyRefused } from './deploy-errors';
import { destroyStack } from './destroy';
import { describeApply, describeDestroy, describePlan, describeStack } from './format-report';
import { planStack } from './plan';
import type { RetryOptions } from './retry';
import { STACK_NAMES, StackConfigError, assertDeployable, stackConfigFor, type StackConfig } from './stack-config';
import { synthesize } from './synth';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** How AWS clients are made; tests inject mocked ones. */
  readonly createClients?: (settings: AwsClientSettings) => AwsClients;
  readonly retry?: Partial<RetryOptions>;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

interface CommonOptions {
  stack: string;
  json?: boolean;
  endpoint?: string;
}

/**
 * Runs the infra-deploy command line (`argv` without node and script). Returns the exit code:
 * 0 success, 1 failure of the work, 2 bad usage or configuration.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const env = io.env ?? process.env;
  const program = new Command('infra-deploy')
    .version(programVersion(__dirname))
    .description('Derives and deploys the AWS resources of the academics data platform')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  const stackOf = (options: CommonOptions): StackConfig => {
    const settings = loadSettings({ env: io.env, cwd: io.cwd });
    return stackConfigFor(options.stack, settings, { budgetAlertEmails: env['ACAD_BUDGET_ALERT_EMAILS'] });
  };
  const contextFor = async (config: StackConfig, options: CommonOptions) => {
    assertDeployable(config);
    const clients = (io.createClients ?? createAwsClients)({ region: config.region, endpoint: options.endpoint });
    return createDeployContext(clients, { region: config.region, s3Endpoint: options.endpoint, retry: io.retry });
  };
  const print = (options: CommonOptions, json: unknown, text: string) =>
    io.stdout(options.json ? `${JSON.stringify(json, null, 2)}\n` : text);
  const command = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .addOption(new Option('--stack <name>', 'stack (environment)').choices(STACK_NAMES).default('dev'))
      .option('--json', 'print a machine-readable summary');
  const withEndpoint = (c: Command) => c.option('--endpoint <url>', 'an S3-compatible server for the buckets (the S3 client only)');

  command('synth', 'print the desired AWS resources of a stack, without calling AWS').action((options: CommonOptions) => {
    const config = stackOf(options);
    const resources = synthesize(config);
    print(options, { stack: config, resources }, describeStack(config, resources));
  });

  withEndpoint(command('plan', 'read the actual state and print the changes apply would make')).action(async (options: CommonOptions) => {
    const config = stackOf(options);
    const plan = await planStack(synthesize(config), await contextFor(config, options));
    print(options, { stack: config.stack, prefix: config.prefix, ...plan }, describePlan(config, plan));
  });

  withEndpoint(command('apply', 'create and update resources in dependency order until the stack is as desired')).action(
    async (options: CommonOptions) => {
      const config = stackOf(options);
      const report = await applyStack(synthesize(config), await contextFor(config, options));
      print(options, { stack: config.stack, prefix: config.prefix, ...report }, describeApply(config, report));
      if (report.failed) exitCode = 1;
    },
  );

  withEndpoint(command('destroy', 'delete the stack (non-empty buckets and the data key only with --force)'))
    .option('--force', 'empty buckets and schedule the data key for deletion')
    .action(async (options: CommonOptions & { force?: boolean }) => {
      const config = stackOf(options);
      const report = await destroyStack(synthesize(config), await contextFor(config, options), { force: options.force === true });
      print(options, { stack: config.stack, prefix: config.prefix, ...report }, describeDestroy(config, report));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message; help and version are successes.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof ConfigError || error instanceof StackConfigError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof DestroyRefused) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    io.stderr(`infra-deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
