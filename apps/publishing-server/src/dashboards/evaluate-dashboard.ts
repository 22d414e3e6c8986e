import type { DashboardDefinition, DashboardHeadline, FilterName } from './dashboard-definition';
import type { Chosen, DashboardInput, QueryResult, SourceView } from './dashboard-source';
import { DASHBOARD_SOURCES } from './dashboard-sources';

export interface HeadlineValue {
  label: string;
  format: DashboardHeadline['format'];
  value: number | null;
  suppressed: boolean;
  /** What the number is of (the picked row's first label, e.g. its week), when the query has rows. */
  of: string | null;
  /** Against the row before, where asked and both are released. */
  change: number | null;
  withheld: string | null;
}

/** A dashboard's answer for one role and filter choice: every query's rows and the headline numbers. */
export interface DashboardAnswer {
  id: string;
  title: string;
  /** Whether any number came through the release (suppressed cells possible). */
  released: boolean;
  filters: { options: Partial<Record<FilterName, string[]>>; selected: Chosen };
  headlines: HeadlineValue[];
  /** Null where the role may not read the query's source (the at-risk students, for most roles). */
  queries: Record<string, QueryResult | null>;
  suppressedCells: number;
  empty: boolean;
}

const suppressedOf = (row: Record<string, unknown>) =>
  String(row['suppressed'] ?? '')
    .split(',')
    .filter(Boolean);

function headline(h: DashboardHeadline, result: QueryResult): HeadlineValue {
  const rows = result.rows;
  const index = h.pick === 'last' ? rows.length - 1 : 0;
  const row = rows[index];
  const base = { label: h.label, format: h.format, value: null, suppressed: false, of: null, change: null, withheld: result.withheld };
  if (!row) return base;
  const number = (r: Record<string, unknown> | undefined) =>
    r && !suppressedOf(r).includes(h.measure) && typeof r[h.measure] === 'number' ? (r[h.measure] as number) : null;
  const value = number(row);
  const before = h.comparison === 'previous' ? number(rows[index + (h.pick === 'last' ? -1 : 1)]) : null;
  const firstLabel = result.columns.find((c) => c !== h.measure && typeof row[c] === 'string');
  return {
    ...base,
    value,
    suppressed: suppressedOf(row).includes(h.measure),
    of: firstLabel ? String(row[firstLabel]) : null,
    change: value !== null && before !== null ? Math.round((value - before) * 10_000) / 10_000 : null,
    withheld: null,
  };
}

/**
 * Evaluates a definition for a role: each source opened once (as the role may read it: true counts,
 * the release, or not at all), each query run through its source, the headlines picked from them.
 */
export async function evaluateDashboard(definition: DashboardDefinition, input: DashboardInput, chosen: Chosen): Promise<DashboardAnswer> {
  const views = new Map<string, Promise<SourceView | null>>();
  const viewOf = (source: keyof typeof DASHBOARD_SOURCES) => {
    if (!views.has(source)) views.set(source, DASHBOARD_SOURCES[source].view(input));
    return views.get(source) as Promise<SourceView | null>;
  };
  const queries: Record<string, QueryResult | null> = {};
  for (const [name, query] of Object.entries(definition.queries)) {
    const view = await viewOf(query.source);
    queries[name] = view ? await view.run(query, chosen) : null;
  }
  const options: Partial<Record<FilterName, string[]>> = {};
  for (const f of definition.filters) {
    const sources = [...new Set(Object.values(definition.queries).map((q) => q.source))].filter((s) =>
      DASHBOARD_SOURCES[s].filters.includes(f.name),
    );
    for (const s of sources) {
      const view = await viewOf(s);
      if (view) {
        options[f.name] = view.options(f.name, chosen);
        break;
      }
    }
    options[f.name] ??= [];
  }
  const results = Object.values(queries).filter((q): q is QueryResult => q !== null);
  const opened = await Promise.all([...views.values()]);
  return {
    id: definition.id,
    title: definition.title,
    released: opened.some((v) => v?.released),
    filters: { options, selected: chosen },
    headlines: definition.headlines.filter((h) => queries[h.query]).map((h) => headline(h, queries[h.query] as QueryResult)),
    queries,
    suppressedCells: results.reduce((n, q) => n + q.rows.reduce((m, r) => m + suppressedOf(r).length, 0), 0),
    empty: results.every((q) => q.rows.length === 0),
  };
}
