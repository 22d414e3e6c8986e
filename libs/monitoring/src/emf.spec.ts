import { DEFAULT_NAMESPACE, toEmfDocuments } from './emf';
import { fromEmfDocument } from './emf-reader';
import { validateEmfDocument } from './emf-validation';
import { InvalidMetric } from './monitoring-errors';
import { metric, T0 } from './metric-fixtures.test-support';

describe('toEmfDocuments', () => {
  it('writes one document per dimension set with values at the root', () => {
    const docs = toEmfDocuments([
      metric('RowsRead', 100, { Dataset: 'attendance' }),
      { ...metric('BatchDurationMs', 1234.5, { Dataset: 'attendance' }), unit: 'Milliseconds' },
      metric('RowsRead', 7, { Dataset: 'grades' }),
    ]);
    expect(docs).toEqual([
      {
        _aws: {
          Timestamp: T0.getTime(),
          CloudWatchMetrics: [
            {
              Namespace: DEFAULT_NAMESPACE,
              Dimensions: [['Dataset']],
              Metrics: [
                { Name: 'RowsRead', Unit: 'Count' },
                { Name: 'BatchDurationMs', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        Dataset: 'attendance',
        RowsRead: 100,
        BatchDurationMs: 1234.5,
      },
      {
        _aws: {
          Timestamp: T0.getTime(),
          CloudWatchMetrics: [{ Namespace: DEFAULT_NAMESPACE, Dimensions: [['Dataset']], Metrics: [{ Name: 'RowsRead', Unit: 'Count' }] }],
        },
        Dataset: 'grades',
        RowsRead: 7,
      },
    ]);
    for (const doc of docs) expect(validateEmfDocument(doc)).toEqual([]);
  });

  it('uses the given namespace and an empty dimension set for metrics without dimensions', () => {
    const [doc] = toEmfDocuments([metric('Heartbeat', 1)], { namespace: 'Test' });
    expect(doc._aws.CloudWatchMetrics).toEqual([{ Namespace: 'Test', Dimensions: [[]], Metrics: [{ Name: 'Heartbeat', Unit: 'Count' }] }]);
    expect(validateEmfDocument(doc)).toEqual([]);
  });

  it('splits beyond 100 metrics and keeps names unique by collecting repeats into value arrays', () => {
    const many = Array.from({ length: 250 }, (_, i) => metric(`M${i}`, i, { Zone: 'raw' }));
    const docs = toEmfDocuments(many);
    expect(docs.map((d) => d._aws.CloudWatchMetrics[0].Metrics.length)).toEqual([100, 100, 50]);
    const repeated = Array.from({ length: 150 }, (_, i) => metric('RowsRead', i, { Zone: 'raw' }));
    const repeatedDocs = toEmfDocuments(repeated);
    expect(repeatedDocs).toHaveLength(2);
    expect((repeatedDocs[0]['RowsRead'] as number[]).length).toBe(100);
    expect((repeatedDocs[1]['RowsRead'] as number[]).length).toBe(50);
    for (const doc of [...docs, ...repeatedDocs]) expect(validateEmfDocument(doc)).toEqual([]);
  });

  it('separates different timestamps and the same name with a different unit', () => {
    const later = new Date(T0.getTime() + 1000);
    const docs = toEmfDocuments([metric('A', 1), metric('A', 2, {}, later), { ...metric('A', 3), unit: 'Percent' }]);
    expect(docs.map((d) => [d._aws.Timestamp, d['A']])).toEqual([
      [T0.getTime(), 1],
      [T0.getTime(), 3],
      [later.getTime(), 2],
    ]);
  });

  it('refuses metrics CloudWatch would refuse', () => {
    const dims = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`D${i}`, 'x']));
    expect(() => toEmfDocuments([metric('TooWide', 1, dims)])).toThrow(InvalidMetric);
    expect(() => toEmfDocuments([metric('Bad', Number.NaN)])).toThrow(/finite number/);
    expect(() => toEmfDocuments([metric('Dataset', 1, { Dataset: 'x' })])).toThrow(/also one of its dimension names/);
  });

  it('round-trips through fromEmfDocument', () => {
    const input = [
      metric('RowsRead', 5, { Dataset: 'a' }),
      metric('RowsRead', 6, { Dataset: 'a' }),
      metric('Other', 1, { Dataset: 'a', Zone: 'raw' }),
    ];
    const back = toEmfDocuments(input).flatMap((doc) => fromEmfDocument(JSON.parse(JSON.stringify(doc))).metrics);
    expect(back).toEqual(input);
  });
});

describe('validateEmfDocument', () => {
  const valid = () => ({
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['Dataset']], Metrics: [{ Name: 'M', Unit: 'Count' }] }] },
    Dataset: 'd',
    M: [1, 2],
  });

  it('accepts a valid document', () => {
    expect(validateEmfDocument(valid())).toEqual([]);
  });

  it('names each broken rule', () => {
    expect(validateEmfDocument([])).toEqual(['the document must be a JSON object']);
    expect(validateEmfDocument({ M: 1 })).toEqual(['_aws must be an object']);
    expect(validateEmfDocument({ ...valid(), _aws: { ...valid()._aws, Timestamp: 'now' } })).toEqual([
      '_aws.Timestamp must be a whole number of milliseconds since the epoch',
    ]);
    expect(validateEmfDocument({ ...valid(), Dataset: 3 })).toEqual([
      'dimension Dataset (_aws.CloudWatchMetrics[0].Dimensions[0]) must have a string value at the document root',
    ]);
    expect(validateEmfDocument({ ...valid(), M: 'x' })).toEqual(['metric M must be a finite number or an array of them']);
    expect(validateEmfDocument({ ...valid(), M: Array(101).fill(1) })).toEqual(['metric M must have 1 to 100 values, got 101']);
    const withUnit = valid();
    withUnit._aws.CloudWatchMetrics[0].Metrics[0].Unit = 'Rows';
    expect(validateEmfDocument(withUnit)).toEqual(['metric M has unit "Rows", which CloudWatch does not accept']);
  });

  it('enforces 100 metrics, 30 dimensions and unique names per document', () => {
    const doc: Record<string, unknown> = valid();
    const directive = (doc as ReturnType<typeof valid>)._aws.CloudWatchMetrics[0];
    directive.Metrics = Array.from({ length: 101 }, (_, i) => ({ Name: `M${i}`, Unit: 'Count' }));
    directive.Metrics.forEach((m) => (doc[m.Name] = 1));
    directive.Dimensions = [Array.from({ length: 31 }, (_, i) => `D${i}`)];
    directive.Dimensions[0].forEach((d) => (doc[d] = 'v'));
    (doc as ReturnType<typeof valid>)._aws.CloudWatchMetrics.push({
      Namespace: 'N',
      Dimensions: [],
      Metrics: [{ Name: 'M0', Unit: 'Count' }],
    });
    expect(validateEmfDocument(doc)).toEqual([
      '_aws.CloudWatchMetrics[0].Dimensions[0] has 31 dimensions; at most 30 are allowed',
      '_aws.CloudWatchMetrics[0].Metrics has 101 metrics; at most 100 are allowed',
      'metric M0 is declared more than once in the document',
    ]);
  });

  it('makes fromEmfDocument return the problems and no metrics', () => {
    expect(fromEmfDocument({ _aws: {} })).toEqual({
      metrics: [],
      problems: [
        '_aws.Timestamp must be a whole number of milliseconds since the epoch',
        '_aws.CloudWatchMetrics must be a non-empty array',
      ],
    });
  });
});
