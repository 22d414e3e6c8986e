// Dataset page: a preview of the rows the caller may see.
(function () {
  'use strict';
  const target = document.getElementById('preview');
  if (!target) return;
  fetch(target.getAttribute('data-rows'), { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
    .then((data) => {
      const wrap = document.createElement('div');
      wrap.className = 'scroll';
      wrap.tabIndex = 0;
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', 'Preview rows');
      const table = document.createElement('table');
      const head = document.createElement('tr');
      for (const c of data.columns) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = c.name + (c.treatment === 'mask' ? ' (masked)' : '');
        head.appendChild(th);
      }
      table.appendChild(head);
      for (const row of data.rows) {
        const tr = document.createElement('tr');
        for (const c of data.columns) {
          const td = document.createElement('td');
          td.textContent = row[c.name] === null ? '—' : String(row[c.name]);
          tr.appendChild(td);
        }
        table.appendChild(tr);
      }
      wrap.appendChild(table);
      target.appendChild(wrap);
    })
    .catch((e) => {
      target.textContent = 'Could not load the preview (' + e.message + ').';
    });
})();
