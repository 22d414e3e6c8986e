import type { Settings } from '@acad/config';
import type { FieldCipher } from '@acad/crypto';
import type { QualityHistoryStore } from '@acad/quality';
import type { ZoneStores } from '@acad/zones';
import type { AuditLog } from './audit-log';
import { fieldCipher } from './compose';
import type { OidcSignIn } from './auth/oidc-sign-in';
import type { SessionCookies } from './auth/sessions';
import type { DashboardDefinition } from './dashboards/dashboard-definition';
import type { AsOfLakes } from './data/as-of-lakes';
import type { LakeCache } from './data/lake-cache';
import type { QueryRunner } from './query/query-runner';
import type { SqlWorkspaceStore } from './sql/sql-workspace-store';

/** Everything the routes share, built once in the composition root. */
export interface ServerContext {
  settings: Settings;
  stores: ZoneStores;
  lake: LakeCache;
  /** The lake as committed at past times (`asOf`), opened on demand. */
  pastLakes: AsOfLakes;
  audit: AuditLog;
  sessions: SessionCookies;
  /** Single sign-on, when an issuer is configured. */
  oidc?: OidcSignIn;
  queries: QueryRunner;
  /** The field cipher, opened on first use (the registrar's path decrypts; admin's decrypts only to mask). */
  cipher: () => Promise<FieldCipher>;
  /** Each trusted dataset's quality record per batch, as the pipeline wrote it. */
  qualityHistory: QualityHistoryStore;
  /** The dashboards' definitions (dashboards/*.json), checked when the server starts, in navigation order. */
  dashboards: DashboardDefinition[];
  /** Dashboard answers by lake seq, role and filters: the lake changes only on a commit. */
  dashboardCache: Map<string, CachedAnswer>;
  /** The SQL page's history and saved queries, per user. */
  sqlWorkspace: SqlWorkspaceStore;
}

/** Opened once: with ACAD_KMS=aws that is one Decrypt per field key for the process. A failed open is retried by the next request. */
export function lazyCipher(settings: Settings, stores: ZoneStores): () => Promise<FieldCipher> {
  let cipher: Promise<FieldCipher> | undefined;
  return () => {
    cipher ??= fieldCipher(settings, stores).catch((error: unknown) => {
      cipher = undefined;
      throw error;
    });
    return cipher;
  };
}

/** A JSON answer kept serialised, and gzipped once for the clients that accept it (every browser does). */
export interface CachedAnswer {
  json: string;
  gzip: Buffer;
}
