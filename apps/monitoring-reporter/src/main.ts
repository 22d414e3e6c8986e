import { runCli } from './cli';

// Entry for `npm run monitor -- …`; exit code set, not forced, so output is flushed.
// SIGINT / SIGTERM stop `watch` once the report in progress is done.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: stop.signal,
}).then((code) => {
  process.exitCode = code;
});
