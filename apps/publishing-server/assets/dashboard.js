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

  // Withheld values are never drawn as zero: a grey, labelled mark, and the same words in the tables.
  const SUPPRESSED = 'suppressed (< 5)';
  const GREY = '#9e9e9e';
  const narrow = () => window.innerWidth < 600;
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  const isSuppressed = (row, key) =>
    String(row.suppressed || '')
      .split(',')
      .indexOf(key) !== -1;
  const heading = (column) => column.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

  function formatted(value, format) {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    if (typeof value !== 'number') return String(value);
    if (format === 'percent') return pct(value).toFixed(1) + '%';
    if (format === 'count') return value.toLocaleString('en');
    return String(Math.round(value * 100) / 100);
  }
  // What an axis draws: percentages as 0–100, other numbers as they are.
  const drawn = (value, format) => (value === null || value === undefined ? null : format === 'percent' ? pct(value) : value);
  const formatOf = (chart, field) => {
    const column = (chart.encoding.columns || []).find((c) => c.field === field);
    return (column && column.format) || (/_rate$|^rate$|^yield$/.test(field) ? 'percent' : chart.encoding.format);
  };

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

  // ---- Charts: one option builder per type, from the encoding.
  const emptyTitle = (text) => ({
    text: text,
    left: 'center',
    top: 'middle',
    textStyle: { fontSize: 13, fontWeight: 'normal', color: '#4a4a4a', width: 260, overflow: 'break', lineHeight: 20 },
  });

  function suppressedMarks(categories, rows, measure) {
    return {
      type: 'scatter',
      name: SUPPRESSED,
      symbol: 'rect',
      symbolSize: [16, 6],
      itemStyle: { color: GREY },
      label: { show: true, position: 'top', formatter: SUPPRESSED, fontSize: 10 },
      tooltip: { formatter: (p) => p.name + ': ' + SUPPRESSED },
      data: rows.map((r, i) => (isSuppressed(r, measure) ? [categories[i], 0] : null)).filter(Boolean),
    };
  }

  function categoryChart(chart, rows, type) {
    const e = chart.encoding;
    const shown = e.top ? rows.slice(0, e.top) : rows;
    const categories = shown.map((r) => String(r[e.x]));
    const percent = e.format === 'percent';
    const series = e.y.map((m) => ({
      type: type,
      name: heading(m),
      data: shown.map((r) => (isSuppressed(r, m) ? null : drawn(r[m], e.format))),
      connectNulls: false,
      cursor: chart.drill ? 'pointer' : 'default',
    }));
    const withheld = e.y.some((m) => shown.some((r) => isSuppressed(r, m)));
    if (withheld) series.push(suppressedMarks(categories, shown, e.y[0]));
    const long = categories.some((c) => c.length > 4);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? SUPPRESSED : percent ? v + '%' : v) },
      legend: { show: series.length > 1, top: 0, type: 'scroll' },
      grid: { left: 10, right: 20, bottom: 10, top: series.length > 1 ? 30 : 20, containLabel: true },
      xAxis: {
        type: 'category',
        data: categories,
        // A category's label drills down too (a bar too short to hit, or a suppressed one).
        triggerEvent: Boolean(chart.drill),
        axisLabel: {
          rotate: categories.length > 6 || (narrow() && long) ? 40 : 0,
          interval: type === 'line' ? 'auto' : 0,
          width: 90,
          overflow: 'truncate',
        },
      },
      yAxis: { type: 'value', max: percent ? 100 : null, axisLabel: { formatter: percent ? '{value}%' : '{value}' } },
      series: series,
    };
  }

  // Red is low, blue is high; a suppressed cell is grey, with its own entry in the legend.
  const RATE_PIECES = [
    { min: -1.5, max: -0.5, label: SUPPRESSED, color: '#bdbdbd' },
    { min: 0, max: 60, label: 'under 60% (low)', color: '#b2182b' },
    { min: 60, max: 75, label: '60–75%', color: '#ef8a62' },
    { min: 75, max: 85, label: '75–85%', color: '#fddbc7' },
    { min: 85, max: 95, label: '85–95%', color: '#67a9cf' },
    { min: 95, max: 100, label: '95% and over (high)', color: '#2166ac' },
  ];

  function heatmapChart(chart, rows) {
    const e = chart.encoding;
    const xs = Array.from(new Set(rows.map((r) => String(r[e.x])))).sort();
    const ys = Array.from(new Set(rows.map((r) => String(r[e.y[0]]))));
    const element = document.getElementById(chart.id);
    // One label row per category, never overlapping: the chart grows with the rows shown.
    element.style.height = Math.max(320, ys.length * 24 + (narrow() ? 300 : 170)) + 'px';
    charts[chart.id].resize();
    const data = rows.map((r) => [
      xs.indexOf(String(r[e.x])),
      ys.indexOf(String(r[e.y[0]])),
      isSuppressed(r, e.value) ? -1 : drawn(r[e.value], e.format),
    ]);
    return {
      tooltip: {
        position: 'top',
        formatter: (p) =>
          ys[p.value[1]] + ', ' + xs[p.value[0]] + ': ' + (p.value[2] < 0 ? SUPPRESSED : p.value[2] + (e.format === 'percent' ? '%' : '')),
      },
      grid: { left: 10, right: 20, bottom: narrow() ? 170 : 90, top: 10, containLabel: true },
      xAxis: { type: 'category', data: xs, axisLabel: { rotate: 40, interval: narrow() ? 'auto' : 0 } },
      yAxis: {
        type: 'category',
        data: ys,
        triggerEvent: Boolean(chart.drill),
        axisLabel: { interval: 0, width: 100, overflow: 'truncate' },
      },
      visualMap:
        e.format === 'percent'
          ? {
              type: 'piecewise',
              pieces: RATE_PIECES,
              // On a phone the six entries are a column under the chart; one row would run off the screen.
              orient: narrow() ? 'vertical' : 'horizontal',
              left: narrow() ? 0 : 'center',
              bottom: 0,
              itemGap: 6,
              textStyle: { fontSize: 11 },
            }
          : { min: 0, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, text: ['high', 'low'] },
      series: [{ type: 'heatmap', name: heading(e.value), data: data, cursor: chart.drill ? 'pointer' : 'default' }],
    };
  }

  function funnelChart(chart, rows) {
    const e = chart.encoding;
    return {
      tooltip: { trigger: 'item', formatter: (p) => p.name + ': ' + (p.data.suppressed ? SUPPRESSED : formatted(p.value, e.format)) },
      series: [
        {
          type: 'funnel',
          name: chart.title,
          sort: 'none',
          left: '10%',
          width: '80%',
          label: { formatter: (p) => p.name + ': ' + (p.data.suppressed ? SUPPRESSED : formatted(p.value, e.format)) },
          data: rows.map((r) => ({
            name: String(r[e.x]),
            value: isSuppressed(r, e.value) ? 1 : r[e.value],
            suppressed: isSuppressed(r, e.value),
            itemStyle: isSuppressed(r, e.value) ? { color: GREY } : undefined,
          })),
        },
      ],
    };
  }

  function scatterChart(chart, rows) {
    const e = chart.encoding;
    const [xf, yf] = [formatOf(chart, e.x), formatOf(chart, e.y[0])];
    const points = rows.filter((r) => !isSuppressed(r, e.x) && !isSuppressed(r, e.y[0]) && r[e.x] !== null && r[e.y[0]] !== null);
    const columnLabel = (field) => ((chart.encoding.columns || []).find((c) => c.field === field) || { label: heading(field) }).label;
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p) =>
          p.data[2] +
          ': ' +
          columnLabel(e.x) +
          ' ' +
          formatted(p.data[3], xf) +
          ', ' +
          columnLabel(e.y[0]) +
          ' ' +
          formatted(p.data[1], yf),
      },
      grid: { left: 30, right: 30, bottom: 36, top: 30, containLabel: true },
      xAxis: {
        type: 'value',
        name: columnLabel(e.x) + (xf === 'percent' ? ' %' : ''),
        nameLocation: 'middle',
        nameGap: 28,
        scale: true,
      },
      yAxis: { type: 'value', name: columnLabel(e.y[0]), nameLocation: 'middle', nameGap: 44, scale: true },
      series: [
        {
          type: 'scatter',
          name: chart.title,
          symbolSize: 14,
          itemStyle: { color: '#3056d3', opacity: 0.85 },
          encode: { x: 0, y: 1, tooltip: [2] },
          cursor: chart.drill ? 'pointer' : 'default',
          data: points.map((r) => [drawn(r[e.x], xf), r[e.y[0]], String(r[e.label]), r[e.x]]),
        },
      ],
    };
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
    let option;
    if (!rows.length) option = { title: emptyTitle(result.withheld || 'No data for this selection.') };
    else if (chart.type === 'heatmap') option = heatmapChart(chart, rows);
    else if (chart.type === 'funnel') option = funnelChart(chart, rows);
    else if (chart.type === 'scatter') option = scatterChart(chart, rows);
    else option = categoryChart(chart, rows, chart.type);
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
