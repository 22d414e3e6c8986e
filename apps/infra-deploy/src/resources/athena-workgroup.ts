import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { athenaWorkgroupName, bucketName, type StackConfig } from '../stack-config';
import { stackTags, tagList } from './stack-tags';

export const WORKGROUP_ID = 'AthenaWorkGroup';

/** Query results under `<platform bucket>/<workgroup>/`, where the compiled IAM policies allow them. */
export function athenaResultsLocation(config: StackConfig): string {
  return `s3://${bucketName(config, 'platform')}/${athenaWorkgroupName(config)}/`;
}

/** The one workgroup the engine uses: results encrypted with the data key, a scan limit per query. */
export function addAthenaWorkgroup(scope: Construct, config: StackConfig, key: CfnKey, platformBucket: CfnBucket): CfnWorkGroup {
  const workgroup = new CfnWorkGroup(scope, WORKGROUP_ID, {
    name: athenaWorkgroupName(config),
    description: `Academics data platform queries (${config.stack})`,
    state: 'ENABLED',
    workGroupConfiguration: {
      resultConfiguration: {
        outputLocation: athenaResultsLocation(config),
        encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: key.attrArn },
      },
      // Clients cannot override the location, encryption or limit.
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: config.athenaBytesScannedCutoff,
    },
    tags: tagList(stackTags(config)),
  });
  workgroup.addResourceDependency(platformBucket);
  return workgroup;
}
