import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { addPlatformStack } from './platform-stack';
import { describeCuratedProducts } from '@acad/zones';
import { PROD_WITH_QUICKSIGHT } from './template.test-support';

interface Violation {
  ruleName: string;
  severity?: string;
  violatingConstructs?: { constructPath?: string }[];
}

interface ValidationReport {
  pluginReports: { pluginName: string; summary: { status: string }; violations: Violation[] }[];
}

interface Acknowledgement {
  id: string;
  reason: string;
}

const CONTEXT = { '@aws-cdk/core:validateAgainstDefaultRules': true, 'aws:cdk:disable-stack-trace': true };

/** Synthesizes `app` with both packs and returns the errors of the validation report (as `<rule> <path>`). */
function nagErrors(app: App, outdir: string): { errors: string[]; synthError?: Error } {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new HIPAASecurityChecks(app, { verbose: true }));
  let synthError: Error | undefined;
  try {
    app.synth();
  } catch (error) {
    synthError = error as Error;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const errors = report.pluginReports.flatMap((p) =>
    p.violations
      .filter((v) => v.severity !== 'warning' && v.severity !== 'info')
      .map((v) => `${v.ruleName} ${(v.violatingConstructs ?? []).map((c) => c.constructPath).join(', ')}`),
  );
  return { errors, synthError };
}

// One synthesis for the file: cdk-nag's AWS Solutions and HIPAA Security packs, plus aws-cdk-lib's
// own check of every resource against CloudFormation's resource schemas. The prod stack with every
// optional part on (the web tier and QuickSight), so each is checked.
const outdir = mkdtempSync(join(tmpdir(), 'infra-deploy-nag-'));
let stack: Stack;
let result: { errors: string[]; synthError?: Error };

beforeAll(async () => {
  const app = new App({ outdir, context: CONTEXT });
  stack = addPlatformStack(app, PROD_WITH_QUICKSIGHT, undefined, { curatedProducts: await describeCuratedProducts() });
  result = nagErrors(app, outdir);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Acknowledgements are construct metadata: `{ 'Annotation::<rule id>': reason }`. */
function acknowledgementsOf(construct: IConstruct): Acknowledgement[] {
  return construct.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) =>
      Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id: id.replace(/^Annotation::/, ''), reason })),
    );
}

describe('cdk-nag over the prod stack', () => {
  it('synthesizes with no unacknowledged error from AwsSolutions, HIPAA Security or the CloudFormation schemas', () => {
    expect(stack.node.findAll().some((c) => c.node.id === 'QuickSightAthenaSource')).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.synthError).toBeUndefined();
  });

  it('reports the errors of a bucket without the stack hardening (the checks do run)', () => {
    const controlDir = mkdtempSync(join(tmpdir(), 'infra-deploy-nag-control-'));
    try {
      const control = new App({ outdir: controlDir, context: CONTEXT });
      new CfnBucket(new Stack(control, 'control'), 'Bare', {});
      const { errors, synthError } = nagErrors(control, controlDir);
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/AwsSolutions-S1\b/),
          expect.stringMatching(/AwsSolutions-S10\b/),
          expect.stringMatching(/HIPAA.Security-S3BucketSSLRequestsOnly/),
        ]),
      );
      expect(synthError).toBeInstanceOf(Error);
    } finally {
      rmSync(controlDir, { recursive: true, force: true });
    }
  });

  it('gives every acknowledgement a specific written reason', () => {
    const acknowledged = stack.node.findAll().flatMap((c) => acknowledgementsOf(c).map((a) => ({ path: c.node.path, ...a })));
    expect(acknowledged.length).toBeGreaterThan(10);
    for (const a of acknowledged) {
      expect(a.reason.length).toBeGreaterThan(60);
      expect(a.id).toMatch(
        /^(AwsSolutions-IAM5\[(Action|Resource)::.+\]|AwsSolutions-ECS2|HIPAA\.Security-S3(BucketReplicationEnabled|BucketVersioningEnabled|DefaultEncryptionKMS))$/,
      );
    }
    // Only landing is unversioned and only the access-log bucket is not SSE-KMS; nothing else is waved through.
    expect(acknowledged.filter((a) => a.id === 'HIPAA.Security-S3BucketVersioningEnabled').map((a) => a.path)).toEqual([
      'acad-prod-platform/LandingBucket',
    ]);
    expect(acknowledged.filter((a) => a.id === 'HIPAA.Security-S3DefaultEncryptionKMS').map((a) => a.path)).toEqual([
      'acad-prod-platform/AccessLogBucket',
    ]);
  });
});
