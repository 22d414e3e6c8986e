import type { DatasetSummary } from './build-server';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A plain, accessible page listing the datasets and products. */
export function datasetsPage(datasets: DatasetSummary[]): string {
  const rows = datasets
    .map(
      (d) => `<tr><th scope="row">${escapeHtml(d.zone)}.${escapeHtml(d.name)}</th><td>${escapeHtml(d.description)}</td>` +
        `<td class="num">${d.rows ?? '—'}</td><td>${d.lastCommittedAt ? `<time datetime="${escapeHtml(d.lastCommittedAt)}">${escapeHtml(d.lastCommittedAt)}</time>` : 'not yet'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Academics Data Platform — datasets</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse}th,td{padding:.4rem .8rem;border-bottom:1px solid #ccc;text-align:left}.num{text-align:right}caption{text-align:left;font-weight:600;margin-bottom:.5rem}</style>
</head><body><main>
<h1>Academics Data Platform</h1>
<table><caption>Datasets and data products</caption>
<thead><tr><th scope="col">Dataset</th><th scope="col">Description</th><th scope="col">Rows</th><th scope="col">Last committed</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</main></body></html>`;
}
