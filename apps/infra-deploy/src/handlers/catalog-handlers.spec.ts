import { readFileSync } from 'node:fs';
import { catalogEntryFromContract, glueTableInput } from '@acad/catalog';
import { compileDataBrewRules, datasetRules, parseDqdl, rulesFromContract, toDqdl } from '@acad/quality';
import { datasetRulesFile, getContract } from '@acad/schemas';
import * as databrew from '@aws-sdk/client-databrew';
import * as glue from '@aws-sdk/client-glue';
import { applyStack } from '../apply';
import { present } from '../fake-aws-errors.test-support';
import { FAKE_REGION, createFakeAws, type FakeAws } from '../fake-aws.test-support';
import { stackConfigFor } from '../stack-config';
import { synthesize } from '../synth';

const config = stackConfigFor('dev', { s3BucketPrefix: 'acad-dev', region: FAKE_REGION }, { budgetAlertEmails: 'platform@uni.edu' });
const resources = synthesize(config);
const attendance = getContract('attendance');
const tags = { project: 'academics-data-platform', 'acad:prefix': 'acad-dev', 'acad:stack': 'dev' };
const calls = <I>(mock: FakeAws['glue']['mock'] | FakeAws['databrew']['mock'], command: new (input: I) => unknown) =>
  mock.commandCalls(command as never).map((c) => (c.args[0] as { input: I }).input);

describe('Glue and DataBrew handlers', () => {
  let aws: FakeAws;

  beforeAll(async () => {
    aws = createFakeAws();
    await applyStack(resources, aws.ctx);
  });

  afterAll(() => aws.restore());

  it('creates the database, the trusted tables as the catalog sync writes them, and DQDL rulesets', () => {
    expect(calls(aws.glue.mock, glue.CreateDatabaseCommand)).toEqual([
      { DatabaseInput: { Name: 'acad_dev', Description: 'Academics Data Platform datasets; tables are named <zone>_<dataset>' } },
    ]);
    const table = calls<glue.CreateTableCommandInput>(aws.glue.mock, glue.CreateTableCommand).find(
      (i) => i.TableInput?.Name === 'trusted_attendance',
    );
    expect(table).toEqual({
      DatabaseName: 'acad_dev',
      TableInput: glueTableInput(catalogEntryFromContract(attendance, 'trusted', { location: 's3://acad-dev-trusted/attendance/' })),
    });
    const ruleset = calls<glue.CreateDataQualityRulesetCommandInput>(aws.glue.mock, glue.CreateDataQualityRulesetCommand).find(
      (i) => i.Name === 'acad-dev-trusted-attendance',
    );
    expect(ruleset).toEqual({
      Name: 'acad-dev-trusted-attendance',
      Description: `Quality rules of attendance (contract version ${attendance.version}); references name datasets by alias`,
      Ruleset: toDqdl(datasetRules(attendance)),
      TargetTable: { DatabaseName: 'acad_dev', TableName: 'trusted_attendance' },
      Tags: tags,
    });
  });

  it('sends Glue the rules file of each dataset as written, after the rules its contract implies', () => {
    const file = readFileSync(datasetRulesFile('attendance'), 'utf8');
    const sent = calls<glue.CreateDataQualityRulesetCommandInput>(aws.glue.mock, glue.CreateDataQualityRulesetCommand).find(
      (i) => i.Name === 'acad-dev-trusted-attendance',
    )?.Ruleset;
    expect(sent).toBe(toDqdl([...rulesFromContract(attendance), ...parseDqdl(file)]));
    // Each rule line of the file, with its id and severity comment, reaches Glue unchanged.
    const ruleLines = file
      .slice(file.indexOf('Rules = [') + 'Rules = ['.length, file.lastIndexOf(']'))
      .trim()
      .split('\n')
      .map((line) => line.trim());
    expect(ruleLines).toContain('ReferentialIntegrity "course_code,section" "courses.{course_code,section}" = 1');
    for (const line of ruleLines) expect(sent).toContain(line);
  });

  it('creates a DataBrew dataset over the Glue table, its ruleset, and a PII-detecting profile job', () => {
    expect(calls(aws.databrew.mock, databrew.CreateDatasetCommand)).toContainEqual({
      Name: 'acad-dev-trusted-attendance',
      Input: { DataCatalogInputDefinition: { DatabaseName: 'acad_dev', TableName: 'trusted_attendance' } },
      Tags: tags,
    });
    const ruleset = calls<databrew.CreateRulesetCommandInput>(aws.databrew.mock, databrew.CreateRulesetCommand).find(
      (i) => i.Name === 'acad-dev-trusted-attendance-rules',
    );
    expect(ruleset?.TargetArn).toBe(`arn:aws:databrew:${FAKE_REGION}:123456789012:dataset/acad-dev-trusted-attendance`);
    // The one compiler of libs/quality (its spec asserts each contract's output), as `acad quality export` prints it.
    const compiled = compileDataBrewRules(attendance, datasetRules(attendance));
    expect(ruleset?.Rules).toEqual(compiled.rules);
    expect(ruleset?.Description).toBe(
      `Quality rules of attendance; left to Glue Data Quality: ${compiled.skipped.map((s) => s.ruleId).join(', ')}`,
    );
    const job = calls<databrew.CreateProfileJobCommandInput>(aws.databrew.mock, databrew.CreateProfileJobCommand).find(
      (i) => i.Name === 'acad-dev-trusted-attendance-profile',
    );
    const keyArn = [...aws.kms.keys.values()][0].meta.Arn;
    expect(job).toEqual({
      Name: 'acad-dev-trusted-attendance-profile',
      DatasetName: 'acad-dev-trusted-attendance',
      RoleArn: 'arn:aws:iam::123456789012:role/acad/acad-dev-databrew-profiler',
      OutputLocation: { Bucket: 'acad-dev-platform', Key: 'databrew/profiles/attendance/' },
      EncryptionMode: 'SSE-KMS',
      EncryptionKeyArn: keyArn,
      MaxCapacity: 5,
      Timeout: 120,
      JobSample: { Mode: 'FULL_DATASET' },
      Configuration: { EntityDetectorConfiguration: { EntityTypes: ['USA_ALL', 'PERSON_NAME', 'EMAIL', 'PHONE_NUMBER', 'DATE'] } },
      ValidationConfigurations: [
        {
          RulesetArn: `arn:aws:databrew:${FAKE_REGION}:123456789012:ruleset/acad-dev-trusted-attendance-rules`,
          ValidationMode: 'CHECK_ALL',
        },
      ],
      Tags: tags,
    });
  });

  it('updates in place: tables keep parameters Glue added, rulesets and jobs get their update calls', async () => {
    const table = aws.glue.tables.get('acad_dev/trusted_students');
    if (!table) throw new Error('table missing');
    table['Description'] = 'edited in the console';
    present(aws.glue.rulesets.get('acad-dev-trusted-students'), 'acad-dev-trusted-students')['Ruleset'] = 'Rules = [ RowCount > 0 ]';
    present(aws.databrew.rulesets.get('acad-dev-trusted-students-rules'), 'acad-dev-trusted-students-rules')['Rules'] = [];
    present(aws.databrew.jobs.get('acad-dev-trusted-students-profile'), 'acad-dev-trusted-students-profile')['MaxCapacity'] = 1;
    aws.glue.mock.resetHistory();
    aws.databrew.mock.resetHistory();
    await applyStack(resources, aws.ctx);

    const [update] = calls<glue.UpdateTableCommandInput>(aws.glue.mock, glue.UpdateTableCommand);
    expect(update.DatabaseName).toBe('acad_dev');
    expect(update.TableInput?.Description).toBe(getContract('students').description);
    expect(update.TableInput?.Parameters?.['transient_lastDdlTime']).toBe('1');
    expect(calls(aws.glue.mock, glue.UpdateDataQualityRulesetCommand)).toEqual([
      {
        Name: 'acad-dev-trusted-students',
        Description: expect.stringContaining('Quality rules of students'),
        Ruleset: toDqdl(datasetRules(getContract('students'))),
      },
    ]);
    expect(calls<databrew.UpdateRulesetCommandInput>(aws.databrew.mock, databrew.UpdateRulesetCommand).map((i) => i.Name)).toEqual([
      'acad-dev-trusted-students-rules',
    ]);
    expect(calls<databrew.UpdateProfileJobCommandInput>(aws.databrew.mock, databrew.UpdateProfileJobCommand)).toEqual([
      expect.objectContaining({ Name: 'acad-dev-trusted-students-profile', MaxCapacity: 5 }),
    ]);
    expect(calls(aws.glue.mock, glue.CreateTableCommand)).toHaveLength(0);
  });
});
