import { DATASET_CONTRACTS, type DatasetContract } from '@acad/schemas';
import type { CuratedProductColumns } from '@acad/zones';
import { App } from 'aws-cdk-lib';
import { addPlatformStack, stackName } from './platform-stack';
import type { StackConfig } from './stack-config';

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** A CloudFormation template as CloudFormation reads it. */
export interface CloudFormationTemplate {
  readonly Description?: string;
  readonly Resources: Record<string, TemplateResource>;
}

export interface SynthOptions {
  /**
   * Check every resource against CloudFormation's resource schemas (aws-cdk-lib's built-in
   * validation) and fail on any finding. It takes seconds, so tests that only read the template skip it.
   */
  readonly validate?: boolean;
  /** False for `destroy --force`: buckets and the key are deleted with the stack. */
  readonly retainData?: boolean;
  /** Each curated product's columns (`describeCuratedProducts`): needed when the stack has QuickSight. */
  readonly curatedProducts?: readonly CuratedProductColumns[];
}

/** The stack's CloudFormation template, without calling AWS. */
export function synthesizeTemplate(
  config: StackConfig,
  contracts: readonly DatasetContract[] = DATASET_CONTRACTS,
  options: SynthOptions = {},
): CloudFormationTemplate {
  const validate = options.validate ?? true;
  const app = new App({
    builtinCloudFormationValidation: validate,
    // Construct creation stack traces are for debugging constructs; collecting them doubles synth time.
    context: { '@aws-cdk/core:validateAgainstDefaultRules': validate, 'aws:cdk:disable-stack-trace': true },
  });
  addPlatformStack(app, config, contracts, { retainData: options.retainData, curatedProducts: options.curatedProducts });
  return app.synth().getStackByName(stackName(config)).template as CloudFormationTemplate;
}
