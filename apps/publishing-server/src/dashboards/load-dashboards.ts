import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { DashboardDefinition } from './dashboard-definition';
import { DASHBOARD_SOURCES } from './dashboard-sources';

/** A definition file that cannot be used: the server does not start with it. */
export class DashboardDefinitionInvalid extends Error {
  readonly code = 'DashboardDefinitionInvalid';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Dashboard definition ${file} is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'DashboardDefinitionInvalid';
  }
}

/** A JSON path as a person reads it: $.charts[2].encoding.x */
const jsonPath = (path: ReadonlyArray<PropertyKey>) => '$' + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');

const issues = (error: z.ZodError) => error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`);

/** What the definition asks of its sources that they do not have (measures, dimensions, filters, products). */
function sourceProblems(d: DashboardDefinition): string[] {
  const problems: string[] = [];
  for (const [name, q] of Object.entries(d.queries)) {
    const source = DASHBOARD_SOURCES[q.source];
    q.measures.forEach((m, i) => {
      if (!source.measures.includes(m))
        problems.push(`$.queries.${name}.measures[${i}]: ${q.source} has no measure "${m}" (${source.measures.join(', ')})`);
    });
    q.by.forEach((b, i) => {
      if (!source.dimensions.includes(b))
        problems.push(`$.queries.${name}.by[${i}]: ${q.source} has no dimension "${b}" (${source.dimensions.join(', ')})`);
    });
    if (q.order && !q.measures.includes(q.order.measure)) problems.push(`$.queries.${name}.order.measure: not one of the query's measures`);
    for (const p of source.products)
      if (!d.products.includes(p)) problems.push(`$.products: ${q.source} (query ${name}) reads ${p}, which the definition does not name`);
  }
  d.filters.forEach((f, i) => {
    if (!Object.values(d.queries).some((q) => DASHBOARD_SOURCES[q.source].filters.includes(f.name)))
      problems.push(`$.filters[${i}].name: no source of this dashboard can be filtered by ${f.name}`);
  });
  return problems;
}

/** Parses and checks one definition's text; `file` names it in the error. */
export function parseDashboardDefinition(file: string, text: string): DashboardDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DashboardDefinitionInvalid(file, [`$: not JSON (${(error as Error).message})`]);
  }
  const parsed = DashboardDefinition.safeParse(json);
  if (!parsed.success) throw new DashboardDefinitionInvalid(file, issues(parsed.error));
  const problems = sourceProblems(parsed.data);
  if (problems.length) throw new DashboardDefinitionInvalid(file, problems);
  return parsed.data;
}

/** Every `*.json` definition in a folder, in navigation order; an invalid one (or two with one id) stops the start. */
export function loadDashboardDefinitions(folder: string): DashboardDefinition[] {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const definitions = files.map((f) => parseDashboardDefinition(join(folder, f), readFileSync(join(folder, f), 'utf8')));
  definitions.forEach((d, i) => {
    const first = definitions.findIndex((o) => o.id === d.id);
    if (first !== i) throw new DashboardDefinitionInvalid(join(folder, files[i]), [`$.id: "${d.id}" is also the id of ${files[first]}`]);
  });
  return definitions.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
