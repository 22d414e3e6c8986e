import { formatPercent } from '@acad/quality';
import type { Subject } from '../auth/subject';
import type { LineageNode } from '@acad/catalog';
import type { DatasetListing, QualityView, SearchResult, describeDataset } from '../data/catalog-view';
import { chartCard, escapeHtml, layout } from './layout';

const badge = (pii: string) =>
  pii === 'none' ? '' : `<span class="badge pii-${escapeHtml(pii)}" title="PII class: ${escapeHtml(pii)}">${escapeHtml(pii)}</span>`;
const when = (iso: string | null) =>
  iso ? `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').slice(0, 16))} UTC</time>` : 'not yet';

/** The score with its breakdown beside it: warnings are listed, never counted in the score. */
function scoreCell(q: QualityView): string {
  const warnings = q.warned ? ` · ${q.warned} warning${q.warned === 1 ? '' : 's'}` : '';
  return `${formatPercent(q.score)} <span class="hint">(${q.passed} passed · ${q.failed} failed${warnings})</span>`;
}

export interface LineageGraph {
  nodes: Array<{ name: string; zone: string }>;
  links: Array<{ source: string; target: string }>;
}

/** What was searched for and what was found; `q` is undefined when nothing was searched. */
export interface CatalogSearch {
  q: string | undefined;
  results: SearchResult[];
}

/** One found dataset with where it matched (the same markup catalog.js builds for live results). */
function searchResultItem(r: SearchResult): string {
  const places = r.matched.length
    ? `<p class="matched">Matched: ${r.matched.map((m) => `<span class="badge">${escapeHtml(m)}</span>`).join(' ')}</p>`
    : '';
  return `<li><a href="${escapeHtml(r.href)}">${escapeHtml(r.zone)}.${escapeHtml(r.name)}</a><p class="hint">${escapeHtml(r.description)}</p>${places}</li>`;
}

function searchSection(search: CatalogSearch): string {
  const q = search.q ?? '';
  const found =
    search.q === undefined
      ? ''
      : search.results.length === 0
        ? `<p>No dataset you may see matches “${escapeHtml(q)}”.</p>`
        : `<p>${search.results.length} dataset${search.results.length === 1 ? '' : 's'} match “${escapeHtml(q)}”.</p><ul class="results">${search.results.map(searchResultItem).join('')}</ul>`;
  return `<div class="card catalog-search"><form method="get" action="/catalog" role="search" aria-label="Search the catalog">
<label for="catalog-q">Search datasets, columns, descriptions and tags</label>
<div class="search-row"><input type="search" id="catalog-q" name="q" value="${escapeHtml(q)}" maxlength="200" autocomplete="off" aria-describedby="catalog-q-hint"><button type="submit">Search</button></div>
<p class="hint" id="catalog-q-hint">Every word must be found; e.g. <code>student_id</code>, <code>pii:direct</code>, <code>weekly attendance</code>.</p>
</form><div id="search-results" aria-live="polite">${found}</div></div>`;
}

export function catalogPage(
  subject: Subject,
  csrf: string | undefined,
  datasets: DatasetListing[],
  lineage: LineageGraph,
  search: CatalogSearch = { q: undefined, results: [] },
): string {
  const rows = datasets
    .map(
      (d) =>
        `<tr><th scope="row"><a href="/catalog/${encodeURIComponent(d.name)}">${escapeHtml(d.zone)}.${escapeHtml(d.name)}</a></th><td class="wide">${escapeHtml(d.description)}</td>` +
        `<td class="num">${d.rows ?? '—'}</td><td class="num">${d.quality === null ? '—' : scoreCell(d.quality)}</td>` +
        `<td class="wide">${when(d.lastCommittedAt)}</td><td class="num wide">${d.piiColumns ? `<span class="badge pii-direct">${d.piiColumns} PII</span>` : '—'}</td><td>${escapeHtml(d.rowAccess)}</td></tr>`,
    )
    .join('\n');
  const body = `${searchSection(search)}
<table><caption>Datasets and data products you may see</caption>
<thead><tr><th scope="col">Dataset</th><th scope="col" class="wide">Description</th><th scope="col">Rows</th><th scope="col">Quality</th><th scope="col" class="wide">Last committed</th><th scope="col" class="wide">PII columns</th><th scope="col">Your row access</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${chartCard('lineage', 'Lineage', 'Landing files feed trusted datasets; curated products are SQL models over trusted ones.', {
  tall: true,
  table: `<table><caption>Lineage: what feeds what</caption><thead><tr><th scope="col">From</th><th scope="col">To</th></tr></thead><tbody>${lineage.links
    .map((l) => `<tr><td>${escapeHtml(l.source)}</td><td>${escapeHtml(l.target)}</td></tr>`)
    .join('')}</tbody></table>`,
})}
<script type="application/json" id="lineage-data">${JSON.stringify(lineage).replace(/</g, '\\u003c')}</script>`;
  return layout({ title: 'Catalog', subject, csrf, body, current: '/catalog', scripts: ['/assets/echarts.min.js', '/assets/catalog.js'] });
}

/** A lineage name as a link when it is a published dataset this role may open, else as text. */
function lineageName(name: string, describable: ReadonlySet<string>): string {
  const [zone, dataset] = name.replace(/^landing:/, 'landing.').split('.');
  const text = `<code>${escapeHtml(name)}</code>`;
  return describable.has(`${zone}.${dataset}`) ? `<a href="/catalog/${encodeURIComponent(dataset)}">${text}</a>` : text;
}

function lineageTree(nodes: readonly LineageNode[], describable: ReadonlySet<string>): string {
  if (nodes.length === 0) return '';
  return `<ul>${nodes.map((n) => `<li>${lineageName(n.name, describable)}${lineageTree(n.children, describable)}</li>`).join('')}</ul>`;
}

/** Each column's sources (nearest first, then theirs) and the columns computed from it. */
function columnLineageSection(
  byColumn: Awaited<ReturnType<typeof describeDataset>>['lineage']['byColumn'],
  describable: ReadonlySet<string>,
): string {
  const rows = byColumn
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.column)}</th><td data-label="Fed by">${lineageTree(c.upstream, describable) || '—'}</td><td data-label="Feeds">${c.downstream.length ? `<ul>${c.downstream.map((n) => `<li>${lineageName(n, describable)}</li>`).join('')}</ul>` : '—'}</td></tr>`,
    )
    .join('');
  return `<section class="card" aria-labelledby="column-lineage-title"><h2 id="column-lineage-title">Column lineage</h2>
<p class="hint">Which upstream columns feed each column (from the curated models’ declared column lineage; trusted columns come from their raw dataset), and which columns are computed from it.</p>
<table class="lineage-table"><caption class="visually-hidden">Column lineage</caption><thead><tr><th scope="col">Column</th><th scope="col">Fed by</th><th scope="col">Feeds</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function datasetPage(
  subject: Subject,
  csrf: string | undefined,
  d: Awaited<ReturnType<typeof describeDataset>>,
  describable: ReadonlySet<string> = new Set(),
): string {
  const base = `/api/datasets/${encodeURIComponent(d.name)}/rows`;
  const columns = d.columns
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.name)} ${badge(c.pii)}</th><td>${escapeHtml(c.type ?? '—')}</td><td>${escapeHtml(c.description)}</td><td class="wide">${c.tags.map((t) => `<span class="badge">${escapeHtml(t)}</span>`).join(' ') || '—'}</td><td>${escapeHtml(c.treatment)}</td></tr>`,
    )
    .join('\n');
  const batches = d.batches
    .map(
      (b) =>
        `<tr><td>${b.seq}</td><td>${when(b.committedAt)}</td><td class="num">${b.rows.accepted}</td><td class="num">${b.rows.quarantined}</td><td class="num">${b.quality.acceptedShare === null ? '—' : formatPercent(b.quality.acceptedShare)}</td><td class="num">${scoreCell(b.quality)}</td></tr>`,
    )
    .join('');
  const downloads =
    d.rowAccess === 'denied'
      ? '<p>You may see this dataset’s description but not its rows.</p>'
      : `<p class="downloads">Download: <a href="${base}?format=csv&amp;limit=100000" download>CSV</a> · <a href="${base}?format=csv&amp;bom=true&amp;limit=100000" download>CSV for Excel</a> · <a href="${base}?format=xlsx&amp;limit=100000" download>XLSX</a> · <a href="${base}?format=json&amp;limit=100000" download>JSON</a> · <a href="${base}?format=parquet&amp;limit=100000" download>Parquet</a>${d.rowAccess === 'allowed-with-suppression' ? ' (small cells suppressed)' : ''}</p>
<section class="card" aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2><div id="preview" data-rows="${escapeHtml(base)}?limit=50"></div></section>`;
  const body = `
<p>${escapeHtml(d.description)}</p>
<p>${d.rows ?? 0} rows · last committed ${when(d.freshness.lastCommittedAt)}${d.quality ? ` · quality ${escapeHtml(d.quality.summary)}` : ''} · inputs: ${d.lineage.inputs.map(escapeHtml).join(', ') || '—'} · used by: ${d.lineage.outputs.map(escapeHtml).join(', ') || '—'}</p>
${downloads}
${d.zone === 'trusted' ? `<p><a class="button" href="/catalog/${encodeURIComponent(d.name)}/quality">Quality rules and history</a></p>` : ''}
<table><caption>Columns (what you see of each; PII class beside the name)</caption><thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Description</th><th scope="col" class="wide">Tags</th><th scope="col">Shown to you</th></tr></thead><tbody>${columns}</tbody></table>
${columnLineageSection(d.lineage.byColumn, describable)}
${batches ? `<table><caption>Latest batches</caption><thead><tr><th scope="col">Seq</th><th scope="col">Committed</th><th scope="col">Accepted</th><th scope="col">Quarantined</th><th scope="col">Rows accepted</th><th scope="col">Quality score</th></tr></thead><tbody>${batches}</tbody></table>` : ''}`;
  return layout({ title: `${d.zone}.${d.name}`, subject, csrf, body, current: '/catalog', scripts: ['/assets/dataset.js'] });
}
