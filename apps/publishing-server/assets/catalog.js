/* global echarts */
// Catalog page: the lineage graph, from the JSON the server embedded.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('lineage-data').textContent);
  const zones = ['landing', 'trusted', 'curated'];
  const column = { landing: 0, trusted: 1, curated: 2 };
  const seen = { landing: 0, trusted: 0, curated: 0 };
  const nodes = data.nodes.map((n) => ({ name: n.name, category: zones.indexOf(n.zone), x: column[n.zone] * 300, y: seen[n.zone]++ * 60 }));
  const chart = echarts.init(document.getElementById('lineage'));
  window.acadCharts = { lineage: chart };
  chart.setOption({
    tooltip: {},
    legend: { data: zones },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: true,
        label: { show: true, position: 'right' },
        edgeSymbol: ['none', 'arrow'],
        categories: zones.map((z) => ({ name: z })),
        data: nodes,
        links: data.links,
        lineStyle: { color: '#555' },
      },
    ],
  });
})();
