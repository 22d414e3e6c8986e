import type { PriceTable } from './cost-prices';

/** AWS bills storage in binary gigabytes. */
export const BYTES_PER_GB = 1024 ** 3;
const BYTES_PER_TB = 1024 ** 4;

/** One month of usage as it would be billed on AWS. */
export interface MonthlyUsage {
  /** Average bytes stored over the month, per zone (S3 Standard). */
  storageBytesByZone: Record<string, number>;
  s3PutRequests: number;
  s3GetRequests: number;
  kmsKeys: number;
  kmsRequests: number;
  athenaQueries: number;
  athenaBytesScanned: number;
  /** Duration of each Glue job run, in seconds. */
  glueJobSeconds: readonly number[];
  glueDpusPerJob: number;
  /** Duration of each DataBrew job run, in seconds. */
  databrewJobSeconds: readonly number[];
  databrewNodesPerJob: number;
}

export interface CostLine {
  service: 'S3' | 'KMS' | 'Athena' | 'Glue' | 'DataBrew';
  item: string;
  quantity: number;
  unit: string;
  unitPriceUsd: number;
  usd: number;
}

export interface CostEstimate {
  pricesAsOf: string;
  region: string;
  lines: CostLine[];
  byService: Record<CostLine['service'], number>;
  totalUsd: number;
}

export function emptyUsage(): MonthlyUsage {
  return {
    storageBytesByZone: {},
    s3PutRequests: 0,
    s3GetRequests: 0,
    kmsKeys: 0,
    kmsRequests: 0,
    athenaQueries: 0,
    athenaBytesScanned: 0,
    glueJobSeconds: [],
    glueDpusPerJob: 2,
    databrewJobSeconds: [],
    databrewNodesPerJob: 1,
  };
}

/** Prices one month of usage with the table's list prices (no free tier, no discounts). */
export function estimateMonthlyCost(usage: MonthlyUsage, prices: PriceTable): CostEstimate {
  const lines: CostLine[] = [];
  const line = (service: CostLine['service'], item: string, quantity: number, unit: string, unitPriceUsd: number, per = 1) =>
    lines.push({ service, item, quantity, unit, unitPriceUsd, usd: (quantity / per) * unitPriceUsd });
  for (const [zone, bytes] of Object.entries(usage.storageBytesByZone)) {
    line('S3', `storage (${zone})`, bytes / BYTES_PER_GB, 'GB-month', prices.s3StorageGbMonth);
  }
  line('S3', 'PUT/COPY/POST/LIST requests', usage.s3PutRequests, 'requests', prices.s3PutPer1000, 1000);
  line('S3', 'GET requests', usage.s3GetRequests, 'requests', prices.s3GetPer1000, 1000);
  line('KMS', 'customer managed keys', usage.kmsKeys, 'key-months', prices.kmsKeyMonth);
  line('KMS', 'requests', usage.kmsRequests, 'requests', prices.kmsPer10000Requests, 10_000);
  // Each query is billed at least the minimum; with totals only, the minimum applies to the sum.
  const billedBytes = Math.max(usage.athenaBytesScanned, usage.athenaQueries * prices.athenaMinimumBytesPerQuery);
  line('Athena', `bytes scanned (${usage.athenaQueries} queries)`, billedBytes / BYTES_PER_TB, 'TB', prices.athenaPerTbScanned);
  const billedHours = (seconds: readonly number[], minimum: number, units: number) =>
    (seconds.reduce((sum, s) => sum + Math.max(s, minimum), 0) * units) / 3600;
  line(
    'Glue',
    `job runs (${usage.glueJobSeconds.length} × ${usage.glueDpusPerJob} DPU)`,
    billedHours(usage.glueJobSeconds, prices.glueMinimumSeconds, usage.glueDpusPerJob),
    'DPU-hours',
    prices.glueDpuHour,
  );
  line(
    'DataBrew',
    `job runs (${usage.databrewJobSeconds.length} × ${usage.databrewNodesPerJob} node)`,
    billedHours(usage.databrewJobSeconds, prices.databrewMinimumSeconds, usage.databrewNodesPerJob),
    'node-hours',
    prices.databrewNodeHour,
  );
  const byService = { S3: 0, KMS: 0, Athena: 0, Glue: 0, DataBrew: 0 };
  for (const l of lines) byService[l.service] += l.usd;
  return { pricesAsOf: prices.pricesAsOf, region: prices.region, lines, byService, totalUsd: lines.reduce((sum, l) => sum + l.usd, 0) };
}
