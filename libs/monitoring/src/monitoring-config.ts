import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AlarmDefinitionSchema } from './alarm-definitions';
import { DEFAULT_PRICES, PriceTableSchema, type PriceTable } from './cost-prices';
import { MonitoringConfigInvalid } from './monitoring-errors';

export const MONITORING_CONFIG_FILE = 'acad.monitoring.json';

export const MonitoringConfigSchema = z.strictObject({
  /** Added to the built-in alarms; one with a built-in alarm's name replaces it. */
  alarms: z.array(AlarmDefinitionSchema).default([]),
  /** False: only the alarms listed here. */
  defaultAlarms: z.boolean().default(true),
  budget: z
    .strictObject({
      monthlyLimitUsd: z.number().positive().default(25),
      /** Forecasts need this much of the month behind them (AWS Budgets, too, waits for history). */
      forecastMinElapsedHours: z.number().nonnegative().default(24),
    })
    .prefault({}),
  /** Overrides of the built-in price table (us-east-1 list prices as of its pricesAsOf). */
  prices: PriceTableSchema.partial().default({}),
  /** How local pipeline work maps onto billable AWS usage. */
  usage: z
    .strictObject({
      glueDpusPerJob: z.number().positive().default(2),
      databrewNodesPerJob: z.number().positive().default(1),
      s3GetsPerObjectWritten: z.number().nonnegative().default(2),
      kmsRequestsPerSealedObject: z.number().nonnegative().default(2),
    })
    .prefault({}),
  /** Slack-compatible incoming webhook for state changes; ACAD_ALARM_WEBHOOK wins. */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  namespace: z.string().min(1).max(255).default('AcademicsDataPlatform'),
});

export type MonitoringConfig = Omit<z.infer<typeof MonitoringConfigSchema>, 'prices'> & { prices: PriceTable };

export interface LoadedMonitoringConfig {
  config: MonitoringConfig;
  /** The file read, or `built-in defaults`. */
  source: string;
}

/**
 * Reads `ACAD_MONITORING_CONFIG` or `<ACAD_HOME>/acad.monitoring.json` (a missing file means
 * the built-in defaults). Throws `MonitoringConfigInvalid` naming the file and the field.
 */
export async function loadMonitoringConfig(options: {
  home: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): Promise<LoadedMonitoringConfig> {
  const env = options.env ?? process.env;
  const explicit = env['ACAD_MONITORING_CONFIG'];
  const path = explicit ? resolve(options.cwd ?? process.cwd(), explicit) : join(options.home, MONITORING_CONFIG_FILE);
  let raw: unknown = {};
  let source = 'built-in defaults';
  try {
    const text = await readFile(path, 'utf8');
    source = path;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new MonitoringConfigInvalid(path, `not valid JSON (${(error as Error).message})`);
    }
  } catch (error) {
    if (error instanceof MonitoringConfigInvalid) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || explicit) throw new MonitoringConfigInvalid(path, (error as Error).message);
  }
  const parsed = MonitoringConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MonitoringConfigInvalid(source, `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  }
  const webhook = env['ACAD_ALARM_WEBHOOK'];
  if (webhook !== undefined && webhook !== '' && !z.url({ protocol: /^https?$/ }).safeParse(webhook).success) {
    throw new MonitoringConfigInvalid('ACAD_ALARM_WEBHOOK', 'must be an http(s) URL');
  }
  const config: MonitoringConfig = {
    ...parsed.data,
    prices: { ...DEFAULT_PRICES, ...parsed.data.prices },
    webhookUrl: webhook ? webhook : parsed.data.webhookUrl,
  };
  return { config, source };
}
