import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type {
  DqdlCondition,
  DqdlDocument,
  DqdlLabel,
  DqdlNode,
  DqdlNumber,
  DqdlParameter,
  DqdlRuleEntry,
  DqdlRuleNode,
} from './dqdl-syntax';
import { parseDqdl } from './parse-dqdl';
import { parseDqdlDocument } from './parse-dqdl-document';
import { printDqdlDocument } from './print-dqdl';
import { DqdlSyntaxError } from './quality-errors';
import { toDqdl } from './to-dqdl';

interface CorpusEntry {
  readonly text: string;
  readonly source: string;
}

const corpus = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'dqdl-corpus.json'), 'utf8')) as {
  valid: CorpusEntry[];
  invalid: CorpusEntry[];
};

/** The tree without source positions, which printing moves. */
const withoutPositions = (document: DqdlDocument): unknown =>
  JSON.parse(JSON.stringify(document, (key, value) => (key === 'at' ? undefined : value)));

describe('parseDqdlDocument against the corpus of the official parser', () => {
  it('holds the rulesets of awslabs/dqdl tests and the Glue reference', () => {
    expect(corpus.valid.length).toBeGreaterThan(300);
    expect(corpus.invalid.length).toBeGreaterThan(150);
  });

  it.each(corpus.valid.map((entry) => [entry.text, entry.source]))('accepts %j (%s) and prints it back to the same tree', (text) => {
    const document = parseDqdlDocument(text);
    expect(withoutPositions(parseDqdlDocument(printDqdlDocument(document)))).toEqual(withoutPositions(document));
  });

  it.each(corpus.invalid.map((entry) => [entry.text, entry.source]))('refuses %j (%s) with a line and column', (text) => {
    let error: unknown;
    try {
      parseDqdlDocument(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DqdlSyntaxError);
    const { line, column, message } = error as DqdlSyntaxError;
    expect(line).toBeGreaterThanOrEqual(1);
    expect(column).toBeGreaterThanOrEqual(1);
    expect(message).toMatch(/^line \d+, column \d+: \S/);
  });
});

describe('parseDqdlDocument', () => {
  it('reads a whole document: sections, variables, default labels, labels, tags, dynamic expressions', () => {
    const parsed = parseDqdlDocument(
      [
        'Metadata = { "Version": "1.0" }',
        'DataSources = { "Primary": "attendance", "AdditionalDataSources": ["students"] }',
        'statuses = ["present", "absent"]',
        'DefaultLabels = ["team"="registry"]',
        'Rules = [',
        '  RowCount between min(last(5)) - 1 and (max(last(5)) + 1) * 2 labels=["tier"="gold"],',
        '  ColumnValues "status" not in $statuses with threshold > 0.9 with note = "x"',
        ']',
        'Analyzers = [ AllStatistics "hours" ]',
        '',
      ].join('\n'),
    );
    expect(parsed.analyzers?.[0].at).toEqual({ line: 9, column: 15 });
    const document = withoutPositions(parsed) as DqdlDocument;
    expect(document.metadata).toEqual([{ key: 'Version', value: '1.0' }]);
    expect(document.dataSources).toEqual([
      { key: 'Primary', value: 'attendance' },
      { key: 'AdditionalDataSources', value: ['students'] },
    ]);
    expect(document.variables).toEqual([
      {
        name: 'statuses',
        value: [
          { kind: 'string', raw: 'present' },
          { kind: 'string', raw: 'absent' },
        ],
      },
    ]);
    const [rows, values] = (document.rules ?? []).map((entry) => entry.node as DqdlRuleNode);
    expect(rows.condition).toEqual({
      type: 'number',
      op: 'between',
      operands: [
        {
          kind: 'binary',
          op: '-',
          left: { kind: 'call', name: 'min', args: [{ kind: 'call', name: 'last', args: [{ kind: 'atom', text: '5' }] }] },
          right: { kind: 'atom', text: '1' },
        },
        {
          kind: 'binary',
          op: '*',
          left: {
            kind: 'paren',
            inner: {
              kind: 'binary',
              op: '+',
              left: { kind: 'call', name: 'max', args: [{ kind: 'call', name: 'last', args: [{ kind: 'atom', text: '5' }] }] },
              right: { kind: 'atom', text: '1' },
            },
          },
          right: { kind: 'atom', text: '2' },
        },
      ],
    });
    expect(rows.labels).toEqual([{ key: 'tier', value: 'gold' }]);
    expect(values.condition).toEqual({
      type: 'string',
      op: 'not in',
      operands: [{ kind: 'variable', name: 'statuses' }],
      listVariable: true,
    });
    expect(values.tags.map((t) => t.name)).toEqual(['threshold', 'note']);
    expect(document.analyzers).toEqual([{ analyzerType: 'AllStatistics', parameters: [{ value: 'hours', form: 'quoted' }] }]);
  });

  it('builds arithmetic left to right at one precedence, as the official grammar does', () => {
    const [entry] = parseDqdlDocument('Rules = [ RowCount > 1 + 2 * 3 ]').rules ?? [];
    expect((entry.node as DqdlRuleNode).condition?.operands[0]).toEqual({
      kind: 'binary',
      op: '*',
      left: { kind: 'binary', op: '+', left: { kind: 'atom', text: '1' }, right: { kind: 'atom', text: '2' } },
      right: { kind: 'atom', text: '3' },
    });
  });

  it('reads "and" before a parameter as a connector, as the official grammar does', () => {
    const [entry] = parseDqdlDocument('Rules = [ ColumnCorrelation of "a" and "b" > 0.5 ]').rules ?? [];
    expect((entry.node as DqdlRuleNode).parameters).toEqual([
      { value: 'a', form: 'quoted', connector: 'of' },
      { value: 'b', form: 'quoted', connector: 'and' },
    ]);
  });
});

describe('DQDL documents round trip (property)', () => {
  const safe = fc.stringMatching(/^[A-Za-z0-9 _.,*+-]{1,10}$/).filter((s) => !/^[0-9 :-]+$/.test(s));
  const raw = fc.oneof(
    safe,
    safe.map((s) => `${s}\\"q\\"`),
  );
  const identifier = fc.stringMatching(/^c_[a-z0-9_]{0,6}$/);
  const param: fc.Arbitrary<DqdlParameter> = fc.oneof(
    raw.map((value) => ({ value, form: 'quoted' as const })),
    identifier.map((value) => ({ value, form: 'identifier' as const })),
  );
  const atom = fc.oneof(
    fc.integer({ min: -500, max: 5000 }).map(String),
    fc.double({ min: -10, max: 10, noNaN: true }).map((d) => d.toFixed(3)),
  );
  const number: fc.Arbitrary<DqdlNumber> = fc.letrec<{ n: DqdlNumber; p: DqdlNumber }>((tie) => ({
    p: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom.map((text) => ({ kind: 'atom' as const, text })),
      fc.integer({ min: 1, max: 20 }).chain((k) =>
        fc.constantFrom('avg', 'min', 'max', 'std', 'sum').map(
          (name): DqdlNumber => ({
            kind: 'call',
            name,
            args: [{ kind: 'call', name: 'last', args: [{ kind: 'atom', text: String(k) }] }],
          }),
        ),
      ),
      tie('n').map((inner): DqdlNumber => ({ kind: 'paren', inner })),
    ),
    // Left-deep, as the grammar builds `a op b op c`; a right operand that is itself an operation has parentheses.
    n: fc
      .tuple(
        tie('p'),
        fc.array(fc.tuple(fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const), tie('p')), { maxLength: 2 }),
      )
      .map(([first, rest]) => rest.reduce<DqdlNumber>((left, [op, right]) => ({ kind: 'binary', op, left, right }), first)),
  })).n;
  const numberCondition: fc.Arbitrary<DqdlCondition> = fc.oneof(
    fc
      .tuple(fc.constantFrom('>' as const, '>=' as const, '<' as const, '<=' as const, '=' as const, '!=' as const), number)
      .map(([op, n]) => ({
        type: 'number' as const,
        op,
        operands: [n],
      })),
    fc
      .tuple(fc.constantFrom('between' as const, 'not between' as const), number, number)
      .map(([op, a, b]) => ({ type: 'number' as const, op, operands: [a, b] })),
    fc.tuple(fc.constantFrom('in' as const, 'not in' as const), fc.array(number, { minLength: 1, maxLength: 3 })).map(([op, operands]) => ({
      type: 'number' as const,
      op,
      operands,
    })),
  );
  const stringValue = fc.oneof(
    raw.map((r) => ({ kind: 'string' as const, raw: r })),
    fc
      .constantFrom('NULL' as const, 'EMPTY' as const, 'WHITESPACES_ONLY' as const)
      .map((keyword) => ({ kind: 'keyword' as const, keyword })),
  );
  const stringCondition: fc.Arbitrary<DqdlCondition> = fc.oneof(
    fc
      .tuple(fc.constantFrom('=' as const, '!=' as const), raw)
      .map(([op, r]) => ({ type: 'string' as const, op, operands: [{ kind: 'string' as const, raw: r }] })),
    fc
      .tuple(fc.constantFrom('in' as const, 'not in' as const), fc.array(stringValue, { minLength: 1, maxLength: 3 }))
      // A list of NULLs alone reads as a number list (the grammar's first alternative).
      .filter(([, operands]) => operands.some((o) => o.kind !== 'keyword' || o.keyword !== 'NULL'))
      .map(([op, operands]) => ({ type: 'string' as const, op, operands })),
    fc.tuple(fc.constantFrom('matches' as const, 'not matches' as const), raw).map(([op, r]) => ({
      type: 'string' as const,
      op,
      operands: [{ kind: 'string' as const, raw: r }],
    })),
  );
  const duration = fc.record({
    amount: fc.integer({ min: 0, max: 500 }),
    unit: fc.constantFrom('days' as const, 'hours' as const, 'minutes' as const),
  });
  const size = fc.record({
    amount: fc.integer({ min: 0, max: 500 }),
    unit: fc.constantFrom('B' as const, 'KB' as const, 'MB' as const, 'GB' as const, 'TB' as const),
  });
  const ranged = <T>(type: 'duration' | 'size' | 'date', operand: fc.Arbitrary<T>): fc.Arbitrary<DqdlCondition> =>
    fc.oneof(
      fc
        .tuple(fc.constantFrom('>' as const, '<=' as const, '=' as const, '!=' as const), operand)
        .map(([op, o]) => ({ type, op, operands: [o] }) as DqdlCondition),
      fc.tuple(operand, operand).map(([a, b]) => ({ type, op: 'between', operands: [a, b] }) as DqdlCondition),
      fc.array(operand, { minLength: 1, maxLength: 2 }).map((operands) => ({ type, op: 'not in', operands }) as DqdlCondition),
    );
  const date = fc.oneof(
    fc.constant({ kind: 'now' as const }),
    fc.constant({ kind: 'date' as const, text: '2024-06-30' }),
    fc.constant({ kind: 'time' as const, text: '9:30 PM' }),
    fc.tuple(fc.constantFrom('+' as const, '-' as const), duration).map(([op, d]) => ({ kind: 'nowOffset' as const, op, duration: d })),
  );
  const labels: fc.Arbitrary<DqdlLabel[]> = fc.uniqueArray(fc.record({ key: safe, value: safe }), {
    minLength: 1,
    maxLength: 3,
    selector: (l) => l.key,
  });
  const at = { line: 1, column: 1 };
  const ruleNode = (
    ruleType: string,
    parameters: fc.Arbitrary<DqdlParameter[]>,
    condition: fc.Arbitrary<DqdlCondition | undefined>,
    options: { where?: boolean; threshold?: boolean } = {},
  ): fc.Arbitrary<DqdlRuleNode> =>
    fc
      .record({
        parameters,
        condition,
        where: options.where ? fc.option(safe, { nil: undefined }) : fc.constant(undefined),
        labels: fc.option(labels, { nil: undefined }),
        threshold: options.threshold ? fc.option(numberCondition, { nil: undefined }) : fc.constant(undefined),
        note: fc.option(raw, { nil: undefined }),
      })
      .map(({ parameters: ps, condition: c, where, labels: ls, threshold, note }) => ({
        kind: 'rule' as const,
        ruleType,
        parameters: ps,
        ...(c ? { condition: c } : {}),
        ...(where !== undefined ? { where } : {}),
        ...(ls ? { labels: ls } : {}),
        tags: [
          ...(threshold ? [{ name: 'threshold', condition: threshold }] : []),
          ...(note !== undefined
            ? [
                {
                  name: 'note',
                  condition: { type: 'string' as const, op: '=' as const, operands: [{ kind: 'string' as const, raw: note }] },
                },
              ]
            : []),
        ],
        at,
      }));
  const params = (min: number, max = min) => fc.array(param, { minLength: min, maxLength: max });
  const leaf: fc.Arbitrary<DqdlRuleNode> = fc.oneof(
    ruleNode('RowCount', params(0), numberCondition, { where: true }),
    ruleNode('Completeness', params(1), numberCondition, { where: true }),
    ruleNode('Mean', params(1), numberCondition, { where: true }),
    ruleNode('Variance', params(1), numberCondition, { where: true }),
    ruleNode('Uniqueness', params(1, 3), numberCondition, { where: true }),
    ruleNode('IsUnique', params(1, 3), fc.constant(undefined), { where: true }),
    ruleNode('IsPrimaryKey', params(1, 3), fc.constant(undefined), { where: true }),
    ruleNode('ColumnValues', params(1), fc.oneof(numberCondition, stringCondition, ranged('date', date)), { where: true, threshold: true }),
    ruleNode('ColumnDataType', params(1), stringCondition, { threshold: true }),
    ruleNode('DataFreshness', params(1), ranged('duration', duration), { where: true }),
    ruleNode('FileSize', params(0, 1), ranged('size', size), { threshold: true }),
    ruleNode('FileFreshness', params(0, 1), ranged('date', date), { threshold: true }),
    ruleNode('DatasetMatch', params(2, 3), numberCondition),
    ruleNode('CustomSql', params(1), fc.option(numberCondition, { nil: undefined }), { threshold: true }),
  );
  const paren = (inner: fc.Arbitrary<DqdlNode>): fc.Arbitrary<DqdlNode> =>
    fc
      .tuple(inner, fc.option(labels, { nil: undefined }))
      .map(([n, ls]) => ({ kind: 'paren' as const, inner: n, ...(ls ? { labels: ls } : {}) }));
  const node: fc.Arbitrary<DqdlNode> = fc.oneof(
    leaf,
    fc
      .tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(paren(leaf), { minLength: 2, maxLength: 3 }))
      .map(([operator, operands]) =>
        operands.slice(1).reduce<DqdlNode>((left, right) => ({ kind: 'composite', operator, left, right }), operands[0]),
      ),
  );
  const entry: fc.Arbitrary<DqdlRuleEntry> = fc
    .tuple(node, fc.option(fc.tuple(identifier, fc.constantFrom('error' as const, 'warn' as const)), { nil: undefined }))
    .map(([n, annotation]) => ({
      node: n,
      at,
      ...(annotation ? { annotation: { id: annotation[0], severity: annotation[1], options: {} } } : {}),
    }));
  const document: fc.Arbitrary<DqdlDocument> = fc
    .record({
      metadata: fc.option(fc.constant([{ key: 'Version', value: '1.0' }]), { nil: undefined }),
      rules: fc.uniqueArray(entry, { minLength: 1, maxLength: 5, selector: (e) => e.annotation?.id ?? Math.random() }),
    })
    .map(({ metadata, rules }) => ({ ...(metadata ? { metadata } : {}), variables: [], rules }));

  it('print, then parse, gives the same tree', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const text = printDqdlDocument(doc);
        expect(withoutPositions(parseDqdlDocument(text))).toEqual(withoutPositions(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('parse, then toDqdl, gives a ruleset that parses to the same rules', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const rules = parseDqdl(printDqdlDocument(doc));
        expect(parseDqdl(toDqdl(rules))).toEqual(rules);
      }),
      { numRuns: 300 },
    );
  });
});
