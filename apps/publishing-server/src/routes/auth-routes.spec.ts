import { pageToReturnTo } from './auth-routes';

describe('the page to return to after signing in', () => {
  it('keeps a local page with its query string, so a shared SQL text or dashboard view survives sign-in', () => {
    expect(pageToReturnTo('/sql?q=select%201%20from%20curated.course_results')).toBe('/sql?q=select%201%20from%20curated.course_results');
    expect(pageToReturnTo('/dashboards/attendance?term=2025-fall&department=MATH')).toBe(
      '/dashboards/attendance?term=2025-fall&department=MATH',
    );
    expect(pageToReturnTo('/grades')).toBe('/grades');
    expect(pageToReturnTo('/')).toBe('/');
  });

  it('refuses anything a browser could read as another site, or that is not a path at all', () => {
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'evil', '/?x=1 y', '/a b', '', 42, undefined]) {
      expect(pageToReturnTo(next)).toBeUndefined();
    }
    expect(pageToReturnTo(`/sql?q=${'x'.repeat(2001)}`)).toBeUndefined();
  });
});
