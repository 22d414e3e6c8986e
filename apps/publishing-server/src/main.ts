import { Command, CommanderError } from 'commander';
import { isKeyringError } from '@acad/crypto';
import { platformLogFile } from '@acad/monitoring';
import { buildServer } from './build-server';
import { fieldCipher, isConfigError, serverSettings, serverVersion, settingVariables } from './compose';

async function main(): Promise<void> {
  const settings = serverSettings();
  // The keyring is opened before listening: a missing or damaged key is bad configuration (exit 2,
  // naming the file), never a 500 on the first request that decrypts.
  const cipher = await fieldCipher(settings);
  const app = await buildServer(settings, { cipher, trustProxy: process.env['ACAD_TRUST_PROXY'] === 'true', warm: true });
  const address = await app.listen({ port: settings.port, host: settings.bindAddress });
  process.stdout.write(
    [
      `Publishing server listening on ${address}`,
      `  Dashboards: ${address}/ (public view without signing in) · Catalog: ${address}/catalog · API docs: ${address}/docs`,
      `  Sign in: npm run acad -- token create --user you --role analyst, then open ${address}/sign-in and paste the token.`,
      `  Request log (JSON lines, no PII): ${platformLogFile(settings.home, 'publishing-server')}`,
      '',
    ].join('\n'),
  );
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// `--help` and `--version` answer without opening the lake or listening.
const program = new Command('serve')
  .description(
    'The publishing server: dashboards, catalog browser, downloads and the API (/docs), on ACAD_BIND_ADDRESS:PORT (127.0.0.1 unless set).',
  )
  .version(serverVersion())
  .addHelpText('after', `\nSettings (environment or acad.config.json): ${[...settingVariables(), 'ACAD_TRUST_PROXY'].join(', ')}.`)
  .exitOverride()
  .action(main);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? 0 : 2;
    return;
  }
  const setup = isConfigError(error) || isKeyringError(error);
  process.stderr.write(`${setup ? (error as Error).message : `serve failed: ${(error as Error).message}`}\n`);
  process.exitCode = setup ? 2 : 1;
});
