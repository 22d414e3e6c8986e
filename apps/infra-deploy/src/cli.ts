import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, loadSettings, programVersion } from '@acad/config';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Command, CommanderError, Option } from 'commander';
import { describeCuratedProducts } from '@acad/zones';
import { applyStack } from './apply';
import { createChangeSet, type DeployTarget } from './change-set';
import { DeployFailed, MissingAwsSettings } from './deploy-errors';
import { destroyStack, retainedResources } from './destroy';
import { detectDrift } from './drift';
import { describeApply, describeDestroy, describeDrift, describeEvent, describePlan, describeTemplate } from './format-report';
import { stackName } from './platform-stack';
import type { ProgressEvent } from './stack-events';
import { STACK_NAMES, StackConfigError, assertDeployable, stackConfigFor, type StackConfig } from './stack-config';
import { synthesizeTemplate, type SynthOptions } from './synth';
import { TemplateTooLarge, type TemplateUploader } from './template-source';

/** The AWS clients the deploy commands talk through; tests pass mocked ones. */
export interface DeployClients {
  readonly cloudFormation: CloudFormationClient;
  readonly s3: S3Client;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** How the clients are made; the default is the SDK's credential chain with adaptive retries. */
  readonly createClients?: (region: string) => DeployClients;
  /** Seconds between polls of CloudFormation (tests: 0). */
  readonly pollSeconds?: number;
  readonly now?: () => Date;
  /** How templates are synthesized; tests reuse one synthesis instead of validating per command. */
  readonly synthesize?: typeof synthesizeTemplate;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Throttling is retried by the SDK itself, slowing down as CloudFormation asks (adaptive). */
const MAX_ATTEMPTS = 10;

/** The composition root's clients: the SDK's default credential chain (environment, profile, SSO, role). */
export function createDeployClients(region: string): DeployClients {
  return {
    cloudFormation: new CloudFormationClient({ region, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS }),
    s3: new S3Client({ region, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS }),
  };
}

interface CommonOptions {
  stack: string;
  json?: boolean;
}

/**
 * Runs the infra-deploy command line (`argv` without node and script). Returns the exit code:
 * 0 success, 1 failure of the work, 2 bad usage or configuration.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  let json = false;
  const env = io.env ?? process.env;
  const synthesize = io.synthesize ?? synthesizeTemplate;
  // QuickSight datasets declare each curated product's columns, described by the embedded engine.
  const synthesizeFor = async (config: StackConfig, options: SynthOptions = {}) =>
    synthesize(config, undefined, { ...options, ...(config.quickSight ? { curatedProducts: await describeCuratedProducts() } : {}) });
  const cwd = io.cwd ?? process.cwd();
  const program = new Command('infra-deploy')
    .version(programVersion(__dirname))
    .description('Synthesizes the CloudFormation stack of the academics data platform and deploys it')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  const stackOf = (options: CommonOptions): StackConfig => {
    json = options.json === true;
    const settings = loadSettings({ env: io.env, cwd: io.cwd });
    return stackConfigFor(options.stack, settings, {
      budgetAlertEmails: env['ACAD_BUDGET_ALERT_EMAILS'],
      publishingImage: env['ACAD_PUBLISHING_IMAGE'],
      certificateArn: env['ACAD_CERTIFICATE_ARN'],
      vpcId: env['ACAD_VPC_ID'],
      privateSubnetIds: env['ACAD_PRIVATE_SUBNET_IDS'],
      publicSubnetIds: env['ACAD_PUBLIC_SUBNET_IDS'],
      ingressCidr: env['ACAD_INGRESS_CIDR'],
      quickSightNamespace: env['ACAD_QUICKSIGHT_NAMESPACE'],
    });
  };
  const print = (options: CommonOptions, value: unknown, text: string) =>
    io.stdout(options.json ? `${JSON.stringify(value, null, 2)}\n` : text);
  const progress = (options: CommonOptions) => (event: ProgressEvent) => {
    if (!options.json) io.stdout(describeEvent(event));
  };
  const targetFor = async (config: StackConfig): Promise<DeployTarget> => {
    assertDeployable(config);
    assertRegionChosen(env, cwd);
    const clients = (io.createClients ?? createDeployClients)(config.region);
    await assertCredentials(clients.cloudFormation);
    const bucket = env['ACAD_DEPLOY_BUCKET'];
    return {
      cloudFormation: clients.cloudFormation,
      stackName: stackName(config),
      ...(bucket ? { uploadTemplate: s3TemplateUploader(clients.s3, bucket, config.region) } : {}),
      ...(io.pollSeconds !== undefined ? { pollSeconds: io.pollSeconds } : {}),
    };
  };
  const changeSetName = () => `infra-deploy-${(io.now?.() ?? new Date()).toISOString().replace(/[-:]|\.\d+/g, '')}`;
  const command = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .addOption(new Option('--stack <name>', 'stack (environment)').choices(STACK_NAMES).default('dev'))
      .option('--json', 'print a machine-readable summary');

  command('synth', 'write the CloudFormation template of a stack, without calling AWS')
    .option('--out <dir>', 'folder for <stack>.template.json', 'dist/cloudformation')
    .action(async (options: CommonOptions & { out: string }) => {
      const config = stackOf(options);
      const template = await synthesizeFor(config);
      const name = stackName(config);
      const dir = resolve(cwd, options.out);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name}.template.json`);
      writeFileSync(path, `${JSON.stringify(template, null, 1)}\n`);
      print(
        options,
        {
          stack: config.stack,
          stackName: name,
          template: path,
          resources: Object.keys(template.Resources).length,
          retained: retainedResources(template),
        },
        describeTemplate(config, name, template, path),
      );
    });

  command('plan', 'create a change set and print what apply would add, modify, replace and remove').action(
    async (options: CommonOptions) => {
      const config = stackOf(options);
      const plan = await createChangeSet(await targetFor(config), await synthesizeFor(config), changeSetName());
      print(options, { stack: config.stack, ...plan }, describePlan(plan));
    },
  );

  command('apply', 'execute a change set (a new one, or --change-set) and wait, reporting progress')
    .option('--change-set <name>', 'a change set made by plan')
    .action(async (options: CommonOptions & { changeSet?: string }) => {
      const config = stackOf(options);
      const target = await targetFor(config);
      const source = options.changeSet
        ? { existingChangeSet: options.changeSet }
        : { template: await synthesizeFor(config), changeSetName: changeSetName() };
      const report = await applyStack(target, source, progress(options));
      print(options, { stack: config.stack, ...report }, describeApply(report));
    });

  command('destroy', 'delete the stack; buckets and the key are kept unless --force')
    .option('--force', 'delete the buckets (when empty) and schedule the key for deletion with the stack')
    .action(async (options: CommonOptions & { force?: boolean }) => {
      const config = stackOf(options);
      const target = await targetFor(config);
      const templates = {
        current: await synthesizeFor(config),
        ...(options.force ? { force: await synthesizeFor(config, { retainData: false }) } : {}),
      };
      const report = await destroyStack(target, templates, changeSetName(), progress(options));
      print(options, { stack: config.stack, ...report }, describeDestroy(report));
    });

  command('drift', 'detect resources changed outside CloudFormation (exit 1 when any drifted)').action(async (options: CommonOptions) => {
    const config = stackOf(options);
    const report = await detectDrift(await targetFor(config));
    print(options, { stack: config.stack, ...report }, describeDrift(report));
    if (report.drifted.length > 0) exitCode = 1;
  });

  const fail = (code: number, error: Error & { code?: string; setting?: string }, text: string) => {
    if (json)
      io.stdout(
        `${JSON.stringify({ error: { code: error.code ?? error.name, message: error.message, ...(error.setting ? { setting: error.setting } : {}) } }, null, 2)}\n`,
      );
    io.stderr(text);
    return code;
  };
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message; help and version are successes.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (isConfiguration(error)) return fail(2, error, `${error.message}\n`);
    if (error instanceof DeployFailed) return fail(1, error, `${error.message}\n`);
    const failure = error instanceof Error ? error : new Error(String(error));
    return fail(1, failure, `infra-deploy failed: ${failure.message}\n`);
  }
}

function isConfiguration(error: unknown): error is ConfigError | StackConfigError | MissingAwsSettings | TemplateTooLarge {
  return (
    error instanceof ConfigError ||
    error instanceof StackConfigError ||
    error instanceof MissingAwsSettings ||
    error instanceof TemplateTooLarge
  );
}

/** AWS_REGION (or `region` in acad.config.json) must be chosen: the settings' default region is no choice. */
function assertRegionChosen(env: NodeJS.ProcessEnv, cwd: string): void {
  if (env['AWS_REGION']) return;
  const file = resolve(cwd, CONFIG_FILE_NAME);
  if (existsSync(file) && 'region' in (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)) return;
  throw new MissingAwsSettings(
    'AWS_REGION',
    `No AWS region chosen: set AWS_REGION (or "region" in ${CONFIG_FILE_NAME}) to the region of the stack`,
  );
}

/** Resolves the credentials once, so a missing one is a configuration error (exit 2), not a failed call. */
async function assertCredentials(client: CloudFormationClient): Promise<void> {
  try {
    await client.config.credentials();
  } catch (error) {
    throw new MissingAwsSettings(
      'AWS_PROFILE',
      `No AWS credentials found (${(error as Error).message}): set AWS_PROFILE to a configured profile or SSO session, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), or run where a role is attached`,
    );
  }
}

/** Uploads a template too large for a template body to the deployment bucket, named by its content. */
function s3TemplateUploader(s3: S3Client, bucket: string, region: string): TemplateUploader {
  return async (name, body) => {
    const key = `cloudformation/${name}/${createHash('sha256').update(body).digest('hex').slice(0, 16)}.template.json`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
  };
}
