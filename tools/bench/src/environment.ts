import { cpus, loadavg, totalmem } from 'node:os';
import type { SuiteEnvironment } from './report';

/** The machine as a suite starts; `finish` adds the load average at its end. */
export function captureEnvironment(): { environment: SuiteEnvironment; finish: () => SuiteEnvironment } {
  const environment: SuiteEnvironment = {
    cpus: cpus().length,
    totalMemGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.versions.node,
    loadBefore: loadavg(),
    loadAfter: [],
  };
  return { environment, finish: () => ({ ...environment, loadAfter: loadavg() }) };
}
