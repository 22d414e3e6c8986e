import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  type ObjectIdentifier,
} from '@aws-sdk/client-s3';
import { BUCKET_ASPECTS, type BucketAspect } from './s3-bucket-aspects';
import { canonical, orAbsent, type ActualResource, type HandlerContext, type Properties, type ResourceHandler } from './handler';

/** An S3-compatible server answers these for bucket features it does not have. */
function isUnsupported(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === 'NotImplemented' ||
    e?.name === 'MethodNotAllowed' ||
    e?.$metadata?.httpStatusCode === 501 ||
    e?.$metadata?.httpStatusCode === 405
  );
}

const attributes = (name: string, ctx: HandlerContext) => ({ Ref: name, Arn: `arn:${ctx.account.partition}:s3:::${name}` });
const normalized = (aspect: BucketAspect, value: unknown) => canonical(aspect.normalize ? aspect.normalize(value) : value);

/** Writes aspects; on an S3-compatible server, ones it lacks are skipped (`plan` lists them). */
async function putAspects(desired: Properties, aspects: readonly BucketAspect[], ctx: HandlerContext): Promise<void> {
  const bucket = String(desired['BucketName']);
  for (const aspect of aspects) {
    if (desired[aspect.property] === undefined || (ctx.s3Endpoint && aspect.awsOnly)) continue;
    try {
      await ctx.call(() => aspect.put(ctx.clients.s3, bucket, desired[aspect.property]));
    } catch (error) {
      if (!(ctx.s3Endpoint && isUnsupported(error))) throw error;
    }
  }
}

export const s3BucketHandler: ResourceHandler = {
  type: 'AWS::S3::Bucket',

  async read(desired, ctx) {
    const bucket = String(desired['BucketName']);
    const head = await ctx.call(() =>
      orAbsent(() => ctx.clients.s3.send(new HeadBucketCommand({ Bucket: bucket })), 'NotFound', 'NoSuchBucket'),
    );
    if (!head) return undefined;
    const properties: Properties = { BucketName: bucket };
    const unsupported: string[] = [];
    for (const aspect of BUCKET_ASPECTS) {
      if (ctx.s3Endpoint && aspect.awsOnly) {
        unsupported.push(aspect.property);
        continue;
      }
      try {
        const value = await ctx.call(() => aspect.get(ctx.clients.s3, bucket));
        if (value !== undefined) properties[aspect.property] = value;
      } catch (error) {
        if (!(ctx.s3Endpoint && isUnsupported(error))) throw error;
        unsupported.push(aspect.property);
      }
    }
    return { properties, attributes: attributes(bucket, ctx), unsupported };
  },

  diff(desired, actual) {
    return BUCKET_ASPECTS.filter(
      (a) =>
        desired[a.property] !== undefined &&
        !actual.unsupported?.includes(a.property) &&
        normalized(a, desired[a.property]) !== normalized(a, actual.properties[a.property]),
    ).map((a) => a.property);
  },

  async create(desired, ctx) {
    const bucket = String(desired['BucketName']);
    const region = ctx.account.region;
    await ctx.call(() =>
      ctx.clients.s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
        }),
      ),
    );
    await putAspects(desired, BUCKET_ASPECTS, ctx);
    return attributes(bucket, ctx);
  },

  async update(desired, _actual, changed, ctx) {
    await putAspects(
      desired,
      BUCKET_ASPECTS.filter((a) => changed.includes(a.property)),
      ctx,
    );
    return attributes(String(desired['BucketName']), ctx);
  },

  async refuseDelete(actual, ctx, { force }) {
    if (force || (await isEmpty(actual, ctx))) return undefined;
    return `bucket ${String(actual.properties['BucketName'])} is not empty`;
  },

  async delete(actual, ctx, { force }) {
    const bucket = String(actual.properties['BucketName']);
    if (force) await emptyBucket(actual, ctx);
    await ctx.call(() => ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket })));
  },
};

function versioned(actual: ActualResource): boolean {
  return (actual.properties['VersioningConfiguration'] as { Status?: string } | undefined)?.Status !== undefined;
}

async function isEmpty(actual: ActualResource, ctx: HandlerContext): Promise<boolean> {
  const bucket = String(actual.properties['BucketName']);
  const objects = await ctx.call(() => ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 })));
  if ((objects.KeyCount ?? objects.Contents?.length ?? 0) > 0) return false;
  if (!versioned(actual)) return true;
  // Deleted objects of a versioned bucket live on as versions and delete markers.
  const versions = await ctx.call(() => ctx.clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1 })));
  return (versions.Versions?.length ?? 0) + (versions.DeleteMarkers?.length ?? 0) === 0;
}

/** Deletes every object (and, when versioned, every version) in pages of up to 1000. */
async function emptyBucket(actual: ActualResource, ctx: HandlerContext): Promise<void> {
  const bucket = String(actual.properties['BucketName']);
  const remove = (Objects: ObjectIdentifier[]) =>
    ctx.call(() => ctx.clients.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects, Quiet: true } })));
  for (;;) {
    const page = await ctx.call(() => ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 })));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key ?? '' }));
    if (keys.length === 0) break;
    await remove(keys);
  }
  if (!versioned(actual)) return;
  for (;;) {
    const page = await ctx.call(() => ctx.clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 })));
    const versions = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key ?? '', VersionId: v.VersionId }));
    if (versions.length === 0) break;
    await remove(versions);
  }
}
