import type { Metric } from './metric';

export const T0 = new Date('2025-03-04T10:00:00.000Z');

export function metric(name: string, value: number, dimensions: Record<string, string> = {}, timestamp = T0): Metric {
  return { name, unit: 'Count', value, dimensions, timestamp };
}
