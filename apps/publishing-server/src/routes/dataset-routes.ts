import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, CATALOG_RESOURCE, policiesFor, type ColumnVisibility } from '@acad/access';
import type { Row } from '@acad/engine';
import { asOfQueryProperty, lakeFor } from '../data/as-of-lakes';
import { describeDataset, listDatasets, mayDescribe } from '../data/catalog-view';
import { exportColumns } from '../data/export-columns';
import { csvStream, toParquet, XLSX_TYPE, xlsxStream } from '../data/export-formats';
import { presentRows } from '../data/present-rows';
import { findPublished } from '../data/published-datasets';
import { planRead, rowMode, type RowsRequest } from '../data/read-plan';
import type { ReleasedTable } from '../release/cube-reader';
import { releasedRows } from '../release/released-lake';
import { InvalidRequest, NotFound } from '../server-errors';
import type { ServerContext } from '../server-context';

const MAX_PAGE = 1000;
const MAX_DOWNLOAD = 100_000;

const asOfQuerySchema = { type: 'object', properties: { asOf: asOfQueryProperty } } as const;

const rowsQuerySchema = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_DOWNLOAD, default: 100 },
    offset: { type: 'integer', minimum: 0, default: 0 },
    sort: { type: 'string', maxLength: 80, description: 'A column, or -column for descending' },
    format: { type: 'string', enum: ['json', 'csv', 'xlsx', 'parquet'] },
    bom: { type: 'boolean', default: false, description: 'CSV only: start with a UTF-8 byte order mark (for Excel on Windows)' },
    asOf: asOfQueryProperty,
  },
  additionalProperties: { type: 'string', maxLength: 200, description: 'filter.<column>=<value>: equality filter on a column' },
} as const;

function rowsRequest(query: Record<string, unknown>, download: boolean): RowsRequest {
  const limit = Number(query['limit'] ?? 100);
  if (!download && limit > MAX_PAGE)
    throw new InvalidRequest(`limit is at most ${MAX_PAGE} (downloads with ?format= allow up to ${MAX_DOWNLOAD}).`);
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('filter.')) filters[key.slice('filter.'.length)] = String(value);
    else if (!['limit', 'offset', 'sort', 'format', 'bom', 'asOf'].includes(key))
      throw new InvalidRequest(`Unknown parameter "${key.slice(0, 64)}"; filters are filter.<column>=<value>.`);
  }
  const sort = typeof query['sort'] === 'string' && query['sort'] !== '' ? String(query['sort']) : undefined;
  return {
    limit,
    offset: Number(query['offset'] ?? 0),
    filters,
    sort: sort ? { column: sort.replace(/^-/, ''), descending: sort.startsWith('-') } : undefined,
  };
}

function datasetOf(request: FastifyRequest) {
  const name = (request.params as { name: string }).name;
  const dataset = findPublished(name);
  // Unknown and not-describable look the same, so names of hidden datasets do not leak.
  if (!dataset || !mayDescribe(request.subject.role, dataset))
    throw new NotFound(`No dataset named "${name.slice(0, 64)}" that you may see.`);
  return dataset;
}

/**
 * Filters, sort and page over a released table. It is already aggregated and small (the release
 * family's rows, built in memory from its cube), and the comparisons use the released values only,
 * so a filter can never match on a value the release withheld.
 */
function pageOf(table: ReleasedTable, request: RowsRequest, name: string): Row[] {
  for (const column of [...Object.keys(request.filters), ...(request.sort ? [request.sort.column] : [])])
    if (!table.columns.includes(column))
      throw new InvalidRequest(`Cannot filter or sort on "${column.slice(0, 64)}": not a column of ${name} as released to you.`);
  let rows = table.rows.filter((r) => Object.entries(request.filters).every(([c, v]) => r[c] !== null && String(r[c]) === v));
  const sort = request.sort;
  if (sort) {
    const key = (r: Row) => r[sort.column] as string | number | null;
    rows = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
  }
  return rows.slice(request.offset, request.offset + request.limit);
}

/** Catalog, dataset detail, rows and downloads; every answer shaped by the caller's policies. */
export function registerDatasetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const lakeOf = (request: FastifyRequest) =>
    lakeFor({ current: ctx.lake, past: ctx.pastLakes }, (request.query as { asOf?: string } | undefined)?.asOf);
  app.get(
    '/api/datasets',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Datasets and data products the caller may see (acad:ReadCatalog)',
        querystring: asOfQuerySchema,
      },
    },
    async (request) => {
      authorize(policiesFor(request.subject.role), { action: 'acad:ReadCatalog', resource: CATALOG_RESOURCE });
      return { datasets: await listDatasets(await lakeOf(request), request.subject.role) };
    },
  );

  app.get(
    '/api/datasets/:name',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Schema with PII classes, quality, freshness and lineage (acad:ReadDataset)',
        params: { type: 'object', properties: { name: { type: 'string', maxLength: 80 } } },
        querystring: asOfQuerySchema,
      },
    },
    async (request) => {
      const dataset = datasetOf(request);
      const detail = await describeDataset(await lakeOf(request), request.subject.role, dataset);
      ctx.audit.record({
        user: request.subject.user,
        role: request.subject.role,
        method: 'GET',
        route: '/api/datasets/:name',
        status: 200,
        dataset: dataset.name,
      });
      return detail;
    },
  );

  app.get(
    '/api/datasets/:name/rows',
    {
      schema: {
        tags: ['datasets'],
        summary: 'Rows (acad:ReadRows; limit ≤ 1000) or a download with ?format=csv|xlsx|json|parquet (acad:Download)',
        params: { type: 'object', properties: { name: { type: 'string', maxLength: 80 } } },
        querystring: rowsQuerySchema,
      },
    },
    async (request, reply) => {
      const dataset = datasetOf(request);
      const query = request.query as Record<string, unknown>;
      const format = query['format'] as 'json' | 'csv' | 'xlsx' | 'parquet' | undefined;
      const action = format ? 'acad:Download' : 'acad:ReadRows';
      const asked = rowsRequest(query, format !== undefined);
      const { role } = request.subject;
      const open = await lakeOf(request);
      const mode = rowMode(role, dataset, action);
      // Roles that may read a product only released get it from the release step, and only from there.
      const released = await releasedRows(open, role, dataset.name);
      let plan: { columns: ColumnVisibility[]; suppressed: boolean };
      let rows: Row[];
      if (released) {
        plan = { columns: released.columns.map((name) => ({ name, pii: 'none', treatment: 'show' })), suppressed: mode === 'suppressed' };
        rows = pageOf(released, asked, dataset.name);
      } else {
        const read = planRead(role, dataset, asked, action);
        const raw = open.lake.relations.includes(`${dataset.zone}.${dataset.name}`)
          ? await open.lake.engine.query(read.sql, read.params)
          : [];
        const needsCipher = read.columns.some((c) => c.pii === 'direct' && c.treatment !== 'remove');
        plan = { columns: read.columns, suppressed: false };
        rows = presentRows(raw, read.columns, dataset.name, needsCipher ? await ctx.cipher() : undefined, read.rowKey);
      }
      ctx.audit.record({
        user: request.subject.user,
        role: request.subject.role,
        method: 'GET',
        route: '/api/datasets/:name/rows',
        status: 200,
        dataset: dataset.name,
        rows: rows.length,
        ...(format ? { format } : {}),
      });
      const file = `${dataset.name}.${format}`;
      if (format === 'csv' || format === 'xlsx' || format === 'parquet') {
        const columns = await exportColumns(open, dataset, plan.columns);
        reply.header('content-disposition', `attachment; filename="${file}"`);
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvStream(columns, rows, { bom: query['bom'] === true }));
        if (format === 'xlsx') return reply.type(XLSX_TYPE).send(xlsxStream(columns, rows, dataset.name));
        return reply.type('application/vnd.apache.parquet').send(await toParquet(columns, rows));
      }
      if (format === 'json') reply.header('content-disposition', `attachment; filename="${file}"`);
      return { dataset: dataset.name, zone: dataset.zone, suppressed: plan.suppressed, columns: plan.columns, rows };
    },
  );
}
