import { extname, resolve } from 'node:path';
import type { Settings } from '@acad/config';
import { sqlString } from '@acad/engine';
import { profileRelation, type DatasetProfile } from '@acad/quality';
import { getContract } from '@acad/schemas';
import { openCommandEngine, openLake } from './compose';

/** A dataset with nothing committed to trusted: there is nothing to profile. */
export class NothingToProfile extends Error {
  readonly code = 'NOTHING_TO_PROFILE';

  constructor(readonly dataset: string) {
    super(`Dataset "${dataset}" has no committed data in trusted; ingest a file first or profile one with --file.`);
    this.name = 'NothingToProfile';
  }
}

/**
 * `acad profile <dataset>`: the profile of `trusted.<dataset>` read through the locked-down lake
 * engine, or of a staged CSV / Parquet file with `--file` (e.g. a plaintext export before it is
 * ingested; its PII is detected from values and shown masked).
 */
export async function profileCommand(settings: Settings, dataset: string, file?: string): Promise<DatasetProfile> {
  const contract = getContract(dataset);
  if (file) {
    const engine = await openCommandEngine(settings);
    try {
      const path = sqlString(resolve(file));
      const reader =
        extname(file).toLowerCase() === '.parquet'
          ? `read_parquet(${path})`
          : `read_csv(${path}, all_varchar = true, normalize_names = true)`;
      await engine.registerView('staged', `SELECT * FROM ${reader}`);
      return await profileRelation(engine, 'staged', { contract });
    } finally {
      await engine.close();
    }
  }
  const lake = await openLake(settings);
  try {
    const relation = `trusted.${dataset}`;
    if (!lake.relations.includes(relation)) throw new NothingToProfile(dataset);
    return await profileRelation(lake.engine, relation, { contract });
  } finally {
    await lake.close();
  }
}

const round = (n: number | null): string => (n === null ? '—' : String(Math.round(n * 1000) / 1000));

export function formatProfile(profile: DatasetProfile): string {
  const lines = [`Profile of ${profile.relation}: ${profile.rows} rows, ${profile.columns.length} columns (${profile.profiledAt})`, ''];
  for (const c of profile.columns) {
    lines.push(`${c.name}  ${c.type}${c.pii ? `  [${c.pii.label}: ${c.pii.kind}, confidence ${c.pii.confidence}]` : ''}`);
    lines.push(`  missing ${c.missing} of ${c.count}, distinct ${c.distinct}, min ${c.min ?? '—'}, max ${c.max ?? '—'}`);
    if (c.mean !== null) {
      const q = c.quantiles;
      lines.push(
        `  mean ${round(c.mean)}, median ${round(c.median)}, sd ${round(c.standardDeviation)}${q ? `, p25 ${round(q.p25)} p75 ${round(q.p75)} p95 ${round(q.p95)}` : ''}`,
      );
    }
    if (c.histogram) lines.push(`  histogram ${c.histogram.map((b) => b.count).join(' ')}`);
    if (c.length) lines.push(`  length ${c.length.min}–${c.length.max} (mean ${round(c.length.mean)})`);
    lines.push(`  top ${c.topValuesNote ? `(${c.topValuesNote}) ` : ''}${c.topValues.map((v) => `${v.value} ×${v.count}`).join(', ')}`);
    lines.push(`  patterns ${c.patterns.map((p) => `${p.value} ×${p.count}`).join(', ')}`);
    if (c.pii) lines.push(`  PII evidence: ${c.pii.evidence.join('; ')}`);
  }
  if (profile.correlations.length > 0) {
    lines.push(
      '',
      'Correlations (Pearson):',
      ...profile.correlations.map((r) => `  ${r.columns[0]} ~ ${r.columns[1]}: ${round(r.pearson)}`),
    );
  }
  lines.push('', 'Suggested rules (DQDL):', profile.suggestedDqdl.trimEnd());
  return lines.join('\n');
}
