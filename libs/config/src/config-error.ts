/** A setting that is missing, malformed or contradictory. Apps exit with code 2. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly exitCode = 2;

  constructor(
    readonly setting: string,
    readonly source: string,
    detail: string,
  ) {
    super(`Invalid setting ${setting} (from ${source}): ${detail}`);
    this.name = 'ConfigError';
  }
}
