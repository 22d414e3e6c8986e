import type { ResourceType } from '../resource';
import { athenaWorkGroupHandler } from './athena-workgroup';
import { budgetHandler } from './budget';
import { cloudWatchAlarmHandler } from './cloudwatch-alarm';
import { cloudWatchDashboardHandler } from './cloudwatch-dashboard';
import { dataBrewDatasetHandler } from './databrew-dataset';
import { dataBrewJobHandler } from './databrew-job';
import { dataBrewRulesetHandler } from './databrew-ruleset';
import { glueDataQualityRulesetHandler } from './glue-data-quality-ruleset';
import { glueDatabaseHandler } from './glue-database';
import { glueTableHandler } from './glue-table';
import type { ResourceHandler } from './handler';
import { iamRoleHandler } from './iam-role';
import { kmsAliasHandler } from './kms-alias';
import { kmsKeyHandler } from './kms-key';
import { s3BucketHandler } from './s3-bucket';

/** One handler per resource type infra-deploy derives. */
export const HANDLERS: Readonly<Record<ResourceType, ResourceHandler>> = {
  'AWS::KMS::Key': kmsKeyHandler,
  'AWS::KMS::Alias': kmsAliasHandler,
  'AWS::S3::Bucket': s3BucketHandler,
  'AWS::Glue::Database': glueDatabaseHandler,
  'AWS::Glue::Table': glueTableHandler,
  'AWS::Glue::DataQualityRuleset': glueDataQualityRulesetHandler,
  'AWS::DataBrew::Dataset': dataBrewDatasetHandler,
  'AWS::DataBrew::Ruleset': dataBrewRulesetHandler,
  'AWS::DataBrew::Job': dataBrewJobHandler,
  'AWS::Athena::WorkGroup': athenaWorkGroupHandler,
  'AWS::CloudWatch::Alarm': cloudWatchAlarmHandler,
  'AWS::CloudWatch::Dashboard': cloudWatchDashboardHandler,
  'AWS::Budgets::Budget': budgetHandler,
  'AWS::IAM::Role': iamRoleHandler,
};
