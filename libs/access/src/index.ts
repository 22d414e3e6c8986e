export {
  apiTokenFile,
  createToken,
  InvalidTokenRequest,
  listTokens,
  revokeToken,
  UnknownApiToken,
  verifyToken,
  type ApiTokenInfo,
  type ApiTokenRecord,
  type CreatedApiToken,
  type VerifiedApiToken,
} from './api-tokens';
export { AccessDenied, InvalidPolicyDocument, InvalidSuppressionThreshold, PolicyNotCompilable } from './access-errors';
export { type AwsPermission, type IamConditionBlock, type ResourceScope } from './aws-permissions';
export { visibleColumns, type ColumnTreatment, type ColumnVisibility, type VisibleColumnsOptions } from './column-masking';
export { compileIamPolicy, expandResource, type IamPolicyDocument, type IamStatement } from './compile-iam-policy';
export { conditionsHold, type ContextValue, type RequestContext } from './evaluate-condition';
export { authorize, evaluate, isAllowed, type AccessDecision, type AccessRequest } from './evaluate-policy';
export { IamTargetSchema, glueTableName, type IamTarget, type ResolvedIamTarget } from './iam-target';
export {
  AGGREGATE_PRODUCTS,
  CATALOG_RESOURCE,
  CONTEXT_KEYS,
  CURATED_PRODUCTS,
  DASHBOARD_RESOURCE_PREFIX,
  DATASET_RESOURCE_PREFIX,
  KEYS_RESOURCE,
  MONITORING_RESOURCE,
  TOKENS_RESOURCE,
  ZONES,
  dashboardResource,
  datasetResource,
  type CuratedProduct,
  type Zone,
} from './platform-resources';
export {
  CONDITION_OPERATORS,
  ConditionSchema,
  PLATFORM_ACTIONS,
  POLICY_VERSION,
  PolicyDocumentSchema,
  PolicyStatementSchema,
  SET_QUALIFIERS,
  expandActions,
  parsePolicyDocument,
  type ConditionBlock,
  type ConditionOperator,
  type ConditionValue,
  type PlatformAction,
  type PolicyDocument,
  type PolicyStatement,
} from './policy-document';
export { ROLES, ROLE_DESCRIPTIONS, ROLE_NAMES, RoleSchema, policiesFor, type Role } from './roles';
export { rowAccess, type RowAccess } from './row-access';
export {
  DEFAULT_SUPPRESSION_THRESHOLD,
  suppressSmallCells,
  suppressedRowSqlPredicate,
  suppressedSelectList,
  suppressionSqlExpression,
  type SmallCellOptions,
  type SuppressedRow,
} from './small-cell-suppression';
export {
  CELL_HIDDEN,
  CELL_PUBLISHED,
  CELL_SUPPRESSED,
  DEFAULT_RELEASE_POLICY,
  Hierarchy,
  RELEASE_FAMILIES,
  ReleaseCube,
  TOTAL,
  auditCube,
  columnsMaskedForSomeRole,
  cubeFacts,
  familyOf,
  feasibleInterval,
  finestSafeGrain,
  protectCube,
  releaseModeFor,
  releasePolicy,
  seesColumn,
  type CellInterval,
  type FeasibleInterval,
  type LinearFact,
  type MaskedGroup,
  type ProtectionOptions,
  type ProtectionResult,
  type RatioFact,
  type ReleaseFamilyName,
  type ReleaseMode,
  type ReleasePolicy,
  type Selection,
} from './disclosure';
