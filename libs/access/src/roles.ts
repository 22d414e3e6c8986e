import { z } from 'zod';
import {
  AGGREGATE_PRODUCTS,
  CATALOG_RESOURCE,
  CONTEXT_KEYS,
  CURATED_PRODUCTS,
  DASHBOARD_RESOURCE_PREFIX,
  datasetResource,
} from './platform-resources';
import { POLICY_VERSION, PolicyDocumentSchema, type PolicyDocument, type PolicyStatement } from './policy-document';

export const ROLE_NAMES = ['admin', 'registrar', 'analyst', 'viewer', 'public'] as const;
export const RoleSchema = z.enum(ROLE_NAMES);
export type Role = z.infer<typeof RoleSchema>;

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: 'Operates the platform: keys, tokens, ingestion, monitoring and the catalog; sees direct identifiers only masked.',
  registrar: 'Reads trusted and curated data with every PII class, decrypted; no key or token administration.',
  analyst: 'Reads and queries trusted and curated data: tokens and quasi-identifiers, sensitive masked, no direct PII.',
  viewer: 'Reads the catalog, and curated products and dashboards as released (small cells suppressed); no SQL, no PII.',
  public: 'Reads aggregate curated products and dashboards only, as released (small cells suppressed).',
};

const TRUSTED = datasetResource('trusted', '*');
const CURATED = datasetResource('curated', '*');
const DASHBOARDS = `${DASHBOARD_RESOURCE_PREFIX}*`;
const UNPROCESSED = [datasetResource('landing', '*'), datasetResource('raw', '*'), datasetResource('quarantine', '*')];
const READ_AND_QUERY = ['acad:ReadDataset', 'acad:ReadRows', 'acad:Query', 'acad:Download'];

/**
 * Landing, raw and quarantine hold plaintext identifiers (only encrypted at rest), so only admin
 * may touch them, and as an explicit Deny so no later Allow (e.g. a broad custom policy) can open them.
 */
const denyUnprocessedZones: PolicyStatement = { Sid: 'DenyUnprocessedZones', Effect: 'Deny', Action: '*', Resource: UNPROCESSED };
const denyAdministration: PolicyStatement = {
  Sid: 'DenyAdministration',
  Effect: 'Deny',
  Action: ['acad:ManageKeys', 'acad:ManageTokens', 'acad:Ingest'],
  Resource: '*',
};
const readCatalog: PolicyStatement = { Sid: 'ReadCatalog', Effect: 'Allow', Action: 'acad:ReadCatalog', Resource: CATALOG_RESOURCE };
const readDashboards: PolicyStatement = { Sid: 'ReadDashboards', Effect: 'Allow', Action: 'acad:ReadDashboard', Resource: DASHBOARDS };
const denyQuery: PolicyStatement = { Sid: 'DenyQuery', Effect: 'Deny', Action: 'acad:Query', Resource: '*' };
const denyPiiBeyondNone: PolicyStatement = {
  Sid: 'DenyPiiBeyondNone',
  Effect: 'Deny',
  Action: 'acad:ViewPii',
  Resource: '*',
  // StringNotEquals is true when the key is missing too, so a ViewPii asked without a class is denied.
  Condition: { StringNotEquals: { [CONTEXT_KEYS.piiClass]: 'none' } },
};
/**
 * Only the registrar reads direct identifiers (PRODUCT.md §5). An explicit Deny, so no broad Allow
 * (admin's own, or one attached beside a role) re-opens them; StringNotEquals holds when
 * `acad:Masked` is missing or false, so the masked form stays allowed.
 */
const denyDirectIdentifiersUnmasked: PolicyStatement = {
  Sid: 'DenyDirectIdentifiersUnmasked',
  Effect: 'Deny',
  Action: 'acad:ViewPii',
  Resource: '*',
  Condition: { StringEquals: { [CONTEXT_KEYS.piiClass]: 'direct' }, StringNotEquals: { [CONTEXT_KEYS.masked]: 'true' } },
};
const viewNonPii = (resource: string | string[]): PolicyStatement => ({
  Sid: 'ViewNonPiiColumns',
  Effect: 'Allow',
  Action: 'acad:ViewPii',
  Resource: resource,
  Condition: { StringEquals: { [CONTEXT_KEYS.piiClass]: 'none' } },
});

function document(id: string, statements: PolicyStatement[]): PolicyDocument {
  return PolicyDocumentSchema.parse({ Version: POLICY_VERSION, Id: id, Statement: statements });
}

const aggregateProducts = AGGREGATE_PRODUCTS.map((p) => datasetResource('curated', p));
const studentLevelProducts = CURATED_PRODUCTS.filter((p) => !AGGREGATE_PRODUCTS.includes(p)).map((p) => datasetResource('curated', p));

/** The built-in roles as policy documents; everything else in this library reads these, never role names. */
export const ROLES: Readonly<Record<Role, PolicyDocument>> = {
  admin: document('acad-role-admin', [
    { Sid: 'AdministerEverything', Effect: 'Allow', Action: '*', Resource: '*' },
    // Admin may read raw and quarantine rows to investigate a batch, but never export them in bulk.
    { Sid: 'DenyBulkExportOfUnprocessedZones', Effect: 'Deny', Action: 'acad:Download', Resource: UNPROCESSED },
    // Administering is not reading students' names: in every zone, raw and quarantine included.
    denyDirectIdentifiersUnmasked,
  ]),
  registrar: document('acad-role-registrar', [
    readCatalog,
    readDashboards,
    { Sid: 'ReadTrustedAndCurated', Effect: 'Allow', Action: READ_AND_QUERY, Resource: [TRUSTED, CURATED] },
    { Sid: 'ViewAllPii', Effect: 'Allow', Action: 'acad:ViewPii', Resource: [TRUSTED, CURATED] },
    denyUnprocessedZones,
    denyAdministration,
  ]),
  analyst: document('acad-role-analyst', [
    readCatalog,
    readDashboards,
    { Sid: 'ReadTrustedAndCurated', Effect: 'Allow', Action: READ_AND_QUERY, Resource: [TRUSTED, CURATED] },
    {
      Sid: 'ViewTokensAndQuasiIdentifiers',
      Effect: 'Allow',
      Action: 'acad:ViewPii',
      Resource: [TRUSTED, CURATED],
      Condition: { StringEquals: { [CONTEXT_KEYS.piiClass]: ['none', 'identifier', 'quasi'] } },
    },
    {
      Sid: 'ViewSensitiveMasked',
      Effect: 'Allow',
      Action: 'acad:ViewPii',
      Resource: [TRUSTED, CURATED],
      Condition: { StringEquals: { [CONTEXT_KEYS.piiClass]: 'sensitive' }, Bool: { [CONTEXT_KEYS.masked]: true } },
    },
    {
      Sid: 'DenyDirectPii',
      Effect: 'Deny',
      Action: 'acad:ViewPii',
      Resource: '*',
      Condition: { StringEquals: { [CONTEXT_KEYS.piiClass]: 'direct' } },
    },
    denyUnprocessedZones,
    denyAdministration,
  ]),
  viewer: document('acad-role-viewer', [
    readCatalog,
    readDashboards,
    { Sid: 'DescribeCuratedProducts', Effect: 'Allow', Action: 'acad:ReadDataset', Resource: CURATED },
    {
      Sid: 'ReadCuratedProductsReleased',
      Effect: 'Allow',
      Action: ['acad:ReadRows', 'acad:Download'],
      Resource: CURATED,
      // Like the public: rows leave only through the release step (issue 20), which student-level products have not.
      Condition: { Bool: { [CONTEXT_KEYS.smallCellSuppressed]: true } },
    },
    viewNonPii(CURATED),
    denyPiiBeyondNone,
    denyQuery,
    denyUnprocessedZones,
    denyAdministration,
  ]),
  public: document('acad-role-public', [
    readDashboards,
    { Sid: 'DescribeAggregateProducts', Effect: 'Allow', Action: 'acad:ReadDataset', Resource: aggregateProducts },
    {
      Sid: 'ReadAggregateProductsSuppressed',
      Effect: 'Allow',
      Action: ['acad:ReadRows', 'acad:Download'],
      Resource: aggregateProducts,
      // Rows leave only through a path that applies small-cell suppression and says so.
      Condition: { Bool: { [CONTEXT_KEYS.smallCellSuppressed]: true } },
    },
    viewNonPii(aggregateProducts),
    { Sid: 'DenyStudentLevelProducts', Effect: 'Deny', Action: '*', Resource: studentLevelProducts },
    denyPiiBeyondNone,
    denyQuery,
    denyUnprocessedZones,
    denyAdministration,
  ]),
};

export function policiesFor(subject: Role | readonly PolicyDocument[]): readonly PolicyDocument[] {
  return typeof subject === 'string' ? [ROLES[subject]] : subject;
}
