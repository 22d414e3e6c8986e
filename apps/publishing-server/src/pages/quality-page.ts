import { formatPercent, formatQualityScore } from '@acad/quality';
import type { Subject } from '../auth/subject';
import type { DatasetQuality, RuleHistoryPoint, RuleQuality } from '../data/quality-view';
import { chartCard, escapeHtml, layout } from './layout';

const OUTCOME_TEXT = { passed: 'Passed', warned: 'Warned', failed: 'Failed' } as const;

const outcomeBadge = (outcome: keyof typeof OUTCOME_TEXT) => `<span class="outcome outcome-${outcome}">${OUTCOME_TEXT[outcome]}</span>`;

const metricText = (metric: number | null) => (metric === null ? '—' : String(Math.round(metric * 10000) / 10000));

const cell = (value: unknown) => (value === null || value === undefined ? '—' : escapeHtml(String(value)));

/**
 * A rule's history as a small bar chart (inline SVG, oldest left): a bar per batch, its height the
 * metric against the largest one, its colour the outcome; each bar's title says which batch and what.
 */
function historyChart(rule: RuleQuality): string {
  const points = rule.history;
  const width = 12;
  const height = 28;
  const top = Math.max(...points.map((p) => Math.abs(p.metric ?? 0)), 1e-9);
  const bars = points
    .map((p: RuleHistoryPoint, i) => {
      const share = p.metric === null ? 1 : Math.abs(p.metric) / top;
      const h = Math.max(3, Math.round(share * (height - 2)));
      const what = p.outcome === null ? 'not run' : `${p.outcome}, measured ${metricText(p.metric)}`;
      return `<rect x="${i * width + 1}" y="${height - h}" width="${width - 3}" height="${h}" class="bar-${p.outcome ?? 'none'}"><title>${escapeHtml(p.evaluatedAt.slice(0, 16).replace('T', ' '))} (batch ${escapeHtml(p.batchId)}): ${what}</title></rect>`;
    })
    .join('');
  const counts = (['passed', 'warned', 'failed'] as const).map((o) => `${points.filter((p) => p.outcome === o).length} ${o}`).join(', ');
  const label = `History of the last ${points.length} batch${points.length === 1 ? '' : 'es'}, oldest first: ${counts}`;
  return `<svg class="spark" viewBox="0 0 ${Math.max(points.length, 1) * width} ${height}" width="${Math.max(points.length, 1) * width}" height="${height}" role="img" aria-label="${escapeHtml(label)}">${bars}</svg>`;
}

function samplesOf(rule: RuleQuality): string {
  const failing = rule.latest.failingRows ?? 0;
  if (rule.samplesWithheld) return '<p class="hint">Failing rows are shown to roles that may read this dataset’s rows.</p>';
  // Rows a contract check quarantined stay in quarantine (reasons, never values): nothing is sampled.
  if (!rule.samples) return '';
  const { columns, rows } = rule.samples;
  const id = `samples-${rule.ruleId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`).join('');
  return `<details class="samples"><summary>Failing rows, PII masked (${rows.length} of ${failing} sampled)</summary>
<div class="scroll" role="region" tabindex="0" aria-labelledby="${id}"><table><caption id="${id}" class="visually-hidden">Failing rows of ${escapeHtml(rule.ruleId)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></details>`;
}

function ruleItem(rule: RuleQuality): string {
  const l = rule.latest;
  const measured = [
    `measured ${metricText(l.metric)}${l.threshold === null ? '' : ` (expects ${escapeHtml(l.threshold)})`}`,
    ...(l.failingRows ? [`${l.failingRows} failing row(s)`] : []),
    ...(l.quarantinedRows ? [`${l.quarantinedRows} quarantined`] : []),
  ].join(' · ');
  return `<li class="rule card"><div class="rule-head">${outcomeBadge(l.outcome)} <h3>${escapeHtml(rule.ruleId)}</h3> <span class="hint">${escapeHtml(rule.type)} · severity ${escapeHtml(rule.severity)}</span></div>
${rule.definition.kind === 'dqdl' ? `<pre class="dqdl"><code>${escapeHtml(rule.definition.text)}</code></pre>` : `<p>${escapeHtml(rule.definition.text)}</p>`}
<p class="measured">${measured}${l.detail ? `<br><span class="hint">${escapeHtml(l.detail)}</span>` : ''}</p>
${historyChart(rule)}
${samplesOf(rule)}</li>`;
}

/** Great Expectations' Data Docs, for one trusted dataset: what the score means, its history, and each rule. */
export function qualityPage(subject: Subject, csrf: string | undefined, q: DatasetQuality): string {
  const latest = q.batches.at(-1);
  const summary = latest
    ? `<p>Latest batch <code>${escapeHtml(latest.batchId)}</code>, checked <time datetime="${escapeHtml(latest.evaluatedAt)}">${escapeHtml(latest.evaluatedAt.slice(0, 16).replace('T', ' '))} UTC</time>: <strong>${latest.status === 'failed' ? 'FAILED' : 'passed'}</strong>, quality ${escapeHtml(formatQualityScore(latest))}, ${latest.total} rules.</p>`
    : '<p>No batch of this dataset has been checked yet.</p>';
  // Rules that need a look come first; those that passed are one click away.
  const attention = q.rules.filter((r) => r.latest.outcome !== 'passed');
  const passed = q.rules.filter((r) => r.latest.outcome === 'passed');
  const counts = (['failed', 'warned', 'passed'] as const)
    .map((o) => `${q.rules.filter((r) => r.latest.outcome === o).length} ${o}`)
    .join(' · ');
  const table = `<table><caption>Score by batch</caption><thead><tr><th scope="col">Checked</th><th scope="col">Batch</th><th scope="col">Status</th><th scope="col">Score</th><th scope="col">Passed</th><th scope="col">Warned</th><th scope="col">Failed</th></tr></thead><tbody>${q.batches
    .map(
      (b) =>
        `<tr><td>${escapeHtml(b.evaluatedAt.slice(0, 16).replace('T', ' '))}</td><td><code>${escapeHtml(b.batchId)}</code></td><td>${b.status}</td><td class="num">${formatPercent(b.score)}</td><td class="num">${b.passed}</td><td class="num">${b.warned}</td><td class="num">${b.failed}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const body = `<p><a href="/catalog/${encodeURIComponent(q.dataset)}">← trusted.${escapeHtml(q.dataset)} in the catalog</a></p>
${summary}
<section class="card" aria-labelledby="score-meaning-title"><h2 id="score-meaning-title">What the score means</h2><p>${escapeHtml(q.scoreMeaning)}</p></section>
${latest ? chartCard('scoreHistory', 'Score by batch', `The quality score of ${q.batches.length === 1 ? 'the one batch checked so far' : `each of the last ${q.batches.length} batches`}, with its rules passed, warned and failed.`, { table }) : ''}
<h2 id="rules-title">Rules of the latest batch <span class="hint">(${counts})</span></h2>
${attention.length ? `<ul class="rules" aria-labelledby="rules-title">${attention.map(ruleItem).join('\n')}</ul>` : ''}
${passed.length ? `<details class="passed-rules"${attention.length ? '' : ' open'}><summary>The ${passed.length} rule${passed.length === 1 ? '' : 's'} that passed</summary><ul class="rules">${passed.map(ruleItem).join('\n')}</ul></details>` : ''}
<script type="application/json" id="quality-data">${JSON.stringify(q.batches).replace(/</g, '\\u003c')}</script>`;
  return layout({
    title: `Quality of trusted.${q.dataset}`,
    subject,
    csrf,
    body,
    current: '/catalog',
    scripts: latest ? ['/assets/echarts.min.js', '/assets/quality.js'] : [],
  });
}
