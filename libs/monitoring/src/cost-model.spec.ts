import { BYTES_PER_GB, emptyUsage, estimateMonthlyCost } from './cost-model';
import { DEFAULT_PRICES, PriceTableSchema } from './cost-prices';
import { estimateUniversityMonthlyCost } from './university-cost';

describe('estimateMonthlyCost', () => {
  it('prices each kind of usage with the table and totals by service', () => {
    const estimate = estimateMonthlyCost(
      {
        ...emptyUsage(),
        storageBytesByZone: { raw: 10 * BYTES_PER_GB, trusted: 5 * BYTES_PER_GB },
        s3PutRequests: 20_000,
        s3GetRequests: 100_000,
        kmsKeys: 2,
        kmsRequests: 50_000,
        athenaQueries: 100,
        athenaBytesScanned: 2 * 1024 ** 4,
        glueJobSeconds: [30, 600],
        glueDpusPerJob: 2,
        databrewJobSeconds: [90],
        databrewNodesPerJob: 1,
      },
      DEFAULT_PRICES,
    );
    expect(estimate.byService.S3).toBeCloseTo(15 * 0.023 + 20 * 0.005 + 100 * 0.0004);
    expect(estimate.byService.KMS).toBeCloseTo(2 + 5 * 0.03);
    expect(estimate.byService.Athena).toBeCloseTo(10);
    // 30 s is billed as the 60 s minimum.
    expect(estimate.byService.Glue).toBeCloseTo(((60 + 600) * 2 * 0.44) / 3600);
    expect(estimate.byService.DataBrew).toBeCloseTo((90 * 0.48) / 3600);
    expect(estimate.totalUsd).toBeCloseTo(Object.values(estimate.byService).reduce((a, b) => a + b, 0));
    expect(estimate.pricesAsOf).toBe(DEFAULT_PRICES.pricesAsOf);
    const raw = estimate.lines.find((l) => l.item === 'storage (raw)');
    expect(raw).toMatchObject({ service: 'S3', quantity: 10, unit: 'GB-month', unitPriceUsd: 0.023 });
    expect(raw?.usd).toBeCloseTo(0.23, 10);
  });

  it('bills Athena queries at least their minimum scan', () => {
    const estimate = estimateMonthlyCost({ ...emptyUsage(), athenaQueries: 1000, athenaBytesScanned: 1 }, DEFAULT_PRICES);
    expect(estimate.byService.Athena).toBeCloseTo(((1000 * 10 * 1024 ** 2) / 1024 ** 4) * 5);
  });

  it('has a default price table that validates and carries its date', () => {
    expect(PriceTableSchema.parse(DEFAULT_PRICES)).toEqual(DEFAULT_PRICES);
    expect(DEFAULT_PRICES.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('estimateUniversityMonthlyCost', () => {
  it('derives rows, bytes and a monthly cost for 40,000 students', () => {
    const estimate = estimateUniversityMonthlyCost({ students: 40_000 });
    expect(estimate.rowsPerYear.attendance).toBe(40_000 * 5 * 2 * 15 * 2);
    expect(estimate.rowsPerYear.total).toBe(12_030_000);
    expect(estimate.csvBytesPerYear).toBe(12_000_000 * 80 + 30_000 * 260);
    expect(estimate.batchesPerMonth).toBe(120);
    expect(estimate.cost.totalUsd).toBeGreaterThan(1);
    expect(estimate.cost.totalUsd).toBeLessThan(50);
    expect(Object.keys(estimate.cost.byService)).toEqual(['S3', 'KMS', 'Athena', 'Glue', 'DataBrew']);
  });

  it('grows with the university', () => {
    const small = estimateUniversityMonthlyCost({ students: 10_000 });
    const large = estimateUniversityMonthlyCost({ students: 80_000, applicationsPerYear: 60_000 });
    expect(large.storedBytesByZone['raw']).toBeGreaterThan(7 * small.storedBytesByZone['raw']);
    expect(large.cost.byService.S3).toBeGreaterThan(small.cost.byService.S3);
  });
});
