import type { Subject } from '../auth/subject';
import { chartCard as chart, layout } from './layout';

const select = (id: string, label: string) =>
  `<label for="${id}">${label}</label><select id="${id}" name="${id}"><option value="">All</option></select>`;

export function attendancePage(subject: Subject, csrf?: string): string {
  const body = `
<form class="filters" id="filters" aria-label="Filters">${select('term', 'Term')}${select('department', 'Department')}</form>
<p class="status" id="status" role="status" aria-live="polite">Loading…</p>
<div class="grid" data-dashboard="attendance">
${chart('trend', 'Weekly attendance rate', 'Share of sessions attended (present or late) per ISO week; excused sessions left out.')}
${chart('byDepartment', 'Attendance by department', 'Attendance rate per department for the chosen term.')}
${chart('heatmap', 'Course × week', 'Attendance rate per course and week: red is low, blue is high (scale below the chart); grey cells are suppressed.', { tall: true })}
<section class="card" aria-labelledby="atRisk-title"><h2 id="atRisk-title">At-risk students</h2>
<p class="hint">Pseudonymous keys only; below 80% attendance or three absences in a row. Not shown to the public.</p><div id="atRisk"></div></section>
</div>`;
  return layout({ title: 'Attendance', subject, csrf, body, current: '/', scripts: ['/assets/echarts.min.js', '/assets/dashboard.js'] });
}

export function admissionsPage(subject: Subject, csrf?: string): string {
  const body = `
<form class="filters" id="filters" aria-label="Filters">${select('term', 'Intake term')}${select('programme', 'Programme')}</form>
<p class="status" id="status" role="status" aria-live="polite">Loading…</p>
<div class="grid" data-dashboard="admissions">
${chart('funnel', 'Admissions funnel', 'Applications, offers, acceptances and enrolments.')}
${chart('byProgramme', 'Offer and yield rates by programme', 'Offer rate = offers / applications; yield = acceptances / offers.')}
${chart('byGender', 'Applications by gender', 'For the public: counts under 5, and values that would give one back, are marked "suppressed (< 5)".')}
${chart('byCountry', 'Applications by country (top 15)', 'For the public: counts under 5, and values that would give one back, are marked "suppressed (< 5)".')}
</div>`;
  return layout({
    title: 'Admissions',
    subject,
    csrf,
    body,
    current: '/admissions',
    scripts: ['/assets/echarts.min.js', '/assets/dashboard.js'],
  });
}

export function gradesPage(subject: Subject, csrf?: string): string {
  const body = `
<form class="filters" id="filters" aria-label="Filters">${select('term', 'Term')}</form>
<p class="status" id="status" role="status" aria-live="polite">Loading…</p>
<div class="grid" data-dashboard="grades">
${chart('distribution', 'Grade distribution', 'Students per final grade over every section; suppressed values are marked, never drawn as zero.')}
${chart('attendanceVsGrades', 'Attendance vs grades by course', 'Mean attendance rate against mean grade points per course, one dot per course; "Show as table" lists each course with its per-student correlation.')}
</div>`;
  return layout({ title: 'Grades', subject, csrf, body, current: '/grades', scripts: ['/assets/echarts.min.js', '/assets/dashboard.js'] });
}
