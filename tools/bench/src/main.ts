import { runBenchCli } from './cli';

runBenchCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  progress: true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench crashed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
