// The SQL page (an ES module; its bare imports resolve through the page's import map, see
// src/sql/editor-modules.ts): CodeMirror with completion of the tables and columns the role may
// query, runs through POST /api/query, a sortable and paged results grid, CSV and XLSX downloads of
// the result, the user's history and saved queries with a link to share.
import { basicSetup, EditorView } from 'codemirror';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { Compartment, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { setDiagnostics } from '@codemirror/lint';

const PAGE_SIZE = 50;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const $ = (id) => document.getElementById(id);
const csrf = $('sql-page').getAttribute('data-csrf');
const headers = (json) => Object.assign(json ? { 'content-type': 'application/json' } : {}, csrf ? { 'x-csrf-token': csrf } : {});
const numberFormat = new Intl.NumberFormat();

// What the grid shows: the last result, the SQL that made it, its sort and page.
const state = { result: null, sql: '', sort: null, page: 0, running: false };

const language = new Compartment();
const dialect = (schema) => sql({ dialect: PostgreSQL, schema, upperCaseKeywords: false });
const runKey = () => {
  void run();
  return true;
};
const view = new EditorView({
  parent: $('editor'),
  extensions: [
    // Before basicSetup, whose Mod-Enter inserts a blank line.
    Prec.highest(
      keymap.of([
        { key: 'Mod-Enter', run: runKey },
        { key: 'Ctrl-Enter', run: runKey },
      ]),
    ),
    basicSetup,
    language.of(dialect({})),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': 'SQL query', 'aria-describedby': 'query-hint' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) clearError();
    }),
  ],
});

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function setSql(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

// ---- errors: at their place in the editor when the engine says where, always under the editor.
function clearError() {
  $('sql-error').hidden = true;
  $('sql-error').textContent = '';
  view.dispatch(setDiagnostics(view.state, []));
}

function showError(message, position) {
  const box = $('sql-error');
  box.textContent = '';
  if (position && position.line <= view.state.doc.lines) {
    const line = view.state.doc.line(position.line);
    const from = Math.min(line.from + position.column - 1, line.to);
    const word = /^[\w."]+/.exec(view.state.doc.sliceString(from, line.to));
    const to = Math.max(from + (word ? word[0].length : 1), from);
    view.dispatch(setDiagnostics(view.state, [{ from, to: Math.min(to, view.state.doc.length), severity: 'error', message }]));
    view.dispatch({ selection: { anchor: from } });
    box.appendChild(element('strong', {}, `Line ${position.line}, column ${position.column}: `));
  }
  box.appendChild(document.createTextNode(message));
  box.hidden = false;
}

async function problemOf(response) {
  const body = await response.json().catch(() => ({}));
  return { message: body.message || `The server answered ${response.status}.`, position: body.position };
}

// ---- running
async function run() {
  const text = view.state.doc.toString();
  if (state.running) return;
  if (!text.trim()) return showError('Write a query first.');
  clearError();
  state.running = true;
  $('run').disabled = true;
  $('results').setAttribute('aria-busy', 'true');
  $('result-status').textContent = 'Running…';
  try {
    const response = await fetch('/api/query', { method: 'POST', headers: headers(true), body: JSON.stringify({ sql: text }) });
    if (!response.ok) {
      const problem = await problemOf(response);
      showError(problem.message, problem.position);
      showNoResult('The query did not run; the error is under the editor.');
      return;
    }
    state.result = await response.json();
    state.sql = text;
    state.sort = null;
    state.page = 0;
    renderResult();
    void loadHistory();
  } catch {
    showError('The server could not be reached; try again.');
    showNoResult('The query did not run.');
  } finally {
    state.running = false;
    $('run').disabled = false;
    $('results').removeAttribute('aria-busy');
  }
}

// ---- results grid
function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function orderedRows() {
  const rows = state.result.rows.slice();
  const sort = state.sort;
  if (sort)
    rows.sort((x, y) =>
      x[sort.index] === null ? 1 : y[sort.index] === null ? -1 : sort.direction * compare(x[sort.index], y[sort.index]),
    );
  return rows;
}

function cell(value, numeric) {
  if (value === null || value === undefined) return element('td', { class: 'null' }, 'NULL');
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return element('td', numeric ? { class: 'num' } : {}, text);
}

function renderResult() {
  const { columns, types, truncated, durationMs } = state.result;
  const rows = orderedRows();
  const count = rows.length;
  $('result-status').textContent =
    `${numberFormat.format(count)} ${count === 1 ? 'row' : 'rows'} in ${numberFormat.format(durationMs)} ms` +
    (truncated ? ` (the first ${numberFormat.format(count)} only: add a LIMIT or aggregate to see the rest)` : '');
  const table = element('table');
  table.appendChild(element('caption', { class: 'visually-hidden' }, 'Query result; the column buttons sort it'));
  const head = element('tr');
  columns.forEach((name, index) => {
    const sorted = state.sort && state.sort.index === index;
    const th = element('th', { scope: 'col', 'aria-sort': sorted ? (state.sort.direction === 1 ? 'ascending' : 'descending') : 'none' });
    const button = element('button', { type: 'button', class: 'sort', 'data-column': String(index) }, name);
    button.appendChild(element('span', { 'aria-hidden': 'true' }, sorted ? (state.sort.direction === 1 ? ' ▲' : ' ▼') : ''));
    button.appendChild(element('span', { class: 'type' }, ` ${types[index] || ''}`));
    th.appendChild(button);
    head.appendChild(th);
  });
  table.appendChild(element('thead')).appendChild(head);
  const body = table.appendChild(element('tbody'));
  const numeric = types.map((t) => NUMERIC.test(t || ''));
  for (const row of rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE)) {
    const tr = body.appendChild(element('tr'));
    row.forEach((value, i) => tr.appendChild(cell(value, numeric[i])));
  }
  $('results').replaceChildren(table);
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  $('pager').hidden = pages === 1;
  $('page-info').textContent =
    `Rows ${count === 0 ? 0 : state.page * PAGE_SIZE + 1}–${Math.min(count, (state.page + 1) * PAGE_SIZE)} of ${numberFormat.format(count)}`;
  $('page-prev').disabled = state.page === 0;
  $('page-next').disabled = state.page >= pages - 1;
  $('download-csv').disabled = false;
  $('download-xlsx').disabled = false;
}

// No rows shown that a failed run did not give: the grid, its pages and downloads go with it.
function showNoResult(message) {
  state.result = null;
  $('result-status').textContent = message;
  $('results').replaceChildren();
  $('pager').hidden = true;
  $('download-csv').disabled = true;
  $('download-xlsx').disabled = true;
}

$('results').addEventListener('click', (event) => {
  const button = event.target.closest('button.sort');
  if (!button) return;
  const index = Number(button.getAttribute('data-column'));
  state.sort = { index, direction: state.sort && state.sort.index === index ? -state.sort.direction : 1 };
  state.page = 0;
  renderResult();
  $('results').querySelector(`button.sort[data-column="${index}"]`).focus();
});
$('page-prev').addEventListener('click', () => {
  state.page -= 1;
  renderResult();
});
$('page-next').addEventListener('click', () => {
  state.page += 1;
  renderResult();
});
$('run').addEventListener('click', () => void run());

// ---- downloads: the server writes the file (csv-stringify, exceljs) from the same SQL, run again.
async function download(format) {
  const response = await fetch(`/api/query?format=${format}`, {
    method: 'POST',
    headers: headers(true),
    body: JSON.stringify({ sql: state.sql }),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    return showError(problem.message);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = element('a', { href: url, download: `query.${format}` });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
$('download-csv').addEventListener('click', () => void download('csv'));
$('download-xlsx').addEventListener('click', () => void download('xlsx'));

// ---- saved queries and history
// A list shows a query's first line, shortened; its title attribute has the whole text.
function firstLine(text) {
  const lines = text.trim().split('\n');
  return lines[0].length > 120 || lines.length > 1 ? `${lines[0].slice(0, 120)}…` : lines[0];
}

function shareLink(id) {
  const url = new URL(`/sql?q=${encodeURIComponent(id)}`, location.origin).href;
  const share = $('share');
  share.textContent = 'Link to share (it runs with the viewer’s own role): ';
  share.appendChild(element('a', { href: url }, url));
  history.replaceState(null, '', `/sql?q=${encodeURIComponent(id)}`);
}

function listItems(list, items, empty, render) {
  list.replaceChildren();
  if (items.length === 0) list.appendChild(element('li', { class: 'hint' }, empty));
  for (const item of items) list.appendChild(render(item));
}

async function loadSaved() {
  const response = await fetch('/api/sql/saved', { headers: headers() });
  if (!response.ok) return;
  const { queries } = await response.json();
  listItems($('saved-list'), queries, 'None yet.', (query) => {
    const li = element('li');
    const open = li.appendChild(element('button', { type: 'button', class: 'load', title: query.sql }, query.title));
    open.addEventListener('click', () => {
      setSql(query.sql);
      $('save-title').value = query.title;
      shareLink(query.id);
      view.focus();
    });
    const remove = li.appendChild(element('button', { type: 'button', class: 'small', 'aria-label': `Delete ${query.title}` }, 'Delete'));
    remove.addEventListener('click', async () => {
      const answer = await fetch(`/api/sql/saved/${encodeURIComponent(query.id)}`, { method: 'DELETE', headers: headers() });
      if (answer.ok) void loadSaved();
    });
    return li;
  });
}

async function loadHistory() {
  const response = await fetch('/api/sql/history', { headers: headers() });
  if (!response.ok) return;
  const { entries } = await response.json();
  listItems($('history-list'), entries.slice(0, 20), 'No runs yet.', (entry) => {
    const li = element('li');
    const open = li.appendChild(element('button', { type: 'button', class: 'load', title: entry.sql }, firstLine(entry.sql)));
    open.addEventListener('click', () => {
      setSql(entry.sql);
      view.focus();
    });
    const when = new Date(entry.ranAt).toLocaleString();
    li.appendChild(element('span', { class: 'hint' }, `${numberFormat.format(entry.rows)} rows · ${entry.durationMs} ms · ${when}`));
    return li;
  });
}

$('save-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = view.state.doc.toString();
  if (!text.trim()) return showError('Write a query before saving it.');
  const response = await fetch('/api/sql/saved', {
    method: 'POST',
    headers: headers(true),
    body: JSON.stringify({ title: $('save-title').value, sql: text }),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    return showError(problem.message);
  }
  const { query } = await response.json();
  shareLink(query.id);
  void loadSaved();
});

// ---- the tables the role may query: completion, and a list beside the editor
async function loadSchema() {
  const response = await fetch('/api/sql/schema', { headers: headers() });
  const list = $('table-list');
  if (!response.ok) {
    list.replaceChildren(element('p', { class: 'error' }, (await problemOf(response)).message));
    return;
  }
  const { tables } = await response.json();
  const schema = {};
  list.replaceChildren();
  for (const table of tables) {
    schema[table.name] = table.columns.map((c) => ({ label: c.name, type: 'property', detail: c.type }));
    const details = list.appendChild(element('details'));
    details.appendChild(element('summary')).appendChild(element('code', {}, table.name));
    details.appendChild(element('p', { class: 'hint' }, table.description));
    const columns = details.appendChild(element('ul', { class: 'columns' }));
    for (const column of table.columns) {
      const li = columns.appendChild(element('li'));
      li.appendChild(element('code', {}, column.name));
      li.appendChild(document.createTextNode(` ${column.type}`));
    }
  }
  if (tables.length === 0) list.appendChild(element('p', { class: 'hint' }, 'No table has been published to your role yet.'));
  view.dispatch({ effects: language.reconfigure(dialect(schema)) });
}

// ---- a shared link: the saved query, run with this viewer's own role
async function openShared() {
  const id = new URLSearchParams(location.search).get('q');
  if (!id) return;
  const response = await fetch(`/api/sql/saved/${encodeURIComponent(id)}`, { headers: headers() });
  if (!response.ok) return showError((await problemOf(response)).message);
  const { query } = await response.json();
  setSql(query.sql);
  $('save-title').value = query.title;
  shareLink(query.id);
  await run();
}

void loadSchema();
void loadSaved();
void loadHistory();
void openShared().finally(() => $('sql-page').setAttribute('data-ready', 'true'));
