import { runCli } from './cli';

// Entry for `npm run monitor -- …`; exit code set, not forced, so output is flushed.
void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
);
