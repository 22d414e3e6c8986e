import { z } from 'zod';

/** What a query can read: a release family (through its cube), or the at-risk students product. */
export const SOURCE_NAMES = ['attendance', 'admissions', 'grades', 'students_at_risk'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** The URL parameters a dashboard can be filtered by; `from` and `to` bound weekly data by date. */
export const FILTER_NAMES = ['term', 'department', 'course', 'programme', 'from', 'to'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

const RESERVED_PATHS = [
  'api',
  'assets',
  'catalog',
  'docs',
  'sql',
  'sign-in',
  'sign-out',
  'auth',
  'health',
  'healthz',
  'metrics',
  'favicon.ico',
  'openapi',
];
const Name = z.string().regex(/^[a-z][A-Za-z0-9_]*$/, 'a name of letters, digits and _ starting with a lower-case letter');
const Text = z.string().min(1).max(300);
const Format = z.enum(['percent', 'count', 'number']);

export const DashboardFilter = z.strictObject({
  name: z.enum(FILTER_NAMES),
  label: Text,
  /** The source dimension it narrows (a week range for `from` and `to`). */
  dimension: z.enum(['term', 'week', 'department', 'course', 'programme']),
  /** A filter whose choices depend on another (a course within a department): cleared when that one changes. */
  within: z.enum(FILTER_NAMES).optional(),
});

export const DashboardQuery = z.strictObject({
  source: z.enum(SOURCE_NAMES),
  measures: z.array(Name).min(1),
  /** Dimensions of the rows, e.g. ["week"] or ["course", "week"]; none for a single total. */
  by: z.array(Name).default([]),
  /** Largest first by a measure (a suppressed value last), instead of the dimensions' own order. */
  order: z.strictObject({ measure: Name, descending: z.boolean().default(true) }).optional(),
});

export const DashboardHeadline = z.strictObject({
  label: Text,
  query: Name,
  measure: Name,
  /** The last row (e.g. the latest week) or the first (a total). */
  pick: z.enum(['first', 'last']).default('last'),
  format: Format,
  /** Change against the row before the picked one (e.g. the week before), in points for percentages. */
  comparison: z.enum(['previous']).optional(),
});

const Column = z.strictObject({ field: Name, label: Text, format: Format.optional() });

export const DashboardChart = z.strictObject({
  id: Name,
  title: Text,
  hint: Text,
  type: z.enum(['line', 'bar', 'heatmap', 'funnel', 'scatter', 'table']),
  query: Name,
  encoding: z.strictObject({
    /** Category (or value, for a scatter) on the horizontal axis; the name of a funnel stage. */
    x: Name.optional(),
    /** Measures drawn, one series each; for a heatmap the category on the vertical axis. */
    y: z.array(Name).min(1).optional(),
    /** The measure a heatmap's colour or a funnel's width shows. */
    value: Name.optional(),
    /** What names a point (a scatter's dots). */
    label: Name.optional(),
    format: Format.default('number'),
    /** Only the first n rows are drawn (the table lists them all). */
    top: z.number().int().positive().optional(),
    /** The table's columns, in order; by default the query's. */
    columns: z.array(Column).optional(),
  }),
  /** Clicking a mark (or the link in its table row) sets this filter to the mark's category on `from`. */
  drill: z.strictObject({ filter: z.enum(FILTER_NAMES), from: z.enum(['x', 'y', 'label']) }).optional(),
  tall: z.boolean().optional(),
});

export const DashboardDefinition = z
  .strictObject({
    // The page is at /<id>: an id may not take a path the server already answers.
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40')
      .refine((id) => !RESERVED_PATHS.includes(id), 'a path the server already uses (catalog, sql, docs, …)'),
    title: Text,
    description: Text,
    /** Place in the navigation; the first dashboard is also the home page. */
    order: z.number().int().default(100),
    /** The curated products its numbers come from (documentation and lineage; each query's source must read them). */
    products: z.array(z.string().regex(/^curated\.[a-z_]+$/)).min(1),
    filters: z.array(DashboardFilter).default([]),
    queries: z.record(Name, DashboardQuery),
    headlines: z.array(DashboardHeadline).default([]),
    charts: z.array(DashboardChart).min(1),
  })
  .superRefine((d, ctx) => {
    const problem = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
    const queries = Object.keys(d.queries);
    const filters = d.filters.map((f) => f.name);
    d.charts.forEach((c, i) => {
      if (!queries.includes(c.query)) problem(['charts', i, 'query'], `no query named "${c.query}"`);
      if (c.drill && !filters.includes(c.drill.filter)) problem(['charts', i, 'drill', 'filter'], `no filter named "${c.drill.filter}"`);
      if (d.charts.findIndex((o) => o.id === c.id) !== i) problem(['charts', i, 'id'], `chart id "${c.id}" used twice`);
    });
    d.headlines.forEach((h, i) => {
      if (!queries.includes(h.query)) problem(['headlines', i, 'query'], `no query named "${h.query}"`);
      else if (!d.queries[h.query].measures.includes(h.measure))
        problem(['headlines', i, 'measure'], `query "${h.query}" has no measure "${h.measure}"`);
    });
    d.filters.forEach((f, i) => {
      if (f.within && !filters.includes(f.within)) problem(['filters', i, 'within'], `no filter named "${f.within}"`);
      if (filters.indexOf(f.name) !== i) problem(['filters', i, 'name'], `filter "${f.name}" used twice`);
    });
  });

export type DashboardDefinition = z.infer<typeof DashboardDefinition>;
export type DashboardQuery = z.infer<typeof DashboardQuery>;
export type DashboardChart = z.infer<typeof DashboardChart>;
export type DashboardFilter = z.infer<typeof DashboardFilter>;
export type DashboardHeadline = z.infer<typeof DashboardHeadline>;
