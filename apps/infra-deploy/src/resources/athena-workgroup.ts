import { getAtt, tagList, type Resource } from '../resource';
import { athenaWorkgroupName, bucketName, type StackConfig } from '../stack-config';
import { DATA_KEY_ID } from './kms-key';
import { bucketId } from './s3-buckets';
import { stackTags } from './stack-tags';

export const WORKGROUP_ID = 'AthenaWorkGroup';

/** Query results under `<platform bucket>/<workgroup>/`, where the compiled IAM policies allow them. */
export function athenaResultsLocation(config: StackConfig): string {
  return `s3://${bucketName(config, 'platform')}/${athenaWorkgroupName(config)}/`;
}

/** The one workgroup the engine uses: results encrypted with the data key, a scan limit per query. */
export function athenaResources(config: StackConfig): Resource[] {
  return [
    {
      type: 'AWS::Athena::WorkGroup',
      id: WORKGROUP_ID,
      properties: {
        Name: athenaWorkgroupName(config),
        Description: `Academics data platform queries (${config.stack})`,
        State: 'ENABLED',
        WorkGroupConfiguration: {
          ResultConfiguration: {
            OutputLocation: athenaResultsLocation(config),
            EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: getAtt(DATA_KEY_ID, 'Arn') },
          },
          // Clients cannot override the location, encryption or limit.
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: config.athenaBytesScannedCutoff,
        },
        Tags: tagList(stackTags(config)),
      },
      dependsOn: [DATA_KEY_ID, bucketId('platform')],
    },
  ];
}
