import { DATASET_CONTRACTS, type DatasetContract } from '@acad/schemas';
import type { CuratedProductColumns } from '@acad/zones';
import { CfnOutput, DefaultStackSynthesizer, Fn, RemovalPolicy, Stack, type App } from 'aws-cdk-lib';
import { addAlarms } from './resources/alarms';
import { addAthenaWorkgroup } from './resources/athena-workgroup';
import { addBudget } from './resources/budget';
import { addDashboard } from './resources/dashboard';
import { addDataBrew } from './resources/databrew';
import { addDataQualityRulesets } from './resources/data-quality-rulesets';
import { addGlueCatalog } from './resources/glue-catalog';
import { addQuickSightRole, addRoles } from './resources/iam-roles';
import { addDataKey } from './resources/kms-key';
import { addNotificationTopic } from './resources/notifications';
import { addPublishingService } from './resources/publishing-service';
import { addQuickSight } from './resources/quicksight';
import { addBuckets } from './resources/s3-buckets';
import type { StackConfig } from './stack-config';

/** The CloudFormation stack of an environment: `<prefix>-platform` (acad-dev-platform, ...). */
export function stackName(config: Pick<StackConfig, 'prefix'>): string {
  return `${config.prefix}-platform`;
}

/**
 * The platform's stack, every resource derived from the platform's own definitions (contracts,
 * rules, policies, alarms, budget). Its synthesizer needs no bootstrap stack: the template has no
 * assets and is sent to CloudFormation directly.
 */
export function addPlatformStack(
  app: App,
  config: StackConfig,
  contracts: readonly DatasetContract[] = DATASET_CONTRACTS,
  options: { retainData?: boolean; curatedProducts?: readonly CuratedProductColumns[] } = {},
): Stack {
  const removal = options.retainData === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  const stack = new Stack(app, stackName(config), {
    stackName: stackName(config),
    env: { region: config.region },
    description: `Academics data platform (${config.stack}, ${config.prefix})`,
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  const key = addDataKey(stack, config, removal);
  const buckets = addBuckets(stack, config, key, removal);
  const roles = addRoles(stack, config);
  const { database, tables } = addGlueCatalog(stack, config, contracts, buckets.zones.trusted);
  addDataQualityRulesets(stack, config, contracts, database, tables);
  addDataBrew(stack, config, contracts, { tables, role: roles['databrew-profiler'], key, platformBucket: buckets.zones.platform });
  const workgroup = addAthenaWorkgroup(stack, config, key, buckets.zones.platform);
  const topic = addNotificationTopic(stack, config, key);
  const alarms = addAlarms(stack, config, contracts, topic.ref);
  addDashboard(stack, config, contracts, alarms);
  addBudget(stack, config, topic.ref);
  if (config.quickSight) {
    if (!options.curatedProducts) throw new Error('A stack with QuickSight needs the curated products described (describeCuratedProducts)');
    addQuickSight(stack, config, { workgroup, role: addQuickSightRole(stack, config), products: options.curatedProducts });
  }
  const loadBalancer = addPublishingService(stack, config, { key, taskRole: roles['publishing-server'], accessLogs: buckets.accessLogs });
  if (loadBalancer) {
    new CfnOutput(stack, 'PublishingServerUrl', {
      description: 'Point the certificate name (DNS CNAME or alias) at this load balancer',
      value: Fn.join('', ['https://', loadBalancer.attrDnsName]),
    });
  }
  return stack;
}
