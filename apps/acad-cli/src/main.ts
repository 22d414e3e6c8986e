import { createInterface } from 'node:readline/promises';
import { runCli } from './cli';

/** A yes/no question on the terminal; none when input or output is not one (a script must say --yes). */
async function confirm(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  ...(process.stdin.isTTY && process.stdout.isTTY ? { confirm } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`acad crashed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
