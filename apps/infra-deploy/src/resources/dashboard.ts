import { DEFAULT_NAMESPACE } from '@acad/monitoring';
import type { DatasetContract } from '@acad/schemas';
import { sub, type Resource } from '../resource';
import { athenaWorkgroupName, type StackConfig } from '../stack-config';

/**
 * One dashboard: the stack's alarms, rows and quarantine per dataset, batch durations, and Athena
 * bytes scanned. Alarm ARNs need the account, so the body is a `Fn::Sub` template.
 */
export function dashboardResources(config: StackConfig, contracts: readonly DatasetContract[], alarms: readonly Resource[]): Resource[] {
  const alarmArns = alarms.map((a) => `arn:aws:cloudwatch:${config.region}:\${AWS::AccountId}:alarm:${String(a.properties['AlarmName'])}`);
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
  return [
    {
      type: 'AWS::CloudWatch::Dashboard',
      id: 'PlatformDashboard',
      properties: { DashboardName: `${config.prefix}-platform`, DashboardBody: sub(JSON.stringify(body)) },
      dependsOn: alarms.map((a) => a.id),
    },
  ];
}
