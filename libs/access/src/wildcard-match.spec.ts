import { hasWildcard, wildcardMatch } from './wildcard-match';

describe('wildcardMatch', () => {
  it.each([
    ['acad:dataset/trusted/*', 'acad:dataset/trusted/attendance', true],
    ['acad:dataset/*', 'acad:dataset/trusted/attendance', true],
    ['acad:dataset/*/attendance', 'acad:dataset/curated/attendance', true],
    ['acad:dataset/trusted/att?ndance', 'acad:dataset/trusted/attendance', true],
    ['acad:dataset/trusted/att?ndance', 'acad:dataset/trusted/atttendance', false],
    ['acad:dataset/trusted/attendance', 'acad:dataset/trusted/attendance_weekly', false],
    ['acad:dataset/trusted/Attendance', 'acad:dataset/trusted/attendance', false],
    ['acad:dataset/(trusted)/a.b', 'acad:dataset/(trusted)/a.b', true],
    ['acad:dataset/trusted/a.b', 'acad:dataset/trusted/aXb', false],
    ['*', '', true],
  ])('resource %s vs %s → %s (case-sensitive)', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value, { ignoreCase: false })).toBe(expected);
  });

  it('compares actions case-insensitively when asked', () => {
    expect(wildcardMatch('ACAD:read*', 'acad:ReadRows', { ignoreCase: true })).toBe(true);
    expect(wildcardMatch('ACAD:read*', 'acad:ReadRows', { ignoreCase: false })).toBe(false);
  });

  it('spots wildcards', () => {
    expect(hasWildcard('acad:dataset/*')).toBe(true);
    expect(hasWildcard('acad:dashboard/a?')).toBe(true);
    expect(hasWildcard('acad:catalog')).toBe(false);
  });
});
