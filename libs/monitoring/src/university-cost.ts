import { estimateMonthlyCost, type CostEstimate, type MonthlyUsage } from './cost-model';
import { DEFAULT_PRICES, type PriceTable } from './cost-prices';

/** What a university's data looks like; every figure is an assumption a reader may change. */
export interface UniversityProfile {
  students: number;
  coursesPerStudentPerTerm: number;
  sessionsPerCourseWeek: number;
  weeksPerTerm: number;
  termsPerYear: number;
  applicationsPerYear: number;
  /** Delivered CSV bytes per row. */
  csvBytesPerAttendanceRow: number;
  csvBytesPerAdmissionRow: number;
  /** Parquet size as a share of the CSV size (raw and trusted are Parquet). */
  parquetRatio: number;
  /** Curated products as a share of trusted. */
  curatedRatio: number;
  quarantinedShare: number;
  yearsRetained: number;
  /** Ingestion batches per day, all datasets together (each one Glue job and one DataBrew job). */
  batchesPerDay: number;
  glueSecondsPerBatch: number;
  glueDpusPerJob: number;
  databrewSecondsPerBatch: number;
  databrewNodesPerJob: number;
  queriesPerMonth: number;
  /** Attendance months a typical (partition-pruned) query reads. */
  monthsScannedPerQuery: number;
  s3PutsPerBatch: number;
  s3GetsPerBatch: number;
  s3GetsPerQuery: number;
  kmsKeys: number;
  kmsRequestsPerBatch: number;
  kmsRequestsPerQuery: number;
}

export const DEFAULT_UNIVERSITY: UniversityProfile = {
  students: 40_000,
  coursesPerStudentPerTerm: 5,
  sessionsPerCourseWeek: 2,
  weeksPerTerm: 15,
  termsPerYear: 2,
  applicationsPerYear: 30_000,
  csvBytesPerAttendanceRow: 80,
  csvBytesPerAdmissionRow: 260,
  parquetRatio: 0.3,
  curatedRatio: 0.05,
  quarantinedShare: 0.02,
  yearsRetained: 5,
  batchesPerDay: 4,
  glueSecondsPerBatch: 120,
  glueDpusPerJob: 2,
  databrewSecondsPerBatch: 60,
  databrewNodesPerJob: 2,
  queriesPerMonth: 2_000,
  monthsScannedPerQuery: 1,
  s3PutsPerBatch: 15,
  s3GetsPerBatch: 30,
  s3GetsPerQuery: 20,
  kmsKeys: 2,
  kmsRequestsPerBatch: 10,
  kmsRequestsPerQuery: 2,
};

export interface UniversityCostEstimate {
  profile: UniversityProfile;
  rowsPerYear: { attendance: number; admissions: number; total: number };
  csvBytesPerYear: number;
  /** Steady state after `yearsRetained` years (landing is emptied after each commit). */
  storedBytesByZone: Record<string, number>;
  batchesPerMonth: number;
  usage: MonthlyUsage;
  cost: CostEstimate;
}

/** The monthly AWS cost of running the platform for a university of the given size. */
export function estimateUniversityMonthlyCost(
  overrides: Partial<UniversityProfile> = {},
  prices: PriceTable = DEFAULT_PRICES,
): UniversityCostEstimate {
  const p = { ...DEFAULT_UNIVERSITY, ...overrides };
  const attendance = p.students * p.coursesPerStudentPerTerm * p.sessionsPerCourseWeek * p.weeksPerTerm * p.termsPerYear;
  const admissions = p.applicationsPerYear;
  const csvBytesPerYear = attendance * p.csvBytesPerAttendanceRow + admissions * p.csvBytesPerAdmissionRow;
  const parquetPerYear = csvBytesPerYear * p.parquetRatio;
  const storedBytesByZone = {
    raw: parquetPerYear * p.yearsRetained,
    quarantine: parquetPerYear * p.quarantinedShare * p.yearsRetained,
    trusted: parquetPerYear * p.yearsRetained,
    curated: parquetPerYear * p.curatedRatio * p.yearsRetained,
  };
  const batchesPerMonth = Math.round(p.batchesPerDay * 30);
  const attendanceParquetPerMonth = (attendance * p.csvBytesPerAttendanceRow * p.parquetRatio) / 12;
  const usage: MonthlyUsage = {
    storageBytesByZone: storedBytesByZone,
    s3PutRequests: batchesPerMonth * p.s3PutsPerBatch,
    s3GetRequests: batchesPerMonth * p.s3GetsPerBatch + p.queriesPerMonth * p.s3GetsPerQuery,
    kmsKeys: p.kmsKeys,
    kmsRequests: batchesPerMonth * p.kmsRequestsPerBatch + p.queriesPerMonth * p.kmsRequestsPerQuery,
    athenaQueries: p.queriesPerMonth,
    athenaBytesScanned: p.queriesPerMonth * attendanceParquetPerMonth * p.monthsScannedPerQuery,
    glueJobSeconds: Array.from({ length: batchesPerMonth }, () => p.glueSecondsPerBatch),
    glueDpusPerJob: p.glueDpusPerJob,
    databrewJobSeconds: Array.from({ length: batchesPerMonth }, () => p.databrewSecondsPerBatch),
    databrewNodesPerJob: p.databrewNodesPerJob,
  };
  return {
    profile: p,
    rowsPerYear: { attendance, admissions, total: attendance + admissions },
    csvBytesPerYear,
    storedBytesByZone,
    batchesPerMonth,
    usage,
    cost: estimateMonthlyCost(usage, prices),
  };
}
