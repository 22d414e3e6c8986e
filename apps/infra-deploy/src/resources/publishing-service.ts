import { Fn, Validations } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { CfnCluster, CfnService, CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { CfnListener, CfnLoadBalancer, CfnTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnManagedPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { glueDatabaseName, type StackConfig } from '../stack-config';
import { webTierNames } from './app-policies';
import { keyAliasName } from './kms-key';
import { LOAD_BALANCER_LOG_PREFIX } from './s3-buckets';
import { ROLE_PATH, roleName } from './iam-roles';
import { stackTags, tagList } from './stack-tags';

const CONTAINER = 'publishing-server';
const PORT = 3000;
/** TLS 1.3 and 1.2 only, forward secrecy. */
const SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export function publishingLogGroupName(config: StackConfig): string {
  return `/acad/${config.prefix}/publishing-server`;
}

/**
 * The publishing server as the reference design's web server: its container (the repo's
 * Dockerfile) on ECS Fargate in private subnets, with the app's own role, behind an Application
 * Load Balancer that answers HTTPS only (no plaintext listener at all) with the stack config's certificate.
 * The server reads the lake on S3 through Athena and Glue, like every command in AWS mode.
 */
export function addPublishingService(
  scope: Construct,
  config: StackConfig,
  deps: { key: CfnKey; taskRole: CfnRole; accessLogs: CfnBucket },
): CfnLoadBalancer | undefined {
  const web = config.publishingServer;
  if (!web) return undefined;
  const tags = tagList({ ...stackTags(config), 'acad:app': CONTAINER });

  const logGroup = new CfnLogGroup(scope, 'PublishingLogGroup', {
    logGroupName: publishingLogGroupName(config),
    retentionInDays: config.stack === 'prod' ? 365 : 90,
    kmsKeyId: deps.key.attrArn,
    tags,
  });
  const cluster = new CfnCluster(scope, 'PlatformCluster', {
    clusterName: `${config.prefix}-platform`,
    clusterSettings: [{ name: 'containerInsights', value: 'enabled' }],
    tags,
  });
  const executionRole = addExecutionRole(scope, config, logGroup);

  const task = new CfnTaskDefinition(scope, 'PublishingTaskDefinition', {
    family: `${config.prefix}-publishing-server`,
    cpu: '512',
    memory: '1024',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    executionRoleArn: executionRole.attrArn,
    taskRoleArn: deps.taskRole.attrArn,
    containerDefinitions: [
      {
        name: CONTAINER,
        image: web.image,
        essential: true,
        portMappings: [{ containerPort: PORT, protocol: 'tcp' }],
        environment: Object.entries(serverSettings(config)).map(([name, value]) => ({ name, value })),
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': logGroup.ref, 'awslogs-region': config.region, 'awslogs-stream-prefix': CONTAINER },
        },
      },
    ],
    tags,
  });
  Validations.of(task).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason:
      'The environment holds only non-secret settings (modes, region, bucket prefix, key alias, bind address); the server reads no secret from its environment, its keys are KMS keys reached through the task role.',
  });

  const albGroup = new CfnSecurityGroup(scope, 'PublishingLoadBalancerSecurityGroup', {
    groupDescription: `HTTPS to the ${config.prefix} publishing server`,
    vpcId: web.vpcId,
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: web.ingressCidr, description: 'HTTPS' }],
    tags,
  });
  if (web.ingressCidr === '0.0.0.0/0') {
    Validations.of(albGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'The public dashboards are meant for anyone (PRODUCT.md: public view without signing in); only 443 is open, and ACAD_INGRESS_CIDR narrows it to a campus network.',
    });
  }
  const taskGroup = new CfnSecurityGroup(scope, 'PublishingTaskSecurityGroup', {
    groupDescription: `The ${config.prefix} publishing server tasks: from the load balancer only`,
    vpcId: web.vpcId,
    securityGroupEgress: [
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0', description: 'AWS APIs (S3, Athena, Glue, KMS) over HTTPS' },
    ],
    tags,
  });
  new CfnSecurityGroupIngress(scope, 'PublishingTaskIngress', {
    groupId: taskGroup.attrGroupId,
    ipProtocol: 'tcp',
    fromPort: PORT,
    toPort: PORT,
    sourceSecurityGroupId: albGroup.attrGroupId,
    description: 'The load balancer',
  });

  const loadBalancer = new CfnLoadBalancer(scope, 'PublishingLoadBalancer', {
    name: webTierNames(config).loadBalancer,
    type: 'application',
    scheme: 'internet-facing',
    subnets: web.publicSubnetIds,
    securityGroups: [albGroup.attrGroupId],
    loadBalancerAttributes: [
      { key: 'access_logs.s3.enabled', value: 'true' },
      { key: 'access_logs.s3.bucket', value: deps.accessLogs.ref },
      { key: 'access_logs.s3.prefix', value: LOAD_BALANCER_LOG_PREFIX },
      { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
      { key: 'deletion_protection.enabled', value: config.stack === 'prod' ? 'true' : 'false' },
    ],
    tags,
  });
  const targets = new CfnTargetGroup(scope, 'PublishingTargetGroup', {
    name: webTierNames(config).targetGroup,
    targetType: 'ip',
    protocol: 'HTTP',
    port: PORT,
    vpcId: web.vpcId,
    healthCheckPath: '/healthz',
    healthCheckProtocol: 'HTTP',
    tags,
  });
  const https = new CfnListener(scope, 'PublishingHttpsListener', {
    loadBalancerArn: loadBalancer.ref,
    protocol: 'HTTPS',
    port: 443,
    sslPolicy: SSL_POLICY,
    certificates: [{ certificateArn: web.certificateArn }],
    defaultActions: [{ type: 'forward', targetGroupArn: targets.ref }],
  });

  const service = new CfnService(scope, 'PublishingService', {
    serviceName: `${config.prefix}-publishing-server`,
    cluster: cluster.ref,
    launchType: 'FARGATE',
    taskDefinition: task.ref,
    desiredCount: web.desiredCount,
    networkConfiguration: {
      awsvpcConfiguration: { subnets: web.privateSubnetIds, securityGroups: [taskGroup.attrGroupId], assignPublicIp: 'DISABLED' },
    },
    loadBalancers: [{ containerName: CONTAINER, containerPort: PORT, targetGroupArn: targets.ref }],
    healthCheckGracePeriodSeconds: 60,
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    tags,
  });
  service.addResourceDependency(https);
  return loadBalancer;
}

/** The settings of the server in its container: AWS mode throughout, listening on every interface of its task. */
function serverSettings(config: StackConfig): Record<string, string> {
  return {
    ACAD_STORAGE: 's3',
    ACAD_ENGINE: 'athena',
    ACAD_KMS: 'aws',
    ACAD_KMS_KEY_ID: keyAliasName(config),
    ACAD_CATALOG: 'glue',
    ACAD_GLUE_DATABASE: glueDatabaseName(config),
    ACAD_METRICS: 'cloudwatch',
    ACAD_S3_BUCKET_PREFIX: config.prefix,
    AWS_REGION: config.region,
    ACAD_BIND_ADDRESS: '0.0.0.0',
    PORT: String(PORT),
    ACAD_TRUST_PROXY: 'true',
    ACAD_HOME: '/tmp/acad',
  };
}

/** What ECS itself needs to start the task: pull the image and write the container's logs. */
function addExecutionRole(scope: Construct, config: StackConfig, logGroup: CfnLogGroup): CfnRole {
  const name = roleName(config, 'publishing-execution');
  const role = new CfnRole(scope, 'PublishingExecutionRole', {
    roleName: name,
    path: ROLE_PATH,
    description: 'ECS starts the publishing server task: image pull and logs',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    tags: tagList({ ...stackTags(config), 'acad:app': CONTAINER }),
  });
  const policy = new CfnManagedPolicy(scope, 'PublishingExecutionRolePolicy', {
    managedPolicyName: `${name}-policy`,
    path: ROLE_PATH,
    description: 'Pull the publishing server image and write its logs',
    roles: [role.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'RegistryToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
        {
          Sid: 'PullImage',
          Effect: 'Allow',
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: Fn.sub(`arn:\${AWS::Partition}:ecr:${config.region}:\${AWS::AccountId}:repository/*`),
        },
        {
          Sid: 'WriteLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          // The group's ARN ends in `:*`: its streams.
          Resource: logGroup.attrArn,
        },
      ],
    },
  });
  const reason = (what: string) => `${what}; the role is only ECS's, to start this one task.`;
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: reason('ecr:GetAuthorizationToken has no resource-level permission'),
  });
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:${config.region}:<AWS::AccountId>:repository/*]`,
    reason: reason('The image may be in any repository of the account (the stack config names it, not its repository)'),
  });
  return role;
}
