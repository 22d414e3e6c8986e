import { localMetricsDirectory, readLocalMetrics } from './local-emf-sink';
import type { Metric } from './metric';
import type { MetricsReader, MetricsReadRange } from './metrics-reader';

/** Reads the EMF files under `<home>/metrics` back (ACAD_METRICS=local): every recorded value as written. */
export class LocalEmfReader implements MetricsReader {
  readonly description: string;

  constructor(private readonly home: string) {
    this.description = localMetricsDirectory(home);
  }

  async read(range: MetricsReadRange): Promise<Metric[]> {
    const metrics = await readLocalMetrics(this.home, {
      since: range.since,
      onProblem: (problem) => range.onProblem?.(`${problem.file}:${problem.line}: ${problem.message}`),
    });
    return metrics.filter((metric) => metric.timestamp < range.until);
  }
}
