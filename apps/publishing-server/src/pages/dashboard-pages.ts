import type { Subject } from '../auth/subject';
import type { DashboardDefinition, DashboardFilter } from '../dashboards/dashboard-definition';
import { chartCard, escapeHtml, layout } from './layout';

/** Where a dashboard's page is: the first one is the home page. */
export const dashboardPath = (definitions: readonly DashboardDefinition[], id: string) => (definitions[0]?.id === id ? '/' : `/${id}`);

function control(f: DashboardFilter): string {
  const label = `<label for="${f.name}">${escapeHtml(f.label)}</label>`;
  if (f.name === 'from' || f.name === 'to')
    return `<span class="filter">${label}<input type="date" id="${f.name}" name="${f.name}"></span>`;
  return `<span class="filter">${label}<select id="${f.name}" name="${f.name}"><option value="">All</option></select></span>`;
}

// The definition travels with the page as inert JSON (the CSP runs scripts from /assets only).
const inertJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Any dashboard, from its definition: filters (their state in the URL), headline tiles and one card
 * per chart with its data as a table; assets/dashboard.js draws the charts from their encodings.
 */
export function dashboardPage(definition: DashboardDefinition, path: string, subject: Subject, csrf?: string): string {
  const charts = definition.charts
    .map((c) => chartCard(c.id, escapeHtml(c.title), escapeHtml(c.hint), { tall: c.tall, tableOnly: c.type === 'table' }))
    .join('\n');
  const body = `
<p class="lead">${escapeHtml(definition.description)}</p>
<form class="filters" id="filters" aria-label="Filters">${definition.filters.map(control).join('')}<a class="reset" href="${path}">Clear filters</a></form>
<p class="status" id="status" role="status" aria-live="polite">Loading…</p>
<section aria-label="Headline numbers"><ul class="headlines" id="headlines"></ul></section>
<div class="grid" data-dashboard="${definition.id}">
${charts}
</div>
<script type="application/json" id="dashboard-definition">${inertJson({ id: definition.id, filters: definition.filters, charts: definition.charts })}</script>`;
  return layout({
    title: definition.title,
    subject,
    csrf,
    body,
    current: path,
    scripts: ['/assets/echarts.min.js', '/assets/dashboard-charts.js', '/assets/dashboard.js'],
  });
}
