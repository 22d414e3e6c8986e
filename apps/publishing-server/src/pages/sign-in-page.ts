import type { Subject } from '../auth/subject';
import { escapeHtml, layout } from './layout';

export interface SignInPageOptions {
  csrf: string;
  subject: Subject;
  error: boolean;
  /** Why the visitor is asked, e.g. a page that needs signing in. */
  notice?: string;
  /** A local path to return to after signing in. */
  next?: string;
  /** Single sign-on is configured: offer it first. */
  sso?: boolean;
}

export function signInPage(options: SignInPageOptions): string {
  const ssoHref = `/auth/sign-in${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`;
  const body = `
${options.notice ? `<p class="notice" role="status">${escapeHtml(options.notice)}</p>` : ''}
${options.sso ? `<p><a class="button" href="${escapeHtml(ssoHref)}">Sign in with your institution account</a></p><h2>Or with an API token</h2>` : ''}
<p>Paste an API token. An operator makes one with <code>npm run acad -- token create --user &lt;you&gt; --role &lt;role&gt;</code>.
Without signing in you see the public, suppressed dashboards only.</p>
${options.error ? '<p class="error" role="alert" id="sign-in-error">That token is not valid or was revoked.</p>' : ''}
<form method="post" action="/sign-in" class="sign-in">
  <input type="hidden" name="_csrf" value="${escapeHtml(options.csrf)}">
  ${options.next ? `<input type="hidden" name="next" value="${escapeHtml(options.next)}">` : ''}
  <label for="token">API token</label>
  <input id="token" name="token" type="password" autocomplete="off" required maxlength="200"${options.error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : ''}>
  <button type="submit">Sign in</button>
</form>`;
  return layout({ title: 'Sign in', subject: options.subject, body, current: '/sign-in' });
}
