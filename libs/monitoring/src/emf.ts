import { assertValidMetric, metricIdentity, type Metric, type MetricUnit } from './metric';
import { InvalidMetric } from './monitoring-errors';

/** Namespace used when a caller names none. */
export const DEFAULT_NAMESPACE = 'AcademicsDataPlatform';

/** Ceilings from the CloudWatch Embedded Metric Format specification. */
export const EMF_MAX_METRICS_PER_DOCUMENT = 100;
export const EMF_MAX_DIMENSIONS_PER_SET = 30;
export const EMF_MAX_VALUES_PER_METRIC = 100;

export interface EmfMetricDefinition {
  Name: string;
  Unit?: string;
  StorageResolution?: number;
}

export interface EmfMetricDirective {
  Namespace: string;
  /** Each inner array is one dimension set: the names of root members that hold dimension values. */
  Dimensions: string[][];
  Metrics: EmfMetricDefinition[];
}

export interface EmfMetadata {
  /** Milliseconds since the epoch. */
  Timestamp: number;
  CloudWatchMetrics: EmfMetricDirective[];
}

/** One EMF log event: metadata under `_aws`, metric and dimension values as root members. */
export interface EmfDocument {
  _aws: EmfMetadata;
  [member: string]: unknown;
}

export interface EmfWriteOptions {
  namespace?: string;
}

interface DocumentDraft {
  dimensions: Record<string, string>;
  timestamp: number;
  metrics: Map<string, { unit: MetricUnit; values: number[] }>;
}

/**
 * Turns metrics into EMF documents: one per (namespace, dimension set with its values, timestamp),
 * split when a document would pass 100 metrics; a name repeated with the same unit becomes an
 * array of values (up to 100), so names stay unique within each document.
 */
export function toEmfDocuments(metrics: readonly Metric[], options: EmfWriteOptions = {}): EmfDocument[] {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const groups = new Map<string, DocumentDraft[]>();
  for (const metric of metrics) {
    assertValidMetric(metric);
    assertFitsEmf(metric);
    const timestamp = metric.timestamp.getTime();
    const key = `${timestamp}|${metricIdentity('', metric.dimensions)}`;
    let drafts = groups.get(key);
    if (!drafts) {
      drafts = [];
      groups.set(key, drafts);
    }
    addToDrafts(drafts, metric, timestamp);
  }
  return [...groups.values()].flat().map((draft) => draftToDocument(draft, namespace));
}

function addToDrafts(drafts: DocumentDraft[], metric: Metric, timestamp: number): void {
  for (const draft of drafts) {
    const existing = draft.metrics.get(metric.name);
    if (existing) {
      if (existing.unit === metric.unit && existing.values.length < EMF_MAX_VALUES_PER_METRIC) {
        existing.values.push(metric.value);
        return;
      }
    } else if (draft.metrics.size < EMF_MAX_METRICS_PER_DOCUMENT) {
      draft.metrics.set(metric.name, { unit: metric.unit, values: [metric.value] });
      return;
    }
  }
  drafts.push({
    dimensions: metric.dimensions,
    timestamp,
    metrics: new Map([[metric.name, { unit: metric.unit, values: [metric.value] }]]),
  });
}

function draftToDocument(draft: DocumentDraft, namespace: string): EmfDocument {
  const dimensionNames = Object.keys(draft.dimensions).sort();
  const document: EmfDocument = {
    _aws: {
      Timestamp: draft.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [dimensionNames],
          Metrics: [...draft.metrics].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
        },
      ],
    },
  };
  for (const name of dimensionNames) document[name] = draft.dimensions[name];
  for (const [name, { values }] of draft.metrics) document[name] = values.length === 1 ? values[0] : values;
  return document;
}

/** Metric and dimension values share the document root, so their names must not collide. */
function assertFitsEmf(metric: Metric): void {
  if (metric.name === '_aws') throw new InvalidMetric(metric.name, ['"_aws" is reserved by the Embedded Metric Format']);
  if (Object.hasOwn(metric.dimensions, metric.name)) {
    throw new InvalidMetric(metric.name, [`the metric name is also one of its dimension names`]);
  }
  if ('_aws' in metric.dimensions) throw new InvalidMetric(metric.name, ['dimension name "_aws" is reserved']);
}
