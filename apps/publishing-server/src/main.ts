import { ConfigError, loadSettings } from '@acad/config';
import { buildServer } from './build-server';

async function main(): Promise<void> {
  const settings = loadSettings();
  const app = buildServer(settings);
  const address = await app.listen({ port: settings.port, host: '127.0.0.1' });
  process.stdout.write(`Publishing server listening on ${address}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `serve failed: ${(error as Error).message}`}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
});
