// "Show as table" buttons: each shows or hides the table of the chart it controls (aria-controls).
(function () {
  'use strict';
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-table-toggle]');
    if (!button) return;
    const table = document.getElementById(button.getAttribute('aria-controls'));
    const show = button.getAttribute('aria-expanded') !== 'true';
    table.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    button.textContent = show ? 'Hide table' : 'Show as table';
  });
})();
