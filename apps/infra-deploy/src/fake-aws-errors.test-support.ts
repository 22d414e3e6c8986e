/** An error shaped like the SDK's service exceptions: `name` and HTTP status. */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** Names of the write calls the fakes received, in order, and faults to answer some with. */
export class FakeLog {
  readonly writes: string[] = [];
  private readonly faults = new Map<string, Error[]>();

  /** The next `count` calls named `name` (e.g. `CreateBucket`) fail with `error` before any change. */
  failNext(name: string, error: Error, count = 1): void {
    this.faults.set(name, [...(this.faults.get(name) ?? []), ...Array.from({ length: count }, () => error)]);
  }

  write(name: string): void {
    const fault = this.faults.get(name)?.shift();
    if (fault) throw fault;
    this.writes.push(name);
  }
}

/** The value, or a test failure naming what was missing from the fake account. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not in the fake account`);
  return value;
}
