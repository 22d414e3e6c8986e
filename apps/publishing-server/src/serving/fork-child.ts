import { fork, type ChildProcess } from 'node:child_process';

/**
 * Starts a module as a child process with an IPC channel. Its stderr is drained so a chatty child
 * never stalls, and never shown: it may hold a statement's text.
 */
export function forkChild(modulePath: string, execArgv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = fork(modulePath, [], {
    execArgv,
    env,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.resume();
  return child;
}
