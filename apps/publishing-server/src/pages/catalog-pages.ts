import { formatPercent } from '@acad/quality';
import type { Subject } from '../auth/subject';
import type { DatasetListing, QualityView, describeDataset } from '../data/catalog-view';
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

export function catalogPage(subject: Subject, csrf: string | undefined, datasets: DatasetListing[], lineage: LineageGraph): string {
  const rows = datasets
    .map(
      (d) =>
        `<tr><th scope="row"><a href="/catalog/${encodeURIComponent(d.name)}">${escapeHtml(d.zone)}.${escapeHtml(d.name)}</a></th><td class="wide">${escapeHtml(d.description)}</td>` +
        `<td class="num">${d.rows ?? '—'}</td><td class="num">${d.quality === null ? '—' : scoreCell(d.quality)}</td>` +
        `<td class="wide">${when(d.lastCommittedAt)}</td><td class="num wide">${d.piiColumns ? `<span class="badge pii-direct">${d.piiColumns} PII</span>` : '—'}</td><td>${escapeHtml(d.rowAccess)}</td></tr>`,
    )
    .join('\n');
  const body = `
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

export function datasetPage(subject: Subject, csrf: string | undefined, d: Awaited<ReturnType<typeof describeDataset>>): string {
  const base = `/api/datasets/${encodeURIComponent(d.name)}/rows`;
  const columns = d.columns
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.name)} ${badge(c.pii)}</th><td>${escapeHtml(c.type ?? '—')}</td><td>${escapeHtml(c.description)}</td><td>${escapeHtml(c.treatment)}</td></tr>`,
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
<table><caption>Columns (what you see of each)</caption><thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Description</th><th scope="col">Shown to you</th></tr></thead><tbody>${columns}</tbody></table>
${batches ? `<table><caption>Latest batches</caption><thead><tr><th scope="col">Seq</th><th scope="col">Committed</th><th scope="col">Accepted</th><th scope="col">Quarantined</th><th scope="col">Rows accepted</th><th scope="col">Quality score</th></tr></thead><tbody>${batches}</tbody></table>` : ''}`;
  return layout({ title: `${d.zone}.${d.name}`, subject, csrf, body, current: '/catalog', scripts: ['/assets/dataset.js'] });
}
