/* global echarts */
// Dashboard pages: filters → /api/dashboards/:id → ECharts. window.acadCharts exposes the charts (tests read their options).
(function () {
  'use strict';
  const grid = document.querySelector('[data-dashboard]');
  const id = grid.getAttribute('data-dashboard');
  const form = document.getElementById('filters');
  const status = document.getElementById('status');
  const charts = {};
  window.acadCharts = charts;
  const pct = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
  // Withheld values are never drawn as zero: a labelled mark at the axis, and the same words in the tables.
  const SUPPRESSED = 'suppressed (< 5)';
  const isSuppressed = (row, key) =>
    String(row.suppressed || '')
      .split(',')
      .indexOf(key) !== -1 || row.suppressed === true;
  const shown = (row, key, value) => (isSuppressed(row, key) ? SUPPRESSED : value);
  function suppressedMarks(labels, rows, key) {
    return {
      type: 'scatter',
      name: SUPPRESSED,
      symbol: 'rect',
      symbolSize: [14, 6],
      itemStyle: { color: '#999' },
      label: { show: true, position: 'top', formatter: SUPPRESSED, fontSize: 10 },
      data: rows.map((r, i) => (isSuppressed(r, key) ? [labels[i], 0] : null)).filter(Boolean),
    };
  }
  function note(name, text) {
    const target = document.getElementById(name + '-table');
    if (!target) return;
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = text;
    target.appendChild(p);
  }

  function chart(name) {
    if (!charts[name]) charts[name] = echarts.init(document.getElementById(name), null, { renderer: 'canvas' });
    return charts[name];
  }

  function fillSelect(select, values, chosen) {
    if (select.options.length > 1) return;
    for (const value of values) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    }
    select.value = chosen || '';
  }

  function textTable(name, header, rows, title) {
    const target = document.getElementById(name + '-table');
    if (!target) return;
    target.textContent = '';
    const table = document.createElement('table');
    const caption = document.createElement('caption');
    caption.textContent = title || 'Data of the chart above';
    table.appendChild(caption);
    [header].concat(rows).forEach((cells, i) => {
      const tr = document.createElement('tr');
      for (const cell of cells) {
        const td = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) td.scope = 'col';
        if (typeof cell === 'number') td.className = 'num';
        td.textContent = cell === null || cell === undefined ? '—' : String(cell);
        tr.appendChild(td);
      }
      table.appendChild(tr);
    });
    target.appendChild(table);
  }

  const narrow = () => window.innerWidth < 600;
  // Percentages with one decimal, for tables; fractions in the data are 0–1.
  const percentText = (v) => (v === null || v === undefined ? null : pct(v) + '%');
  const heading = (column) => column.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

  const bar = (labels, series, percent) => ({
    tooltip: { trigger: 'axis' },
    legend: { show: series.length > 1, top: 0 },
    grid: { left: 10, right: 20, bottom: 10, top: 30, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: {
        rotate: labels.length > 6 || (narrow() && labels.some((l) => String(l).length > 4)) ? 40 : 0,
        interval: 0,
        width: 90,
        overflow: 'truncate',
      },
    },
    yAxis: { type: 'value', max: percent ? 100 : null, axisLabel: { formatter: percent ? '{value}%' : '{value}' } },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data })),
  });

  function renderAttendance(d) {
    const c = d.charts;
    chart('trend').setOption(
      {
        tooltip: { trigger: 'axis' },
        grid: { left: 10, right: 20, bottom: 10, top: 30, containLabel: true },
        xAxis: { type: 'category', data: c.trend.map((r) => r.week) },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [{ type: 'line', name: 'Attendance rate', data: c.trend.map((r) => pct(r.rate)), smooth: true }],
      },
      true,
    );
    textTable(
      'trend',
      ['Week', 'Records', 'Rate %'],
      c.trend.map((r) => [r.week, shown(r, 'records', r.records), shown(r, 'rate', pct(r.rate))]),
    );
    chart('byDepartment').setOption(
      bar(
        c.byDepartment.map((r) => r.department),
        [{ name: 'Attendance rate', data: c.byDepartment.map((r) => pct(r.rate)) }],
        true,
      ),
      true,
    );
    textTable(
      'byDepartment',
      ['Department', 'Records', 'Rate %'],
      c.byDepartment.map((r) => [r.department, shown(r, 'records', r.records), shown(r, 'rate', pct(r.rate))]),
    );
    const courses = c.heatmap.courses;
    const weeks = c.heatmap.weeks;
    // One label row per course, never overlapping: the chart grows with the courses shown.
    const heatmapBox = document.getElementById('heatmap');
    heatmapBox.style.height = Math.max(320, courses.length * 22 + 150) + 'px';
    chart('heatmap').resize();
    chart('heatmap').setOption(
      {
        tooltip: { position: 'top' },
        grid: { left: 10, right: 20, bottom: 80, top: 10, containLabel: true },
        xAxis: { type: 'category', data: weeks, axisLabel: { rotate: 40 } },
        yAxis: { type: 'category', data: courses, axisLabel: { interval: 0 } },
        visualMap: {
          min: 0,
          max: 100,
          calculable: true,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          inRange: { color: ['#67001f', '#f4a582', '#f7f7f7', '#4393c3', '#053061'] },
          text: ['high', 'low'],
          formatter: (v) => Math.round(v) + '%',
        },
        series: [
          { type: 'heatmap', name: 'Attendance rate', data: c.heatmap.cells.filter((r) => !r[3]).map((r) => [r[0], r[1], pct(r[2])]) },
          {
            type: 'scatter',
            name: SUPPRESSED,
            symbol: 'rect',
            itemStyle: { color: '#bbb' },
            tooltip: { formatter: SUPPRESSED },
            data: c.heatmap.cells.filter((r) => r[3]).map((r) => [r[0], r[1]]),
          },
        ],
      },
      true,
    );
    textTable(
      'heatmap',
      ['Course', 'Week', 'Rate %'],
      c.heatmap.cells.map((r) => [courses[r[1]] ?? r[1], weeks[r[0]] ?? r[0], r[3] ? SUPPRESSED : pct(r[2])]),
    );
    const risk = document.getElementById('atRisk');
    risk.textContent = '';
    if (!c.atRisk) {
      risk.textContent = 'Not available to your role.';
      return;
    }
    const p = document.createElement('p');
    p.textContent =
      c.atRisk.total + ' student–course pairs at risk' + (c.atRisk.students.length < c.atRisk.total ? ' (lowest 50 shown)' : '');
    risk.appendChild(p);
    const wrap = document.createElement('div');
    wrap.className = 'scroll';
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', 'At-risk students table');
    risk.appendChild(wrap);
    const holder = document.createElement('div');
    holder.id = 'atRiskRows-table';
    wrap.appendChild(holder);
    textTable(
      'atRiskRows',
      c.atRisk.columns.map(heading),
      c.atRisk.students.map((s) =>
        c.atRisk.columns.map((k) => (/_rate$/.test(k) ? percentText(s[k]) : typeof s[k] === 'boolean' ? (s[k] ? 'yes' : 'no') : s[k])),
      ),
      'At-risk student–course pairs, lowest attendance first',
    );
  }

  function renderAdmissions(d) {
    const c = d.charts;
    chart('funnel').setOption(
      {
        tooltip: { trigger: 'item' },
        series: [
          {
            type: 'funnel',
            name: 'Funnel',
            sort: 'none',
            left: '10%',
            width: '80%',
            label: { formatter: (p) => p.name + ': ' + (p.data.suppressed ? SUPPRESSED : p.value) },
            data: c.funnel.map((s) => ({
              name: s.stage,
              value: s.suppressed ? 1 : s.count,
              suppressed: s.suppressed,
              itemStyle: s.suppressed ? { color: '#bbb' } : undefined,
            })),
          },
        ],
      },
      true,
    );
    textTable(
      'funnel',
      ['Stage', 'Count'],
      c.funnel.map((s) => [s.stage, s.suppressed ? SUPPRESSED : s.count]),
    );
    chart('byProgramme').setOption(
      bar(
        c.byProgramme.map((r) => r.programme),
        [
          { name: 'Offer rate', data: c.byProgramme.map((r) => pct(r.offer_rate)) },
          { name: 'Yield', data: c.byProgramme.map((r) => pct(r.yield)) },
        ],
        true,
      ),
      true,
    );
    textTable(
      'byProgramme',
      ['Programme', 'Offer rate %', 'Yield %'],
      c.byProgramme.map((r) => [r.programme, shown(r, 'offer_rate', pct(r.offer_rate)), shown(r, 'yield', pct(r.yield))]),
    );
    const genders = c.byGender.map((r) => r.gender);
    const genderChart = bar(genders, [{ name: 'Applications', data: c.byGender.map((r) => r.applications) }], false);
    genderChart.series.push(suppressedMarks(genders, c.byGender, 'applications'));
    chart('byGender').setOption(genderChart, true);
    textTable(
      'byGender',
      ['Gender', 'Applications'],
      c.byGender.map((r) => [r.gender, shown(r, 'applications', r.applications)]),
    );
    if (c.genderWithheld) note('byGender', c.genderWithheld);
    const top = c.byCountry.slice(0, 15);
    const countries = top.map((r) => r.country);
    const countryChart = bar(countries, [{ name: 'Applications', data: top.map((r) => r.applications) }], false);
    countryChart.series.push(suppressedMarks(countries, top, 'applications'));
    chart('byCountry').setOption(countryChart, true);
    textTable(
      'byCountry',
      ['Country', 'Applications'],
      c.byCountry.map((r) => [r.country, shown(r, 'applications', r.applications)]),
    );
    if (c.countryWithheld) note('byCountry', c.countryWithheld);
  }

  function renderGrades(d) {
    const c = d.charts;
    const grades = c.distribution.map((r) => r.grade);
    const gradeChart = bar(grades, [{ name: 'Students', data: c.distribution.map((r) => r.students) }], false);
    gradeChart.series.push(suppressedMarks(grades, c.distribution, 'students'));
    chart('distribution').setOption(gradeChart, true);
    textTable(
      'distribution',
      ['Grade', 'Students'],
      c.distribution.map((r) => [r.grade, shown(r, 'students', r.students)]),
      'Students per grade',
    );
    const points = c.attendanceVsGrades;
    chart('attendanceVsGrades').setOption(
      {
        tooltip: { trigger: 'item', formatter: (p) => p.data[2] + ': ' + p.data[0] + '% attendance, ' + p.data[1] + ' grade points' },
        grid: { left: 10, right: 30, bottom: 30, top: 40, containLabel: true },
        xAxis: { type: 'value', name: 'Attendance %', nameLocation: 'middle', nameGap: 28, min: (v) => Math.floor(v.min - 5), max: 100 },
        yAxis: { type: 'value', name: 'Grade points', nameLocation: 'middle', nameGap: 30, min: 0, max: 4 },
        series: [
          { type: 'scatter', name: 'Courses', data: points.map((r) => [pct(r.mean_attendance_rate), r.mean_grade_points, r.course]) },
        ],
      },
      true,
    );
    textTable(
      'attendanceVsGrades',
      ['Course', 'Students', 'Attendance %', 'Grade points', 'Correlation'],
      points.map((r) => [r.course, r.students, pct(r.mean_attendance_rate), r.mean_grade_points, r.correlation]),
    );
  }

  async function load() {
    const params = new URLSearchParams();
    for (const select of form.querySelectorAll('select')) if (select.value) params.set(select.name, select.value);
    status.textContent = 'Loading…';
    const response = await fetch('/api/dashboards/' + id + (params.toString() ? '?' + params : ''), { credentials: 'same-origin' });
    if (!response.ok) {
      status.textContent = 'Could not load the dashboard (' + response.status + ').';
      return;
    }
    const data = await response.json();
    fillSelect(form.querySelector('#term'), data.filters.terms, data.filters.selected.term);
    const second = form.querySelector('#department') || form.querySelector('#programme');
    if (second)
      fillSelect(
        second,
        data.filters.departments || data.filters.programmes,
        data.filters.selected.department || data.filters.selected.programme,
      );
    if (id === 'attendance') renderAttendance(data);
    else if (id === 'grades') renderGrades(data);
    else renderAdmissions(data);
    const n = data.charts.suppressedCells || 0;
    status.textContent = data.charts.empty
      ? 'No data for this selection.'
      : 'Updated ' +
        new Date().toLocaleTimeString() +
        (params.toString() ? ' for ' + params.toString().replace(/&/g, ', ') : '') +
        '. ' +
        (n === 1 ? '1 value is' : n + ' values are') +
        ' suppressed on this page (small counts under 5, or values that would give one back).';
    grid.setAttribute('data-loaded', params.toString() || 'all');
  }

  form.addEventListener('change', () => void load());
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  void load();
})();
