import type { Subject } from '../auth/subject';
import { escapeHtml, layout } from './layout';

/**
 * The analyst's SQL page: an editor (CodeMirror, `/assets/sql.js`), its results, saved queries,
 * history and the tables the role may query. `importMap` is sent as is: its hash is in the CSP.
 */
export function sqlPage(subject: Subject, csrf: string | undefined, importMap: string): string {
  const body = `
<div class="sql-page" id="sql-page" data-csrf="${escapeHtml(csrf ?? '')}">
<section class="card sql-query" aria-labelledby="query-title">
<div class="card-head"><h2 id="query-title">Query</h2>
<p class="hint" id="query-hint">Read-only SQL over <code>trusted.*</code> and <code>curated.*</code> as your role sees them. <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs; <kbd>Ctrl</kbd>+<kbd>Space</kbd> lists tables and columns.</p></div>
<div class="sql-editor" id="editor"></div>
<noscript><p class="error">The SQL editor needs JavaScript; <code>POST /api/query</code> takes the same SQL.</p></noscript>
<p class="error" id="sql-error" role="alert" hidden></p>
<div class="sql-actions">
<button type="button" class="primary" id="run">Run</button>
<button type="button" id="download-csv" disabled>Download CSV</button>
<button type="button" id="download-xlsx" disabled>Download XLSX</button>
</div>
<form class="sql-save" id="save-form">
<label for="save-title">Title</label><input id="save-title" name="title" maxlength="200" required placeholder="e.g. Attendance by week">
<button type="submit">Save query</button>
</form>
<p class="hint" id="share" role="status" aria-live="polite"></p>
</section>
<section class="card sql-results" aria-labelledby="results-title">
<h2 id="results-title">Results</h2>
<p id="result-status" role="status" aria-live="polite">Run a query to see its rows.</p>
<div class="scroll sql-grid" id="results" role="region" tabindex="0" aria-labelledby="results-title"></div>
<div class="pager" id="pager" hidden><button type="button" id="page-prev">Previous page</button><span id="page-info"></span><button type="button" id="page-next">Next page</button></div>
</section>
<section class="card sql-side" aria-labelledby="saved-title">
<h2 id="saved-title">Your saved queries</h2><ul class="sql-list" id="saved-list"><li class="hint">None yet.</li></ul>
<h2 id="history-title">History</h2><ul class="sql-list" id="history-list" aria-labelledby="history-title"><li class="hint">No runs yet.</li></ul>
<h2 id="tables-title">Tables you may query</h2><div id="table-list" aria-labelledby="tables-title"><p class="hint">Loading…</p></div>
</section>
</div>
<script type="importmap">${importMap}</script>
<script type="module" src="/assets/sql.js"></script>`;
  return layout({ title: 'SQL', subject, csrf, body, current: '/sql' });
}
