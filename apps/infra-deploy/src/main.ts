import { runCli } from './cli';

// exitCode, not exit(): let stdout drain before the process ends.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
