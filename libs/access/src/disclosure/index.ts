export { auditCube, cubeFacts, type CellInterval } from './audit-cube';
export { protectCube, type ProtectionOptions, type ProtectionResult } from './complementary-suppression';
export { feasibleInterval, type FeasibleInterval, type LinearFact } from './feasible-intervals';
export { Hierarchy, TOTAL } from './hierarchy';
export { columnsMaskedForSomeRole, finestSafeGrain, seesColumn, type MaskedGroup } from './masked-breakdown';
export { CELL_HIDDEN, CELL_PUBLISHED, CELL_SUPPRESSED, ReleaseCube, type RatioFact, type Selection } from './release-cube';
export {
  DEFAULT_RELEASE_POLICY,
  RELEASE_FAMILIES,
  familyOf,
  releaseModeFor,
  releasePolicy,
  type ReleaseFamilyName,
  type ReleaseMode,
  type ReleasePolicy,
} from './release-policy';
