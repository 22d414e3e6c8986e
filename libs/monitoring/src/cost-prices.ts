import { z } from 'zod';

/**
 * Unit prices in USD. Defaults are AWS us-east-1 public list prices as of `pricesAsOf`
 * (first pricing tier, no free tier, no discounts); replace them in `acad.monitoring.json`
 * when they change or for another region.
 */
export const PriceTableSchema = z.strictObject({
  pricesAsOf: z.iso.date(),
  region: z.string().min(1),
  currency: z.literal('USD'),
  /** S3 Standard, per GB-month (first 50 TB). */
  s3StorageGbMonth: z.number().nonnegative(),
  /** S3 PUT, COPY, POST, LIST, per 1,000 requests. */
  s3PutPer1000: z.number().nonnegative(),
  /** S3 GET, SELECT and other reads, per 1,000 requests. */
  s3GetPer1000: z.number().nonnegative(),
  /** KMS customer managed key, per key-month (each rotated version of an imported key counts; AWS-rotated versions do not). */
  kmsKeyMonth: z.number().nonnegative(),
  /** KMS symmetric requests, per 10,000. */
  kmsPer10000Requests: z.number().nonnegative(),
  /** Athena SQL, per TB scanned (10 MB minimum per query). */
  athenaPerTbScanned: z.number().nonnegative(),
  athenaMinimumBytesPerQuery: z.number().int().nonnegative(),
  /** Glue ETL (Spark, Glue 2.0+), per DPU-hour, billed per second with a 1-minute minimum. */
  glueDpuHour: z.number().nonnegative(),
  glueMinimumSeconds: z.number().nonnegative(),
  /** DataBrew jobs, per node-hour, with a 1-minute minimum. */
  databrewNodeHour: z.number().nonnegative(),
  databrewMinimumSeconds: z.number().nonnegative(),
});

export type PriceTable = z.infer<typeof PriceTableSchema>;

export const DEFAULT_PRICES: PriceTable = {
  pricesAsOf: '2025-06-01',
  region: 'us-east-1',
  currency: 'USD',
  s3StorageGbMonth: 0.023,
  s3PutPer1000: 0.005,
  s3GetPer1000: 0.0004,
  kmsKeyMonth: 1.0,
  kmsPer10000Requests: 0.03,
  athenaPerTbScanned: 5.0,
  athenaMinimumBytesPerQuery: 10 * 1024 * 1024,
  glueDpuHour: 0.44,
  glueMinimumSeconds: 60,
  databrewNodeHour: 0.48,
  databrewMinimumSeconds: 60,
};
