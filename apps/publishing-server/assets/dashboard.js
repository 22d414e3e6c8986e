/* global echarts */
// Any dashboard, from its definition (the page's #dashboard-definition): the filters live in the URL,
// /api/dashboards/:id answers every query, and each chart is drawn from its encoding. Clicking a mark
// (or following the link in its table row) drills down by setting a filter. window.acadCharts exposes
// the charts (tests read their options).
(function () {
  'use strict';
  const grid = document.querySelector('[data-dashboard]');
  const definition = JSON.parse(document.getElementById('dashboard-definition').textContent);
  const form = document.getElementById('filters');
  const status = document.getElementById('status');
  const headlineList = document.getElementById('headlines');
  const charts = {};
  const drawnRows = {};
  window.acadCharts = charts;
  const { SUPPRESSED, isSuppressed, heading, formatted, formatOf, optionFor } = window.acadDashboardCharts;

  // ---- Filters: the URL's query string is the state, so a copied URL reopens the same view.
  const names = definition.filters.map((f) => f.name);
  function state() {
    const url = new URLSearchParams(location.search);
    const chosen = {};
    for (const name of names) if (url.get(name)) chosen[name] = url.get(name);
    return chosen;
  }
  // Choosing a filter clears those that depend on it (a course, when its department changes).
  function withChoice(chosen, name, value) {
    const next = Object.assign({}, chosen);
    if (value) next[name] = value;
    else delete next[name];
    for (const f of definition.filters) if (f.within === name) delete next[f.name];
    return next;
  }
  const query = (chosen) => new URLSearchParams(names.filter((n) => chosen[n]).map((n) => [n, chosen[n]])).toString();
  const hrefOf = (chosen) => location.pathname + (query(chosen) ? '?' + query(chosen) : '');

  function fillControls(options, chosen) {
    for (const f of definition.filters) {
      const control = document.getElementById(f.name);
      const values = options[f.name] || [];
      if (control.tagName === 'INPUT') {
        control.value = chosen[f.name] || '';
        if (values.length) {
          control.min = values[0];
          control.max = values[values.length - 1];
        }
        continue;
      }
      while (control.options.length > 1) control.remove(1);
      // A value from a shared URL stays visible even if it names nothing here (the page then says so).
      const listed = chosen[f.name] && values.indexOf(chosen[f.name]) === -1 ? values.concat([chosen[f.name]]) : values;
      for (const value of listed) control.appendChild(new Option(value, value));
      control.value = chosen[f.name] || '';
    }
  }

  function drill(chart, value) {
    if (!chart.drill || value === undefined || value === null) return;
    history.pushState(null, '', hrefOf(withChoice(state(), chart.drill.filter, String(value))));
    void load();
  }

  // ---- Tables: every chart's data, with suppressed values named and drill-down links in the drilled column.
  function renderTable(chart, result) {
    const target = document.getElementById(chart.id + '-table');
    target.textContent = '';
    const columns = (chart.encoding.columns || result.columns.map((c) => ({ field: c }))).filter(
      (c) => result.columns.indexOf(c.field) !== -1,
    );
    const drillField = chart.drill ? drillFieldOf(chart) : null;
    if (result.total !== undefined && result.total !== null) {
      const p = document.createElement('p');
      p.textContent =
        result.total.toLocaleString('en') +
        ' in all' +
        (result.rows.length < result.total ? ' (the first ' + result.rows.length + ' listed)' : '');
      target.appendChild(p);
    }
    if (result.rows.length) {
      const table = document.createElement('table');
      const caption = document.createElement('caption');
      caption.textContent = chart.title + (drillField ? ' (follow a link to drill down)' : '');
      table.appendChild(caption);
      const head = document.createElement('tr');
      for (const c of columns) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = c.label || heading(c.field);
        if (c.format) th.className = 'num';
        head.appendChild(th);
      }
      table.appendChild(head);
      for (const row of result.rows) {
        const tr = document.createElement('tr');
        for (const c of columns) {
          const td = document.createElement('td');
          const format = c.format || formatOf(chart, c.field);
          if (typeof row[c.field] === 'number' || isSuppressed(row, c.field)) td.className = 'num';
          if (isSuppressed(row, c.field)) {
            td.textContent = SUPPRESSED;
            td.classList.add('suppressed');
          } else if (c.field === drillField && row[c.field] !== null) {
            const a = document.createElement('a');
            a.href = hrefOf(withChoice(state(), chart.drill.filter, String(row[c.field])));
            a.textContent = String(row[c.field]);
            td.appendChild(a);
          } else td.textContent = formatted(row[c.field], format);
          tr.appendChild(td);
        }
        table.appendChild(tr);
      }
      target.appendChild(table);
    }
    if (result.withheld || !result.rows.length) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = result.withheld || 'No data for this selection.';
      target.appendChild(p);
    }
  }

  function drillFieldOf(chart) {
    const e = chart.encoding;
    return chart.drill.from === 'x' ? e.x : chart.drill.from === 'y' ? e.y[0] : e.label;
  }

  function chartOf(chart) {
    if (!charts[chart.id]) {
      const instance = echarts.init(document.getElementById(chart.id), null, { renderer: 'canvas' });
      // A click on a mark drills down: its category (x or y axis) or its label (a scatter's dot).
      instance.on('click', (p) => {
        if (!chart.drill) return;
        const e = chart.encoding;
        if (p.componentType === 'xAxis' || p.componentType === 'yAxis') {
          if (p.componentType === (chart.drill.from === 'y' ? 'yAxis' : 'xAxis')) drill(chart, p.value);
        } else if (chart.type === 'heatmap') {
          const axis = instance.getOption()[chart.drill.from === 'y' ? 'yAxis' : 'xAxis'][0].data;
          drill(chart, axis[p.value[chart.drill.from === 'y' ? 1 : 0]]);
        } else if (chart.type === 'scatter') drill(chart, p.data[2]);
        else if (p.seriesName !== SUPPRESSED)
          drill(chart, drawnRows[chart.id][p.dataIndex] ? drawnRows[chart.id][p.dataIndex][e.x] : p.name);
        else drill(chart, p.value[0]);
      });
      charts[chart.id] = instance;
    }
    return charts[chart.id];
  }

  function renderChart(chart, result) {
    renderTable(chart, result);
    if (chart.type === 'table') return;
    const instance = chartOf(chart);
    const rows = result.rows;
    drawnRows[chart.id] = rows;
    const option = optionFor(chart, rows, result.withheld, instance);
    // No growing bars: what is on the screen (or in a screenshot) is the data as soon as it is loaded.
    option.animation = false;
    instance.setOption(option, true);
  }

  function renderHeadlines(headlines) {
    headlineList.textContent = '';
    for (const h of headlines) {
      const li = document.createElement('li');
      li.className = 'headline';
      const label = document.createElement('span');
      label.className = 'headline-label';
      label.textContent = h.label + (h.of ? ' (' + h.of + ')' : '');
      const value = document.createElement('strong');
      value.className = 'headline-value';
      value.textContent = h.suppressed ? SUPPRESSED : h.withheld ? 'not released' : formatted(h.value, h.format);
      li.appendChild(label);
      li.appendChild(value);
      if (h.change !== null && h.change !== undefined) {
        const change = document.createElement('span');
        change.className = 'headline-change';
        const n = h.format === 'percent' ? Math.round(h.change * 1000) / 10 : h.change;
        const size = h.format === 'percent' ? Math.abs(n).toFixed(1) + ' percentage points' : String(Math.abs(n));
        change.textContent = (n > 0 ? '▲ up ' + size : n < 0 ? '▼ down ' + size : 'no change') + ' on the one before';
        li.appendChild(change);
      } else if (h.withheld) {
        const note = document.createElement('span');
        note.className = 'headline-change';
        note.textContent = h.withheld;
        li.appendChild(note);
      }
      headlineList.appendChild(li);
    }
  }

  async function load() {
    const chosen = state();
    const params = query(chosen);
    status.textContent = 'Loading…';
    grid.removeAttribute('data-loaded');
    const response = await fetch('/api/dashboards/' + definition.id + (params ? '?' + params : ''), { credentials: 'same-origin' });
    if (!response.ok) {
      status.textContent = 'Could not load the dashboard (' + response.status + ').';
      return;
    }
    const data = await response.json();
    fillControls(data.filters.options, chosen);
    renderHeadlines(data.headlines);
    for (const chart of definition.charts) {
      const result = data.queries[chart.query];
      if (result) renderChart(chart, result);
      // A query the role may not read (students at risk): the card says so, and shows nothing.
      else document.getElementById(chart.id + '-table').textContent = 'Not available to your role.';
    }
    const n = data.suppressedCells || 0;
    status.textContent = data.empty
      ? 'No data for this selection.'
      : 'Showing ' +
        (params ? params.replace(/&/g, ', ').replace(/\+/g, ' ') : 'everything') +
        '. ' +
        (n === 1 ? '1 value is' : n + ' values are') +
        ' suppressed on this page (small counts under 5, or values that would give one back).';
    grid.setAttribute('data-loaded', params || 'all');
  }

  form.addEventListener('change', (event) => {
    const name = event.target.name;
    if (names.indexOf(name) === -1) return;
    history.replaceState(null, '', hrefOf(withChoice(state(), name, event.target.value)));
    void load();
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  window.addEventListener('popstate', () => void load());
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  void load();
})();
