/* global echarts */
// Catalog page: live search (the URL keeps ?q=, so a search can be shared) and the lineage graph.
(function () {
  'use strict';

  const form = document.querySelector('form[role="search"]');
  const input = document.getElementById('catalog-q');
  const results = document.getElementById('search-results');
  let timer;
  let asked = 0;

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The same markup as the server's (catalog-pages.ts searchResultItem), built from the search API.
  function show(q, found) {
    results.textContent = '';
    if (q.trim() === '') return;
    if (found.length === 0) {
      results.appendChild(element('p', '', 'No dataset you may see matches “' + q + '”.'));
      return;
    }
    results.appendChild(element('p', '', found.length + ' dataset' + (found.length === 1 ? '' : 's') + ' match “' + q + '”.'));
    const list = element('ul', 'results');
    for (const r of found) {
      const item = document.createElement('li');
      const link = element('a', '', r.zone + '.' + r.name);
      link.href = r.href;
      item.appendChild(link);
      item.appendChild(element('p', 'hint', r.description));
      if (r.matched.length) {
        const places = element('p', 'matched', 'Matched: ');
        r.matched.forEach((m, i) => {
          if (i) places.appendChild(document.createTextNode(' '));
          places.appendChild(element('span', 'badge', m));
        });
        item.appendChild(places);
      }
      list.appendChild(item);
    }
    results.appendChild(list);
  }

  function search() {
    const q = input.value;
    const mine = ++asked;
    const url = new URL(window.location.href);
    if (q.trim() === '') url.searchParams.delete('q');
    else url.searchParams.set('q', q);
    window.history.replaceState(null, '', url.pathname + url.search);
    if (q.trim() === '') return show(q, []);
    fetch('/api/catalog/search?q=' + encodeURIComponent(q), { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((data) => {
        if (mine === asked) show(q, data.results);
      })
      .catch((e) => {
        if (mine === asked) results.textContent = 'The search failed (' + e.message + ').';
      });
  }

  if (form && input && results) {
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      search();
    });
  }

  const lineage = document.getElementById('lineage-data');
  if (!lineage) return;
  const data = JSON.parse(lineage.textContent);
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
