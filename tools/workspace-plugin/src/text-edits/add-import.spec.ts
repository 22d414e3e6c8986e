import { addImport, addLine } from './add-import';

describe('addImport', () => {
  it('adds after the last import, including a multi-line one', () => {
    const source = "import { a } from './a';\nimport {\n  b,\n} from './b';\n\nexport const x = [a, b];\n";
    expect(addImport(source, "import { c } from './c';")).toBe(
      "import { a } from './a';\nimport {\n  b,\n} from './b';\nimport { c } from './c';\n\nexport const x = [a, b];\n",
    );
  });

  it('adds at the top of a file without imports, and only once', () => {
    const once = addImport('export const x = 1;\n', "import { c } from './c';");
    expect(once).toBe("import { c } from './c';\nexport const x = 1;\n");
    expect(addImport(once, "import { c } from './c';")).toBe(once);
  });
});

describe('addLine', () => {
  it('adds before the first line containing a marker, or at the end', () => {
    expect(addLine("export * from './a';\nexport * from './registry';\n", "export * from './b';", './registry')).toBe(
      "export * from './a';\nexport * from './b';\nexport * from './registry';\n",
    );
    expect(addLine("export * from './a';\n", "export * from './b';", './nowhere')).toBe("export * from './a';\nexport * from './b';\n");
    expect(addLine("export * from './a';\n", "export * from './a';")).toBe("export * from './a';\n");
  });
});
