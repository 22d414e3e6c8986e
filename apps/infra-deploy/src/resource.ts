/** The AWS resource types infra-deploy knows how to derive. */
export type ResourceType =
  | 'AWS::S3::Bucket'
  | 'AWS::KMS::Key'
  | 'AWS::KMS::Alias'
  | 'AWS::Glue::Database'
  | 'AWS::Glue::Table'
  | 'AWS::Glue::DataQualityRuleset'
  | 'AWS::DataBrew::Dataset'
  | 'AWS::DataBrew::Ruleset'
  | 'AWS::DataBrew::Job'
  | 'AWS::Athena::WorkGroup'
  | 'AWS::CloudWatch::Alarm'
  | 'AWS::CloudWatch::Dashboard'
  | 'AWS::Budgets::Budget'
  | 'AWS::IAM::Role';

/**
 * One desired resource, CloudFormation-shaped: `properties` use the CloudFormation property names,
 * and values that are only known once another resource exists are `{ Ref }` / `{ 'Fn::GetAtt' }`
 * markers naming that resource's id, which is then also in `dependsOn`.
 */
export interface Resource {
  readonly type: ResourceType;
  /** Logical id, unique in the stack, e.g. `RawBucket`. */
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly dependsOn: readonly string[];
}

/** Pseudo parameters resolved by the deployer, not resources (`AWS::AccountId`, ...). */
export const PSEUDO_PARAMETERS = ['AWS::AccountId', 'AWS::Partition', 'AWS::Region'] as const;

export function ref(id: string): { Ref: string } {
  return { Ref: id };
}

export function getAtt(id: string, attribute: string): { 'Fn::GetAtt': [string, string] } {
  return { 'Fn::GetAtt': [id, attribute] };
}

/** A string with `${AWS::AccountId}`-style pseudo parameters, filled in by the deployer. */
export function sub(template: string): { 'Fn::Sub': string } {
  return { 'Fn::Sub': template };
}

export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
