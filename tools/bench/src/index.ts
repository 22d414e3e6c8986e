export { writeSuiteArtifact } from './artifacts';
export { BenchPartFailed, BenchUsageError } from './bench-errors';
export { runBenchCli, type BenchIo } from './cli';
export { runMeasured, spawnJsonChild, type ChildProgress, type Measurement } from './measure';
export {
  evaluateRow,
  failedRows,
  formatNumber,
  formatReport,
  formatTable,
  formatTarget,
  meetsTarget,
  ratio,
  type BenchRow,
  type EvaluatedRow,
  type SuiteEnvironment,
  type SuiteResult,
  type Target,
} from './report';
export { runCryptoSuite } from './suites/crypto';
export { runIngestSuite } from './suites/ingest';
export type { SuiteOptions } from './suites/suite-options';
export { runQualitySuite } from './suites/quality';
export { runServeSuite } from './suites/serve';
