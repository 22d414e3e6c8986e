import type { ChildProcess } from 'node:child_process';
import { forkChild } from './fork-child';

/**
 * Starts a TypeScript file of this app as a child process with an IPC channel, run the way the
 * root scripts run the apps (tsx, the workspace's source condition).
 */
export function forkTypeScript(path: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return forkChild(path, ['--conditions=@acad/source', '--import', 'tsx'], env);
}
