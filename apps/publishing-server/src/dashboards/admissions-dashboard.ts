import { DEFAULT_SUPPRESSION_THRESHOLD } from '@acad/access';
import { filterClause, productSource, type DashboardInput } from './dashboard-source';

export interface AdmissionsFilters {
  term?: string;
  programme?: string;
}

const T = DEFAULT_SUPPRESSION_THRESHOLD;
const withheld = (expr: string) => `CASE WHEN ${expr} < ${T} THEN NULL ELSE ${expr} END`;

/** Funnel, offer and yield rates by programme, and demographics with small cells suppressed. */
export async function admissionsDashboard(input: DashboardInput, filters: AdmissionsFilters) {
  const { engine } = input;
  const funnel = productSource(input, 'admissions_funnel');
  const demographics = productSource(input, 'admissions_demographics');
  if (!funnel || !demographics) {
    return {
      id: 'admissions',
      filters: { terms: [], programmes: [], selected: filters },
      charts: { funnel: [], byProgramme: [], byGender: [], byCountry: [], suppressedCells: 0 },
    };
  }
  const terms = await engine.query<{ t: string }>(`SELECT DISTINCT intake_term AS t FROM ${funnel} ORDER BY t`);
  const programmes = await engine.query<{ p: string }>(`SELECT DISTINCT program_code AS p FROM ${funnel} ORDER BY p`);
  const f = filterClause([
    ['intake_term', filters.term],
    ['program_code', filters.programme],
  ]);
  const [totals] = await engine.query<Record<string, number | null>>(
    `SELECT ${['applications', 'offers', 'acceptances', 'enrolments'].map((c) => `${withheld(`coalesce(sum(${c}), 0)`)}::BIGINT AS ${c}`).join(', ')}
     FROM ${funnel} WHERE true${f.sql}`,
    f.params,
  );
  const stages = ['applications', 'offers', 'acceptances', 'enrolments'].map((stage) => ({ stage, count: totals?.[stage] ?? null }));
  const byProgramme = await engine.query(
    `SELECT program_code AS programme, ${withheld('sum(applications)')}::BIGINT AS applications,
       CASE WHEN sum(applications) < ${T} THEN NULL ELSE round(sum(offers) / nullif(sum(applications), 0), 4) END AS offer_rate,
       CASE WHEN sum(offers) < ${T} THEN NULL ELSE round(sum(acceptances) / nullif(sum(offers), 0), 4) END AS yield
     FROM ${funnel} WHERE true${f.sql} GROUP BY program_code ORDER BY program_code`,
    f.params,
  );
  const byGender = await engine.query(
    `SELECT gender, ${withheld('sum(applications)')}::BIGINT AS applications FROM ${demographics} WHERE true${f.sql} GROUP BY gender ORDER BY gender`,
    f.params,
  );
  const byCountry = await engine.query(
    `SELECT country, ${withheld('sum(applications)')}::BIGINT AS applications FROM ${demographics} WHERE true${f.sql}
     GROUP BY country ORDER BY sum(applications) DESC NULLS LAST, country LIMIT 15`,
    f.params,
  );
  const [{ n }] = await engine.query<{ n: number }>(
    `SELECT count(*) FILTER (WHERE suppressed)::BIGINT AS n FROM ${demographics} WHERE true${f.sql}`,
    f.params,
  );
  return {
    id: 'admissions',
    filters: { terms: terms.map((t) => t.t), programmes: programmes.map((p) => p.p), selected: filters },
    charts: { funnel: stages, byProgramme, byGender, byCountry, suppressedCells: n },
  };
}
