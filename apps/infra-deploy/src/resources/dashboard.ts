import { DEFAULT_NAMESPACE } from '@acad/monitoring';
import type { DatasetContract } from '@acad/schemas';
import { Fn } from 'aws-cdk-lib';
import { CfnDashboard, type CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { athenaWorkgroupName, type StackConfig } from '../stack-config';

/**
 * One dashboard: the stack's alarms, rows and quarantine per dataset, batch durations, and Athena
 * bytes scanned. Alarm ARNs need the account, so the body is a `Fn::Sub` template.
 */
export function addDashboard(
  scope: Construct,
  config: StackConfig,
  contracts: readonly DatasetContract[],
  alarms: readonly CfnAlarm[],
): void {
  const alarmArns = alarms.map((a) => `arn:aws:cloudwatch:${config.region}:\${AWS::AccountId}:alarm:${String(a.alarmName)}`);
  const perDataset = (metricName: string, stat: string) =>
    contracts.map((c) => [DEFAULT_NAMESPACE, metricName, 'Dataset', c.name, { stat }]);
  const widget = (y: number, title: string, metrics: unknown[]) => ({
    type: 'metric',
    x: 0,
    y,
    width: 24,
    height: 6,
    properties: { title, region: config.region, metrics, period: 86_400, view: 'timeSeries' },
  });
  const body = {
    widgets: [
      { type: 'alarm', x: 0, y: 0, width: 24, height: 4, properties: { title: 'Alarms', alarms: alarmArns } },
      widget(4, 'Rows read per day', perDataset('RowsRead', 'Sum')),
      widget(10, 'Rows quarantined per day', perDataset('RowsQuarantined', 'Sum')),
      widget(16, 'Longest batch (ms)', perDataset('BatchDurationMs', 'Maximum')),
      widget(22, 'Athena bytes scanned', [['AWS/Athena', 'ProcessedBytes', 'WorkGroup', athenaWorkgroupName(config), { stat: 'Sum' }]]),
    ],
  };
  const dashboard = new CfnDashboard(scope, 'PlatformDashboard', {
    dashboardName: `${config.prefix}-platform`,
    dashboardBody: Fn.sub(JSON.stringify(body)),
  });
  for (const alarm of alarms) dashboard.addResourceDependency(alarm);
}
