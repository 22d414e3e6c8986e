import { CreateProfileJobCommand, DeleteJobCommand, DescribeJobCommand, UpdateProfileJobCommand } from '@aws-sdk/client-databrew';
import { ReplacementRequired } from '../deploy-errors';
import { dataBrewArn } from './databrew-dataset';
import { orAbsent, type Properties, type ResourceHandler } from './handler';

/** The profile-job fields both CreateProfileJob and UpdateProfileJob take. */
function jobInput(desired: Properties) {
  return {
    Name: String(desired['Name']),
    RoleArn: String(desired['RoleArn']),
    OutputLocation: desired['OutputLocation'] as never,
    EncryptionMode: desired['EncryptionMode'] as never,
    EncryptionKeyArn: desired['EncryptionKeyArn'] as string,
    MaxCapacity: desired['MaxCapacity'] as number,
    Timeout: desired['Timeout'] as number,
    JobSample: desired['JobSample'] as never,
    Configuration: desired['Configuration'] as never,
    ValidationConfigurations: desired['ValidationConfigurations'] as never,
  };
}

export const dataBrewJobHandler: ResourceHandler = {
  type: 'AWS::DataBrew::Job',
  writeOnly: ['Tags'],
  createOnly: ['Type', 'DatasetName'],

  async read(desired, ctx) {
    const Name = String(desired['Name']);
    const job = await ctx.call(() =>
      orAbsent(() => ctx.clients.databrew.send(new DescribeJobCommand({ Name })), 'ResourceNotFoundException'),
    );
    if (!job) return undefined;
    const location = job.Outputs?.[0]?.Location;
    return {
      properties: {
        Type: job.Type,
        Name: job.Name,
        DatasetName: job.DatasetName,
        RoleArn: job.RoleArn,
        OutputLocation: location && { Bucket: location.Bucket, Key: location.Key },
        EncryptionMode: job.EncryptionMode,
        EncryptionKeyArn: job.EncryptionKeyArn,
        MaxCapacity: job.MaxCapacity,
        Timeout: job.Timeout,
        JobSample: job.JobSample,
        Configuration: job.ProfileConfiguration,
        ValidationConfigurations: job.ValidationConfigurations,
      },
      attributes: { Ref: Name, Arn: job.ResourceArn ?? dataBrewArn('job', Name, ctx) },
    };
  },

  async create(desired, ctx) {
    const input = jobInput(desired);
    await ctx.call(() =>
      ctx.clients.databrew.send(
        new CreateProfileJobCommand({
          ...input,
          DatasetName: String(desired['DatasetName']),
          Tags: desired['Tags'] as Record<string, string>,
        }),
      ),
    );
    return { Ref: input.Name, Arn: dataBrewArn('job', input.Name, ctx) };
  },

  async update(desired, actual, changed, ctx) {
    const replaced = changed.filter((p) => this.createOnly?.includes(p));
    if (replaced.length > 0) throw new ReplacementRequired(String(desired['Name']), replaced);
    await ctx.call(() => ctx.clients.databrew.send(new UpdateProfileJobCommand(jobInput(desired))));
    return actual.attributes;
  },

  async delete(actual, ctx) {
    await ctx.call(() => ctx.clients.databrew.send(new DeleteJobCommand({ Name: actual.attributes['Ref'] })));
  },
};
