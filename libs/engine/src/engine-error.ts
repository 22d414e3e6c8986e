/** The engine could not run a statement; `message` carries the engine's own explanation. */
export class EngineError extends Error {
  readonly code = 'ENGINE_ERROR';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
  }
}

/** Sandboxed SQL tried something the sandbox refuses: files, extensions, settings, writes. */
export class SandboxViolation extends Error {
  readonly code = 'SQL_NOT_ALLOWED';

  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Not allowed in the SQL sandbox: ${detail.split('\n')[0]}`, options);
    this.name = 'SandboxViolation';
  }
}
