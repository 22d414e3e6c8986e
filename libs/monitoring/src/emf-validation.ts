import { EMF_MAX_DIMENSIONS_PER_SET, EMF_MAX_METRICS_PER_DOCUMENT, EMF_MAX_VALUES_PER_METRIC } from './emf';
import { MAX_NAME_LENGTH } from './metric';

/** Every unit CloudWatch accepts (StandardUnit). */
export const CLOUDWATCH_STANDARD_UNITS: readonly string[] = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];

/**
 * Checks a parsed JSON value against the EMF specification's rules and this platform's
 * ceilings. Returns person-readable problems; an empty list means the document is valid.
 */
export function validateEmfDocument(document: unknown): string[] {
  if (!isPlainObject(document)) return ['the document must be a JSON object'];
  const aws = document['_aws'];
  if (!isPlainObject(aws)) return ['_aws must be an object'];
  const problems: string[] = [];
  const timestamp = aws['Timestamp'];
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0) {
    problems.push('_aws.Timestamp must be a whole number of milliseconds since the epoch');
  }
  const directives = aws['CloudWatchMetrics'];
  if (!Array.isArray(directives) || directives.length === 0) {
    problems.push('_aws.CloudWatchMetrics must be a non-empty array');
    return problems;
  }
  const seenNames = new Set<string>();
  directives.forEach((directive, index) =>
    problems.push(...directiveProblems(document, directive, `_aws.CloudWatchMetrics[${index}]`, seenNames)),
  );
  return problems;
}

function directiveProblems(root: Record<string, unknown>, directive: unknown, where: string, seenNames: Set<string>): string[] {
  if (!isPlainObject(directive)) return [`${where} must be an object`];
  const problems: string[] = [];
  const namespace = directive['Namespace'];
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.length > MAX_NAME_LENGTH) {
    problems.push(`${where}.Namespace must be a string of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  const dimensionSets = directive['Dimensions'];
  if (!Array.isArray(dimensionSets)) {
    problems.push(`${where}.Dimensions must be an array of dimension sets`);
  } else {
    dimensionSets.forEach((set, index) => problems.push(...dimensionSetProblems(root, set, `${where}.Dimensions[${index}]`)));
  }
  const metrics = directive['Metrics'];
  if (!Array.isArray(metrics)) {
    problems.push(`${where}.Metrics must be an array`);
    return problems;
  }
  if (metrics.length > EMF_MAX_METRICS_PER_DOCUMENT) {
    problems.push(`${where}.Metrics has ${metrics.length} metrics; at most ${EMF_MAX_METRICS_PER_DOCUMENT} are allowed`);
  }
  metrics.forEach((metric, index) => problems.push(...metricDefinitionProblems(root, metric, `${where}.Metrics[${index}]`, seenNames)));
  return problems;
}

function dimensionSetProblems(root: Record<string, unknown>, set: unknown, where: string): string[] {
  if (!Array.isArray(set)) return [`${where} must be an array of dimension names`];
  const problems: string[] = [];
  if (set.length > EMF_MAX_DIMENSIONS_PER_SET) {
    problems.push(`${where} has ${set.length} dimensions; at most ${EMF_MAX_DIMENSIONS_PER_SET} are allowed`);
  }
  for (const name of set) {
    if (typeof name !== 'string' || name.length === 0) {
      problems.push(`${where} holds a dimension name that is not a non-empty string`);
    } else if (typeof root[name] !== 'string') {
      problems.push(`dimension ${name} (${where}) must have a string value at the document root`);
    }
  }
  return problems;
}

function metricDefinitionProblems(root: Record<string, unknown>, metric: unknown, where: string, seenNames: Set<string>): string[] {
  if (!isPlainObject(metric)) return [`${where} must be an object`];
  const name = metric['Name'];
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    return [`${where}.Name must be a string of 1 to ${MAX_NAME_LENGTH} characters`];
  }
  const problems: string[] = [];
  if (seenNames.has(name)) problems.push(`metric ${name} is declared more than once in the document`);
  seenNames.add(name);
  const unit = metric['Unit'];
  if (unit !== undefined && (typeof unit !== 'string' || !CLOUDWATCH_STANDARD_UNITS.includes(unit))) {
    problems.push(`metric ${name} has unit ${JSON.stringify(unit)}, which CloudWatch does not accept`);
  }
  const resolution = metric['StorageResolution'];
  if (resolution !== undefined && resolution !== 1 && resolution !== 60) {
    problems.push(`metric ${name} has StorageResolution ${JSON.stringify(resolution)}; it must be 1 or 60`);
  }
  problems.push(...metricValueProblems(name, root[name]));
  return problems;
}

function metricValueProblems(name: string, value: unknown): string[] {
  if (value === undefined) return [`metric ${name} has no value at the document root`];
  if (Array.isArray(value)) {
    if (value.length === 0 || value.length > EMF_MAX_VALUES_PER_METRIC) {
      return [`metric ${name} must have 1 to ${EMF_MAX_VALUES_PER_METRIC} values, got ${value.length}`];
    }
    return value.every(isFiniteNumber) ? [] : [`metric ${name} holds a value that is not a finite number`];
  }
  return isFiniteNumber(value) ? [] : [`metric ${name} must be a finite number or an array of them`];
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
