import type { CloudFormationTemplate } from './synth';

/** CloudFormation takes a template body of at most 51,200 bytes; larger ones must come from S3. */
export const MAX_TEMPLATE_BODY_BYTES = 51_200;

/** Puts a template where CloudFormation can read it and returns its https URL. */
export type TemplateUploader = (stackName: string, body: string) => Promise<string>;

/** How a template reaches CloudFormation: inline when small enough, else uploaded to the deployment bucket. */
export async function templateSource(
  stackName: string,
  template: CloudFormationTemplate,
  upload: TemplateUploader | undefined,
): Promise<{ TemplateBody: string } | { TemplateURL: string }> {
  const body = JSON.stringify(template);
  if (Buffer.byteLength(body) <= MAX_TEMPLATE_BODY_BYTES) return { TemplateBody: body };
  if (!upload) throw new TemplateTooLarge(Buffer.byteLength(body));
  return { TemplateURL: await upload(stackName, body) };
}

/** The template needs the deployment bucket and none is set. Exit code 2. */
export class TemplateTooLarge extends Error {
  readonly code = 'TEMPLATE_NEEDS_BUCKET';
  readonly exitCode = 2;

  constructor(bytes: number) {
    super(
      `The template is ${bytes} bytes, over CloudFormation's ${MAX_TEMPLATE_BODY_BYTES}-byte limit for a template body; set ACAD_DEPLOY_BUCKET to an existing S3 bucket the deployer may write, where it is uploaded for CloudFormation to read`,
    );
    this.name = 'TemplateTooLarge';
  }
}
