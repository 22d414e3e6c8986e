/* global echarts */
// Quality page: each batch's score as a small line chart, from the JSON the server embedded.
(function () {
  'use strict';
  const source = document.getElementById('quality-data');
  const target = document.getElementById('scoreHistory');
  if (!source || !target) return;
  const batches = JSON.parse(source.textContent);
  const chart = echarts.init(target);
  window.acadCharts = { scoreHistory: chart };
  const when = (b) => b.evaluatedAt.slice(0, 16).replace('T', ' ');
  chart.setOption({
    grid: { left: 48, right: 24, top: 16, bottom: 40 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => v + '%',
    },
    xAxis: { type: 'category', data: batches.map(when), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: 'Score',
        type: 'line',
        step: 'end',
        symbolSize: 8,
        itemStyle: { color: '#0b5cad' },
        data: batches.map((b) => ({
          value: Math.floor(b.score * 1000) / 10,
          itemStyle: b.status === 'failed' ? { color: '#b3261e' } : undefined,
        })),
      },
    ],
  });
  window.addEventListener('resize', () => chart.resize());
})();
