import { fork, type ChildProcess } from 'node:child_process';

/**
 * Starts a TypeScript file of this app as a child process with an IPC channel, run the way the
 * root scripts run the apps (tsx, the workspace's source condition). Its stderr is drained so a
 * chatty child never stalls, and never shown: it may hold a statement's text.
 */
export function forkTypeScript(path: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = fork(path, [], {
    execArgv: ['--conditions=@acad/source', '--import', 'tsx'],
    env,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.resume();
  return child;
}
