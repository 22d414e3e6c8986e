import { stackConfigFor, type StackConfig } from './stack-config';
import { synthesizeTemplate, type CloudFormationTemplate, type TemplateResource } from './synth';

/** The stacks the specs read: the prefixes the runtime would use, with one notification address. */
export const DEV: StackConfig = stackConfigFor(
  'dev',
  { s3BucketPrefix: 'acad-dev', region: 'eu-west-1' },
  { budgetAlertEmails: 'data-team@uni.example' },
);
export const PROD: StackConfig = stackConfigFor(
  'prod',
  { s3BucketPrefix: 'acad-prod', region: 'eu-west-1' },
  { budgetAlertEmails: 'data-team@uni.example, registrar@uni.example' },
);

const cache = new Map<string, CloudFormationTemplate>();

/** One synthesis per stack and variant per test file (without the slow schema validation, which cdk-nag.spec runs). */
export function templateOf(config: StackConfig, options: { retainData?: boolean } = {}): CloudFormationTemplate {
  const key = `${config.stack}:${config.prefix}:${config.budget.alertEmails.join(',')}:${options.retainData ?? true}`;
  let template = cache.get(key);
  if (!template) {
    template = synthesizeTemplate(config, undefined, { validate: false, retainData: options.retainData });
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
