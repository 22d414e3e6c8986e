/** Something `plan`, `apply`, `destroy` or `drift` needs from the environment is missing. Exit code 2. */
export class MissingAwsSettings extends Error {
  readonly code = 'AWS_SETTINGS_MISSING';
  readonly exitCode = 2;

  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'MissingAwsSettings';
  }
}

/** CloudFormation refused or rolled back the work; the message says which resource and why. Exit code 1. */
export class DeployFailed extends Error {
  readonly code = 'DEPLOY_FAILED';
  readonly exitCode = 1;

  constructor(message: string) {
    super(message);
    this.name = 'DeployFailed';
  }
}
