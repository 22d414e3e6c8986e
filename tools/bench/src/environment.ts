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

/** A warning when other work shared the machine, or nothing when it was quiet. */
export function loadNote(environment: SuiteEnvironment): string[] {
  const busiest = Math.max(environment.loadBefore[0] ?? 0, environment.loadAfter[0] ?? 0);
  if (busiest <= environment.cpus * 0.75) return [];
  return [
    `The machine was busy (1-minute load average up to ${busiest.toFixed(1)} on ${environment.cpus} CPUs): every part ran slower and noisier than on an idle machine. Each part ran once; ratios within this run are the figures to compare, and differences under ~20% may be noise.`,
  ];
}
