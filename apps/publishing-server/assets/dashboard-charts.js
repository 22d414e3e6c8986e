// How a dashboard chart is drawn from its definition's encoding: one ECharts option builder per chart
// type, and the formats its numbers are shown in (dashboard.js loads the data and draws with these).
(function () {
  'use strict';
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

  function heatmapChart(chart, rows, instance) {
    const e = chart.encoding;
    const xs = Array.from(new Set(rows.map((r) => String(r[e.x])))).sort();
    const ys = Array.from(new Set(rows.map((r) => String(r[e.y[0]]))));
    const element = document.getElementById(chart.id);
    // One label row per category, never overlapping: the chart grows with the rows shown.
    element.style.height = Math.max(320, ys.length * 24 + (narrow() ? 300 : 170)) + 'px';
    instance.resize();
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
          // Room for the stage labels beside it on a phone.
          left: narrow() ? '2%' : '10%',
          width: narrow() ? '52%' : '75%',
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

  /** The ECharts option of a chart for its rows; a sentence in place of the chart where there are none. */
  function optionFor(chart, rows, withheld, instance) {
    if (!rows.length) return { title: emptyTitle(withheld || 'No data for this selection.') };
    if (chart.type === 'heatmap') return heatmapChart(chart, rows, instance);
    if (chart.type === 'funnel') return funnelChart(chart, rows);
    if (chart.type === 'scatter') return scatterChart(chart, rows);
    return categoryChart(chart, rows, chart.type);
  }

  window.acadDashboardCharts = { SUPPRESSED, isSuppressed, heading, formatted, formatOf, optionFor };
})();
