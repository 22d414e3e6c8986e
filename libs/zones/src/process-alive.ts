/**
 * Whether process `pid` of this host has ended. Only "no such process" (ESRCH) says so: one
 * that belongs to another user (EPERM) is still running.
 */
export function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
