import type { Threshold } from './rule';

/** Scales the median absolute deviation to estimate a standard deviation of normal data. */
const MAD_SCALE = 1.4826;

export interface AnomalyVerdict {
  readonly anomalous: boolean | null;
  /** The accepted band, median ± k·MAD, inclusive. */
  readonly bounds: Threshold | null;
  readonly detail: string;
}

/**
 * Judges `value` against past values: anomalous outside median ± k·scaled MAD. When every past
 * value is the same (MAD 0), only that value is normal. Null verdict: not enough history.
 */
export function detectAnomaly(value: number, history: readonly number[], k: number, minHistory: number): AnomalyVerdict {
  const past = history.filter((v) => Number.isFinite(v));
  if (past.length < minHistory) {
    return {
      anomalous: null,
      bounds: null,
      detail: `not enough history: needs ${minHistory} past batch(es), has ${past.length}; recorded ${value} for later runs`,
    };
  }
  const centre = median(past);
  const mad = median(past.map((v) => Math.abs(v - centre))) * MAD_SCALE;
  const low = centre - k * mad;
  const high = centre + k * mad;
  const tolerance = 1e-9 * Math.max(1, Math.abs(centre));
  const anomalous = value < low - tolerance || value > high + tolerance;
  const band = `median ${round(centre)} ± ${k}·MAD ${round(mad)} over ${past.length} batch(es)`;
  return {
    anomalous,
    bounds: { op: 'between', value: [low, high] },
    detail: anomalous ? `${value} is outside ${band}` : `${value} is within ${band}`,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
