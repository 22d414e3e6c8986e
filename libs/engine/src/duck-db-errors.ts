import { EngineError, SandboxViolation } from './engine-error';

// DuckDB 1.5 wording for refused file access, extension loading and locked settings.
const SANDBOX_REFUSALS = [
  /^Permission Error:/,
  /disabled (by|through) configuration/,
  /the configuration has been locked/,
  /Cannot enable external access/,
];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Turns a DuckDB failure into an `EngineError`, or a `SandboxViolation` when a locked sandbox refused it. */
export function engineErrorFrom(error: unknown, lockedDown: boolean): EngineError | SandboxViolation {
  if (error instanceof EngineError || error instanceof SandboxViolation) {
    return error;
  }
  const message = messageOf(error);
  if (lockedDown && SANDBOX_REFUSALS.some((pattern) => pattern.test(message))) {
    return new SandboxViolation(message, { cause: error });
  }
  return new EngineError(message, { cause: error });
}
