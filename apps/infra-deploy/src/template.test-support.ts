import { stackConfigFor, type StackConfig } from './stack-config';
import { synthesizeTemplate, type CloudFormationTemplate, type SynthOptions, type TemplateResource } from './synth';

/** The stacks the specs read: the prefixes the runtime would use, with one notification address. */
export const DEV: StackConfig = stackConfigFor(
  'dev',
  { s3BucketPrefix: 'acad-dev', region: 'eu-west-1' },
  { budgetAlertEmails: 'data-team@uni.example' },
);
export const PROD: StackConfig = stackConfigFor(
  'prod',
  { s3BucketPrefix: 'acad-prod', region: 'eu-west-1' },
  {
    budgetAlertEmails: 'data-team@uni.example, registrar@uni.example',
    publishingImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acad-publishing-server:1.0.0',
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7',
    vpcId: 'vpc-0a1b2c3d',
    privateSubnetIds: 'subnet-0a1b2c01, subnet-0a1b2c02',
    publicSubnetIds: 'subnet-0b1b2c01, subnet-0b1b2c02',
    ingressCidr: '10.0.0.0/8',
  },
);

/** Prod with QuickSight on (groups `acad-prod-<role>` in the default namespace). */
export const PROD_WITH_QUICKSIGHT: StackConfig = { ...PROD, quickSight: { namespace: 'default' } };

const cache = new Map<string, CloudFormationTemplate>();

/** One synthesis per stack and variant per test file (without the slow schema validation, which cdk-nag.spec runs). */
export function templateOf(config: StackConfig, options: Omit<SynthOptions, 'validate'> = {}): CloudFormationTemplate {
  const key = `${config.stack}:${config.prefix}:${config.budget.alertEmails.join(',')}:${options.retainData ?? true}:${config.quickSight?.namespace ?? ''}`;
  let template = cache.get(key);
  if (!template) {
    template = synthesizeTemplate(config, undefined, { ...options, validate: false });
    cache.set(key, template);
  }
  return template;
}

export function resourcesOfType(template: CloudFormationTemplate, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

export function propertiesOf<T = Record<string, unknown>>(template: CloudFormationTemplate, id: string): T {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`no resource ${id}`);
  return (resource.Properties ?? {}) as T;
}
