import * as athena from '@aws-sdk/client-athena';
import * as budgets from '@aws-sdk/client-budgets';
import * as cw from '@aws-sdk/client-cloudwatch';
import * as databrew from '@aws-sdk/client-databrew';
import * as glue from '@aws-sdk/client-glue';
import * as iam from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { awsError, type FakeLog } from './fake-aws-errors.test-support';

type Input = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A name-keyed store with get (or a not-found error), put and delete that log writes. */
function table<T>(log: FakeLog, notFound: string, status = 400) {
  const items = new Map<string, T>();
  return {
    items,
    get(name: string): T {
      const item = items.get(name);
      if (item === undefined) throw awsError(notFound, status, `${name} is not found`);
      return item;
    },
    put(call: string, name: string, item: T): void {
      log.write(call);
      items.set(name, item);
    },
    remove(call: string, name: string): void {
      log.write(call);
      this.get(name);
      items.delete(name);
    },
  };
}

export function fakeGlue(log: FakeLog) {
  const mock = mockClient(glue.GlueClient);
  const databases = table<Input>(log, 'EntityNotFoundException');
  const tables = table<Input>(log, 'EntityNotFoundException');
  const rulesets = table<Input>(log, 'EntityNotFoundException');
  mock.on(glue.GetDatabaseCommand).callsFake((i: Input) => ({ Database: databases.get(i['Name']) }));
  mock
    .on(glue.CreateDatabaseCommand)
    .callsFake((i: Input) => databases.put('CreateDatabase', i['DatabaseInput'].Name, { ...i['DatabaseInput'], CreateTime: new Date() }));
  mock.on(glue.UpdateDatabaseCommand).callsFake((i: Input) => databases.put('UpdateDatabase', i['Name'], i['DatabaseInput']));
  mock.on(glue.DeleteDatabaseCommand).callsFake((i: Input) => databases.remove('DeleteDatabase', i['Name']));
  const key = (i: Input, name: string) => `${i['DatabaseName']}/${name}`;
  // Glue adds parameters of its own; the deployer must leave them be.
  mock.on(glue.GetTableCommand).callsFake((i: Input) => ({ Table: tables.get(key(i, i['Name'])) }));
  mock.on(glue.CreateTableCommand).callsFake((i: Input) =>
    tables.put('CreateTable', key(i, i['TableInput'].Name), {
      ...i['TableInput'],
      DatabaseName: i['DatabaseName'],
      Parameters: { ...i['TableInput'].Parameters, transient_lastDdlTime: '1' },
    }),
  );
  mock
    .on(glue.UpdateTableCommand)
    .callsFake((i: Input) =>
      tables.put('UpdateTable', key(i, i['TableInput'].Name), { ...i['TableInput'], DatabaseName: i['DatabaseName'] }),
    );
  mock.on(glue.DeleteTableCommand).callsFake((i: Input) => tables.remove('DeleteTable', key(i, i['Name'])));
  mock.on(glue.GetDataQualityRulesetCommand).callsFake((i: Input) => rulesets.get(i['Name']));
  mock
    .on(glue.CreateDataQualityRulesetCommand)
    .callsFake((i: Input) => rulesets.put('CreateDataQualityRuleset', i['Name'], { ...i, Tags: undefined }));
  mock
    .on(glue.UpdateDataQualityRulesetCommand)
    .callsFake((i: Input) => rulesets.put('UpdateDataQualityRuleset', i['Name'], { ...rulesets.get(i['Name']), ...i }));
  mock.on(glue.DeleteDataQualityRulesetCommand).callsFake((i: Input) => rulesets.remove('DeleteDataQualityRuleset', i['Name']));
  return { mock, databases: databases.items, tables: tables.items, rulesets: rulesets.items };
}

export function fakeDataBrew(log: FakeLog, account: string, region: string) {
  const mock = mockClient(databrew.DataBrewClient);
  const arn = (kind: string, name: string) => `arn:aws:databrew:${region}:${account}:${kind}/${name}`;
  const datasets = table<Input>(log, 'ResourceNotFoundException');
  const rulesets = table<Input>(log, 'ResourceNotFoundException');
  const jobs = table<Input>(log, 'ResourceNotFoundException');
  mock.on(databrew.DescribeDatasetCommand).callsFake((i: Input) => datasets.get(i['Name']));
  mock
    .on(databrew.CreateDatasetCommand)
    .callsFake((i: Input) =>
      datasets.put('CreateDataset', i['Name'], { Name: i['Name'], Input: i['Input'], ResourceArn: arn('dataset', i['Name']) }),
    );
  mock
    .on(databrew.UpdateDatasetCommand)
    .callsFake((i: Input) => datasets.put('UpdateDataset', i['Name'], { ...datasets.get(i['Name']), Input: i['Input'] }));
  mock.on(databrew.DeleteDatasetCommand).callsFake((i: Input) => datasets.remove('DeleteDataset', i['Name']));
  mock.on(databrew.DescribeRulesetCommand).callsFake((i: Input) => rulesets.get(i['Name']));
  mock
    .on(databrew.CreateRulesetCommand)
    .callsFake((i: Input) => rulesets.put('CreateRuleset', i['Name'], { ...i, Tags: undefined, ResourceArn: arn('ruleset', i['Name']) }));
  mock
    .on(databrew.UpdateRulesetCommand)
    .callsFake((i: Input) => rulesets.put('UpdateRuleset', i['Name'], { ...rulesets.get(i['Name']), ...i }));
  mock.on(databrew.DeleteRulesetCommand).callsFake((i: Input) => rulesets.remove('DeleteRuleset', i['Name']));
  // DescribeJob answers in its own shape: Outputs and ProfileConfiguration.
  const described = (i: Input, type: string) => {
    const { OutputLocation, Configuration, Tags, ...rest } = i;
    void Tags;
    return {
      ...rest,
      Type: type,
      Outputs: [{ Location: OutputLocation }],
      ProfileConfiguration: Configuration,
      ResourceArn: arn('job', i['Name']),
    };
  };
  mock.on(databrew.DescribeJobCommand).callsFake((i: Input) => jobs.get(i['Name']));
  mock.on(databrew.CreateProfileJobCommand).callsFake((i: Input) => jobs.put('CreateProfileJob', i['Name'], described(i, 'PROFILE')));
  mock
    .on(databrew.UpdateProfileJobCommand)
    .callsFake((i: Input) =>
      jobs.put('UpdateProfileJob', i['Name'], described({ ...i, DatasetName: jobs.get(i['Name'])['DatasetName'] }, 'PROFILE')),
    );
  mock.on(databrew.DeleteJobCommand).callsFake((i: Input) => jobs.remove('DeleteJob', i['Name']));
  return { mock, datasets: datasets.items, rulesets: rulesets.items, jobs: jobs.items };
}

export function fakeAthena(log: FakeLog) {
  const mock = mockClient(athena.AthenaClient);
  const groups = table<Input>(log, 'InvalidRequestException');
  mock.on(athena.GetWorkGroupCommand).callsFake((i: Input) => ({ WorkGroup: groups.get(i['WorkGroup']) }));
  mock.on(athena.CreateWorkGroupCommand).callsFake((i: Input) =>
    groups.put('CreateWorkGroup', i['Name'], {
      Name: i['Name'],
      State: 'ENABLED',
      Description: i['Description'],
      Configuration: i['Configuration'],
    }),
  );
  mock.on(athena.UpdateWorkGroupCommand).callsFake((i: Input) => {
    const g = groups.get(i['WorkGroup']);
    const u = i['ConfigurationUpdates'];
    const Configuration = {
      ...g['Configuration'],
      EnforceWorkGroupConfiguration: u.EnforceWorkGroupConfiguration,
      PublishCloudWatchMetricsEnabled: u.PublishCloudWatchMetricsEnabled,
      BytesScannedCutoffPerQuery: u.BytesScannedCutoffPerQuery,
      ResultConfiguration: u.ResultConfigurationUpdates,
    };
    groups.put('UpdateWorkGroup', i['WorkGroup'], { ...g, Description: i['Description'], State: i['State'], Configuration });
  });
  mock.on(athena.DeleteWorkGroupCommand).callsFake((i: Input) => groups.remove('DeleteWorkGroup', i['WorkGroup']));
  return { mock, workgroups: groups.items };
}

export function fakeCloudWatch(log: FakeLog, account: string, region: string) {
  const mock = mockClient(cw.CloudWatchClient);
  const alarms = table<Input>(log, 'ResourceNotFound');
  const dashboards = table<string>(log, 'ResourceNotFound', 404);
  mock.on(cw.DescribeAlarmsCommand).callsFake((i: Input) => ({
    MetricAlarms: (i['AlarmNames'] as string[]).filter((n) => alarms.items.has(n)).map((n) => alarms.get(n)),
  }));
  mock.on(cw.PutMetricAlarmCommand).callsFake((i: Input) =>
    alarms.put('PutMetricAlarm', i['AlarmName'], {
      ...i,
      AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${i['AlarmName']}`,
      StateValue: 'INSUFFICIENT_DATA',
    }),
  );
  mock.on(cw.DeleteAlarmsCommand).callsFake((i: Input) => (i['AlarmNames'] as string[]).forEach((n) => alarms.remove('DeleteAlarms', n)));
  // CloudWatch hands the body back re-serialised.
  mock.on(cw.GetDashboardCommand).callsFake((i: Input) => ({
    DashboardName: i['DashboardName'],
    DashboardBody: JSON.stringify(JSON.parse(dashboards.get(i['DashboardName'])), null, 1),
  }));
  mock.on(cw.PutDashboardCommand).callsFake((i: Input) => dashboards.put('PutDashboard', i['DashboardName'], i['DashboardBody']));
  mock
    .on(cw.DeleteDashboardsCommand)
    .callsFake((i: Input) => (i['DashboardNames'] as string[]).forEach((n) => dashboards.remove('DeleteDashboards', n)));
  return { mock, alarms: alarms.items, dashboards: dashboards.items };
}

export function fakeBudgets(log: FakeLog) {
  const mock = mockClient(budgets.BudgetsClient);
  const all = table<{ budget: Input; notifications: Input[] }>(log, 'NotFoundException');
  mock.on(budgets.DescribeBudgetCommand).callsFake((i: Input) => ({
    // Budgets returns amounts with one decimal and adds fields of its own.
    Budget: {
      ...all.get(i['BudgetName']).budget,
      BudgetLimit: {
        ...all.get(i['BudgetName']).budget['BudgetLimit'],
        Amount: `${Number(all.get(i['BudgetName']).budget['BudgetLimit'].Amount).toFixed(1)}`,
      },
      CalculatedSpend: {},
    },
  }));
  mock.on(budgets.DescribeNotificationsForBudgetCommand).callsFake((i: Input) => ({
    Notifications: all.get(i['BudgetName']).notifications.map((n) => ({ ...n['Notification'], NotificationState: 'OK' })),
  }));
  mock.on(budgets.DescribeSubscribersForNotificationCommand).callsFake((i: Input) => ({
    Subscribers: all
      .get(i['BudgetName'])
      .notifications.find((n) => n['Notification'].NotificationType === i['Notification'].NotificationType)?.['Subscribers'],
  }));
  mock.on(budgets.CreateBudgetCommand).callsFake((i: Input) =>
    all.put('CreateBudget', i['Budget'].BudgetName, {
      budget: i['Budget'],
      notifications: [...(i['NotificationsWithSubscribers'] ?? [])],
    }),
  );
  mock
    .on(budgets.UpdateBudgetCommand)
    .callsFake((i: Input) =>
      all.put('UpdateBudget', i['NewBudget'].BudgetName, { ...all.get(i['NewBudget'].BudgetName), budget: i['NewBudget'] }),
    );
  mock.on(budgets.DeleteNotificationCommand).callsFake((i: Input) => {
    const b = all.get(i['BudgetName']);
    all.put('DeleteNotification', i['BudgetName'], {
      ...b,
      notifications: b.notifications.filter((n) => n['Notification'].NotificationType !== i['Notification'].NotificationType),
    });
  });
  mock.on(budgets.CreateNotificationCommand).callsFake((i: Input) => {
    const b = all.get(i['BudgetName']);
    all.put('CreateNotification', i['BudgetName'], {
      ...b,
      notifications: [...b.notifications, { Notification: i['Notification'], Subscribers: i['Subscribers'] }],
    });
  });
  mock.on(budgets.DeleteBudgetCommand).callsFake((i: Input) => all.remove('DeleteBudget', i['BudgetName']));
  return { mock, budgets: all.items };
}

export function fakeIam(log: FakeLog, account: string) {
  const mock = mockClient(iam.IAMClient);
  const roles = table<{ role: Input; policies: Map<string, string> }>(log, 'NoSuchEntityException', 404);
  mock.on(iam.GetRoleCommand).callsFake((i: Input) => ({ Role: roles.get(i['RoleName']).role }));
  mock.on(iam.CreateRoleCommand).callsFake((i: Input) => {
    const role = {
      RoleName: i['RoleName'],
      Path: i['Path'],
      Description: i['Description'],
      Arn: `arn:aws:iam::${account}:role${i['Path']}${i['RoleName']}`,
      AssumeRolePolicyDocument: encodeURIComponent(i['AssumeRolePolicyDocument']),
    };
    roles.put('CreateRole', i['RoleName'], { role, policies: new Map() });
    return { Role: role };
  });
  mock.on(iam.UpdateAssumeRolePolicyCommand).callsFake((i: Input) => {
    const r = roles.get(i['RoleName']);
    roles.put('UpdateAssumeRolePolicy', i['RoleName'], {
      ...r,
      role: { ...r.role, AssumeRolePolicyDocument: encodeURIComponent(i['PolicyDocument']) },
    });
  });
  mock.on(iam.UpdateRoleCommand).callsFake((i: Input) => {
    const r = roles.get(i['RoleName']);
    roles.put('UpdateRole', i['RoleName'], { ...r, role: { ...r.role, Description: i['Description'] } });
  });
  mock.on(iam.GetRolePolicyCommand).callsFake((i: Input) => {
    const document = roles.get(i['RoleName']).policies.get(i['PolicyName']);
    if (document === undefined) throw awsError('NoSuchEntityException', 404);
    return { RoleName: i['RoleName'], PolicyName: i['PolicyName'], PolicyDocument: encodeURIComponent(document) };
  });
  mock.on(iam.PutRolePolicyCommand).callsFake((i: Input) => {
    log.write('PutRolePolicy');
    roles.get(i['RoleName']).policies.set(i['PolicyName'], i['PolicyDocument']);
  });
  mock.on(iam.ListRolePoliciesCommand).callsFake((i: Input) => ({ PolicyNames: [...roles.get(i['RoleName']).policies.keys()] }));
  mock.on(iam.DeleteRolePolicyCommand).callsFake((i: Input) => {
    log.write('DeleteRolePolicy');
    roles.get(i['RoleName']).policies.delete(i['PolicyName']);
  });
  mock.on(iam.DeleteRoleCommand).callsFake((i: Input) => {
    if (roles.get(i['RoleName']).policies.size > 0) throw awsError('DeleteConflictException', 409);
    roles.remove('DeleteRole', i['RoleName']);
  });
  return { mock, roles: roles.items };
}
