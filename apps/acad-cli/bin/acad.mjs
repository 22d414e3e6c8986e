#!/usr/bin/env node
// `npx acad …`: the CLI from its TypeScript sources, as `npm run acad -- …` runs it (there is no
// build step). The source condition and tsx are process flags, so the CLI runs as a child
// process; its exit code and signals pass through.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--conditions=@acad/source', '--import', tsx, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
