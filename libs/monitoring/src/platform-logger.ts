import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Where and how much an app logs (ACAD_HOME, ACAD_LOG_LEVEL). */
export interface PlatformLogSettings {
  readonly home: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export interface PlatformLoggerOptions {
  /** Where the JSON lines go; by default appended to `platformLogFile(home, name)`. */
  readonly destination?: DestinationStream;
  /** The run id stamped on every line; a fresh UUID by default. */
  readonly runId?: string;
  /** How objects logged under these keys are written (e.g. an HTTP request without its query string). */
  readonly serializers?: LoggerOptions['serializers'];
}

/** `<ACAD_HOME>/logs/<name>.log`: one JSON-lines file per app. */
export function platformLogFile(home: string, name: string): string {
  return join(home, 'logs', `${name}.log`);
}

/**
 * The one pino setup every app logs through: JSON lines naming the app and its run, at
 * ACAD_LOG_LEVEL. Callers log ids, counts, routes and codes, never a row value or a request
 * body: nothing here can take PII back out of a line once it is written.
 */
export function createPlatformLogger(settings: PlatformLogSettings, name: string, options: PlatformLoggerOptions = {}): Logger {
  let destination = options.destination;
  if (!destination) {
    const file = platformLogFile(settings.home, name);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Synchronous appends: a line is on disk before the command exits or the process is killed.
    destination = pino.destination({ dest: file, append: true, sync: true });
  }
  return pino(
    {
      name,
      level: settings.logLevel,
      base: { runId: options.runId ?? randomUUID() },
      ...(options.serializers ? { serializers: options.serializers } : {}),
    },
    destination,
  );
}
