import { appendToLiteral, LiteralNotFound } from './append-to-literal';

describe('appendToLiteral', () => {
  it('keeps a one-line array on one line', () => {
    const source = 'export const ALL: readonly Thing[] = [A, B];\n';
    expect(appendToLiteral(source, 'ALL', 'C')).toBe('export const ALL: readonly Thing[] = [A, B, C];\n');
  });

  it('fills an empty array', () => {
    expect(appendToLiteral('export const HOOKS: readonly Hook[] = [];\n', 'HOOKS', 'h')).toBe(
      'export const HOOKS: readonly Hook[] = [h];\n',
    );
  });

  it('adds one element per line with the same indentation, after brackets and strings that look like the end', () => {
    const source =
      "const RULES: Record<string, Rule[]> = {\n  a: [f('a]'), { x: '}' }],\n  // b: [] }\n  b: [f('b')]\n};\nconst after = 1;\n";
    expect(appendToLiteral(source, 'RULES', "c: [f('c')]")).toBe(
      "const RULES: Record<string, Rule[]> = {\n  a: [f('a]'), { x: '}' }],\n  // b: [] }\n  b: [f('b')],\n  c: [f('c')],\n};\nconst after = 1;\n",
    );
  });

  it('is a no-op when the entry is there, and names the literal it cannot find', () => {
    expect(appendToLiteral('const X = [A];', 'X', 'A')).toBe('const X = [A];');
    expect(() => appendToLiteral('const Y = 1;', 'X', 'A')).toThrow(LiteralNotFound);
    expect(() => appendToLiteral('const X = make();', 'X', 'A')).toThrow(/X; add the entry by hand/);
  });
});
