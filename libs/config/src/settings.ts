import { z } from 'zod';

/** Roles a group may map to through single sign-on (admin stays with API tokens). */
export const SSO_ROLES = ['registrar', 'analyst', 'viewer'] as const;

/**
 * `staff-registry=registrar, data-team=analyst` → { 'staff-registry': 'registrar', 'data-team': 'analyst' };
 * a JSON object is read as one (how a parent process hands its settings to a child).
 */
function parseRoleMap(text: string): unknown {
  if (text.trim().startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  const pairs = text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf('=');
      return at > 0 ? [pair.slice(0, at).trim(), pair.slice(at + 1).trim()] : [pair, ''];
    });
  return Object.fromEntries(pairs);
}

/** Every setting of the platform, with its environment variable and default. */
export const SettingsSchema = z
  .object({
    home: z.string().min(1).default('./.acad').describe('ACAD_HOME'),
    storage: z.enum(['local', 's3']).default('local').describe('ACAD_STORAGE'),
    engine: z.enum(['duckdb', 'athena']).default('duckdb').describe('ACAD_ENGINE'),
    kms: z.enum(['local', 'aws']).default('local').describe('ACAD_KMS'),
    kmsKeyId: z.string().min(1).optional().describe('ACAD_KMS_KEY_ID'),
    catalog: z.enum(['local', 'glue']).default('local').describe('ACAD_CATALOG'),
    metrics: z.enum(['local', 'cloudwatch']).default('local').describe('ACAD_METRICS'),
    region: z.string().min(1).default('us-east-1').describe('AWS_REGION'),
    s3Endpoint: z.url().optional().describe('ACAD_S3_ENDPOINT'),
    s3BucketPrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes, 2–41 characters')
      .default('acad')
      .describe('ACAD_S3_BUCKET_PREFIX'),
    /** Left out: the bucket prefix with `_` for `-` (what `npm run deploy` creates). */
    glueDatabase: z
      .string()
      .regex(/^[a-z0-9_]{1,255}$/, 'lower-case letters, digits and underscores')
      .optional()
      .describe('ACAD_GLUE_DATABASE'),
    openLineageUrl: z.url().optional().describe('ACAD_OPENLINEAGE_URL'),
    port: z.coerce.number().int().min(0).max(65535).default(3000).describe('PORT'),
    /** The publishing server's listening address: loopback alone by default; `0.0.0.0` in a container behind a load balancer. */
    bindAddress: z
      .union([z.ipv4(), z.ipv6()], { error: 'an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0' })
      .default('127.0.0.1')
      .describe('ACAD_BIND_ADDRESS'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('ACAD_LOG_LEVEL'),
    /** The institution's academic calendar file (JSON); unset: the sample data's, libs/config/calendars/sample-university.json. */
    calendar: z.string().min(1).optional().describe('ACAD_CALENDAR'),
    /** Days a commit stays readable "as at" its time; `acad vacuum` removes what no commit in the window needs. */
    retentionDays: z.coerce.number().int().min(0).max(36500).default(400).describe('ACAD_RETENTION_DAYS'),
    duckdbThreads: z.coerce.number().int().min(1).max(256).optional().describe('ACAD_DUCKDB_THREADS'),
    duckdbMemoryLimit: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'a size such as 2GB')
      .optional()
      .describe('ACAD_DUCKDB_MEMORY_LIMIT'),
    /** OpenID Connect sign-in for people (API tokens stay for scripts): the identity provider's issuer URL; unset, sign-in is by token only. */
    oidcIssuer: z.url().optional().describe('ACAD_OIDC_ISSUER'),
    oidcClientId: z.string().min(1).optional().describe('ACAD_OIDC_CLIENT_ID'),
    oidcClientSecret: z.string().min(1).optional().describe('ACAD_OIDC_CLIENT_SECRET'),
    /** Where the provider sends the browser back: this server's `/auth/callback`, as the browser reaches it. */
    oidcRedirectUrl: z.url().optional().describe('ACAD_OIDC_REDIRECT_URL'),
    /** The claim (ID token or userinfo) holding the user's groups. */
    oidcGroupsClaim: z.string().min(1).default('groups').describe('ACAD_OIDC_GROUPS_CLAIM'),
    /** Groups → roles, `group=role` pairs separated by commas; a user in no mapped group is refused. */
    oidcRoleMap: z
      .preprocess(
        (value) => (typeof value === 'string' ? parseRoleMap(value) : value),
        z.record(z.string().min(1), z.enum(SSO_ROLES, { message: `roles are ${SSO_ROLES.join(', ')}` })),
      )
      .default({})
      .describe('ACAD_OIDC_ROLE_MAP'),
    /**
     * Signs and encrypts browser session cookies (at least 32 characters). Unset, a random one per
     * process: a restart signs everyone out, and servers behind one name need the same value.
     */
    sessionSecret: z.string().min(32, 'at least 32 characters').optional().describe('ACAD_SESSION_SECRET'),
    sessionHours: z.coerce
      .number()
      .min(0.01)
      .max(24 * 7)
      .default(8)
      .describe('ACAD_SESSION_HOURS'),
  })
  .superRefine((s, ctx) => {
    if (s.oidcIssuer && !(s.oidcClientId && s.oidcRedirectUrl)) {
      ctx.addIssue({
        code: 'custom',
        path: [s.oidcClientId ? 'oidcRedirectUrl' : 'oidcClientId'],
        message: 'is required when ACAD_OIDC_ISSUER is set',
      });
    }
    if (s.kms === 'aws' && !s.kmsKeyId) {
      ctx.addIssue({ code: 'custom', path: ['kmsKeyId'], message: 'is required when ACAD_KMS=aws' });
    }
    if (s.engine === 'athena' && (s.storage !== 's3' || s.kms !== 'aws')) {
      // Athena reads the zones on S3 and encrypts its results with the platform's KMS key.
      ctx.addIssue({ code: 'custom', path: ['engine'], message: 'athena needs ACAD_STORAGE=s3 and ACAD_KMS=aws with ACAD_KMS_KEY_ID' });
    }
  });

export type Settings = z.infer<typeof SettingsSchema>;
export type SettingName = keyof Settings;

/** Environment variable for each setting, read from the schema's descriptions. */
export const settingEnvNames: Record<SettingName, string> = Object.fromEntries(
  Object.entries(SettingsSchema.shape).map(([name, schema]) => [name, schema.description ?? name]),
) as Record<SettingName, string>;
