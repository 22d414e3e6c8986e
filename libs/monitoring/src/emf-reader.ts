import type { EmfDocument } from './emf';
import { validateEmfDocument } from './emf-validation';
import { isMetricUnit, type Metric } from './metric';

export interface EmfMetricsRead {
  metrics: Metric[];
  /** Empty when the document was valid. */
  problems: string[];
}

/**
 * Reads the metrics an EMF document declares: one Metric per value, per metric definition and
 * per dimension set (CloudWatch, too, extracts one metric per dimension set). An invalid
 * document yields no metrics and its problems.
 */
export function fromEmfDocument(document: unknown): EmfMetricsRead {
  const problems = validateEmfDocument(document);
  if (problems.length > 0) return { metrics: [], problems };
  const doc = document as EmfDocument;
  const timestamp = new Date(doc._aws.Timestamp);
  const metrics: Metric[] = [];
  for (const directive of doc._aws.CloudWatchMetrics) {
    // A directive without dimension sets publishes its metrics without dimensions.
    const dimensionSets = directive.Dimensions.length > 0 ? directive.Dimensions : [[]];
    for (const set of dimensionSets) {
      const dimensions = Object.fromEntries(set.map((name) => [name, doc[name] as string]));
      for (const definition of directive.Metrics) {
        const raw = doc[definition.Name] as number | number[];
        const unit = isMetricUnit(definition.Unit) ? definition.Unit : 'None';
        for (const value of Array.isArray(raw) ? raw : [raw]) {
          metrics.push({ name: definition.Name, unit, value, dimensions: { ...dimensions }, timestamp: new Date(timestamp) });
        }
      }
    }
  }
  return { metrics, problems: [] };
}
