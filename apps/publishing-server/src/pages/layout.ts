import type { Subject } from '../auth/subject';
import { mayQuery } from '../query/may-query';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface PageOptions {
  title: string;
  subject: Subject;
  /** The session's CSRF token, for the sign-out form. */
  csrf?: string;
  body: string;
  scripts?: string[];
  current?: string;
}

// The dashboards come first, from their definitions (set once when the server starts; the same for every page).
let dashboardLinks: Array<[string, string]> = [];

/** The navigation's dashboard links, in order: a definition file adds its dashboard to every page. */
export function setDashboardLinks(links: Array<[string, string]>): void {
  dashboardLinks = links;
}

const NAV: Array<[string, string]> = [
  ['/catalog', 'Catalog'],
  ['/docs', 'API'],
  ['/sql', 'SQL'],
];

// Links only some roles may follow; the others never see them.
const SHOWN_TO: Record<string, (subject: Subject) => boolean> = {
  '/sql': (subject) => mayQuery(subject.role),
};

/**
 * A chart's data as a table, behind a visible toggle (table-toggle.js): the chart is keyboard-reachable
 * (tabindex) and described, and its numbers are one button away for anyone who cannot read it.
 */
export function chartCard(
  id: string,
  title: string,
  description: string,
  options: { tall?: boolean; table?: string; tableOnly?: boolean } = {},
): string {
  const head = `<section class="card" aria-labelledby="${id}-title"><div class="card-head"><h2 id="${id}-title">${title}</h2>`;
  // A table chart is its own data: no picture, no toggle, the table always shown (scrolling inside its card).
  if (options.tableOnly)
    return (
      `${head}</div><p class="hint" id="${id}-desc">${description}</p>` +
      `<div class="table-alt" id="${id}-table" role="region" tabindex="0" aria-label="${title}" aria-describedby="${id}-desc">${options.table ?? ''}</div></section>`
    );
  return (
    `${head}<button type="button" class="toggle" aria-expanded="false" aria-controls="${id}-table" data-table-toggle>Show as table</button></div>` +
    `<p class="hint" id="${id}-desc">${description}</p>` +
    `<div class="chart${options.tall ? ' tall' : ''}" id="${id}" role="img" tabindex="0" aria-describedby="${id}-desc" aria-label="${title} (chart; the table button shows its data)"></div>` +
    `<div class="table-alt" id="${id}-table" role="region" tabindex="0" aria-label="${title} as a table" hidden>${options.table ?? ''}</div></section>`
  );
}

/** The page shell: skip link, landmarks, who is signed in, and scripts from /assets only (CSP). */
export function layout(page: PageOptions): string {
  const nav = [...dashboardLinks, ...NAV]
    .filter(([href]) => SHOWN_TO[href]?.(page.subject) ?? true)
    .map(([href, label]) => `<li><a href="${href}"${page.current === href ? ' aria-current="page"' : ''}>${label}</a></li>`)
    .join('');
  const who =
    page.subject.via === 'anonymous'
      ? `<span>Public view</span> <a href="/sign-in">Sign in</a>`
      : `<span>Signed in as <strong>${escapeHtml(page.subject.user)}</strong> (${escapeHtml(page.subject.role)})</span>` +
        (page.csrf
          ? ` <form method="post" action="/sign-out" class="inline"><input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}"><button type="submit">Sign out</button></form>`
          : '');
  const scripts = ['/assets/table-toggle.js', ...(page.scripts ?? [])].map((s) => `<script src="${s}" defer></script>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} — Academics Data Platform</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">${scripts}
</head><body>
<a class="skip" href="#main">Skip to content</a>
<header><p class="brand"><a href="/">Academics Data Platform</a></p><nav aria-label="Main"><ul>${nav}</ul></nav><p class="who">${who}</p></header>
<main id="main" tabindex="-1">
<h1>${escapeHtml(page.title)}</h1>
${page.body}
</main></body></html>`;
}
