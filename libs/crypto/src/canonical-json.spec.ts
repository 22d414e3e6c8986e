import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level so equal values give equal text', () => {
    expect(canonicalJson({ b: 1, a: { d: 'x', c: [2, { f: true, e: null }] } })).toBe('{"a":{"c":[2,{"e":null,"f":true}],"d":"x"},"b":1}');
    expect(canonicalJson({ zone: 'raw', dataset: 'attendance' })).toBe(canonicalJson({ dataset: 'attendance', zone: 'raw' }));
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
