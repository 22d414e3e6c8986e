import type { Subject } from '../auth/subject';
import { escapeHtml, layout } from './layout';

/** A signed-in role asked for a page its policies do not allow: said plainly, without policy wording. */
export function notAvailablePage(subject: Subject, csrf: string | undefined): string {
  const body = `
<p>This page is not available to the <strong>${escapeHtml(subject.role)}</strong> role you are signed in with.</p>
<p>If your work needs it, ask the platform team for a token with a role that may see it.</p>
<p><a href="/">Back to the dashboards</a></p>`;
  return layout({ title: 'Not available to your role', subject, csrf, body });
}

/** A request the server could not answer: the request id lets the platform team find it in the log. */
export function failurePage(subject: Subject, csrf: string | undefined, requestId: string): string {
  const body = `
<p>Something went wrong on our side and this page could not be shown. Trying again in a moment may help.</p>
<p>If it keeps happening, tell the platform team this request id: <code>${escapeHtml(requestId)}</code></p>
<p><a href="/">Back to the dashboards</a></p>`;
  return layout({ title: 'This page could not be shown', subject, csrf, body });
}

/** Any other refusal of a page (a bad parameter): its message, which never holds data values. */
export function refusedPage(subject: Subject, csrf: string | undefined, message: string): string {
  return layout({
    title: 'This page could not be shown',
    subject,
    csrf,
    body: `<p>${escapeHtml(message)}</p><p><a href="/">Back to the dashboards</a></p>`,
  });
}

/** Signed in at the identity provider, but none of the person's groups maps to a role here. */
export function noRolePage(subject: Subject, user: string): string {
  const body = `
<p>You signed in as <strong>${escapeHtml(user)}</strong>, but none of your groups gives access to the Academics Data Platform, so you are not signed in here.</p>
<p>If your work needs it, ask the platform team to add you to a group that has access (registrar, analyst or viewer).</p>
<p><a href="/">See the public dashboards</a> · <a href="/sign-in">Sign in another way</a></p>`;
  return layout({ title: 'No access with this account', subject, body });
}

/** Single sign-on that did not complete: a wrong or stale state, or a provider that refused. */
export function signInFailedPage(subject: Subject, reason: string): string {
  const body = `
<p>Signing in did not complete: ${escapeHtml(reason)}.</p>
<p><a href="/auth/sign-in">Try again</a> · <a href="/sign-in">Other ways to sign in</a></p>`;
  return layout({ title: 'Sign-in did not complete', subject, body });
}
