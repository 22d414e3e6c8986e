import { appendFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** One data access: who, as what role, through which route, on what, how many rows. Never a value. */
export interface AuditEvent {
  user: string;
  role: string;
  route: string;
  method: string;
  status: number;
  dataset?: string;
  rows?: number;
  format?: string;
  /** For SQL: the relations named, never the text (it may hold literal values). */
  relations?: string[];
}

/** Append-only JSON lines under `<ACAD_HOME>/audit/audit-YYYY-MM-DD.jsonl`, mode 0600. */
export class AuditLog {
  constructor(private readonly home: string) {}

  fileFor(at: Date): string {
    return join(this.home, 'audit', `audit-${at.toISOString().slice(0, 10)}.jsonl`);
  }

  record(event: AuditEvent, at: Date = new Date()): void {
    const file = this.fileFor(at);
    const fresh = !existsSync(file);
    if (fresh) mkdirSync(join(this.home, 'audit'), { recursive: true, mode: 0o700 });
    // 'a' opens with O_APPEND: lines from concurrent requests never overwrite each other.
    appendFileSync(file, `${JSON.stringify({ at: at.toISOString(), ...event })}\n`, { mode: 0o600, flag: 'a' });
    if (fresh) chmodSync(file, 0o600);
  }
}
