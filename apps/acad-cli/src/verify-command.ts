import type { Settings } from '@acad/config';
import { verifyLake, type LakeVerification, type VerifiedFile } from '@acad/zones';
import { dataProtection, zoneStores } from './compose';

/** The lake failed verification: the report was printed, the command exits 1. */
export class LakeVerificationFailed extends Error {
  readonly code = 'VERIFY_FAILED';
  constructor(readonly report: LakeVerification) {
    const bad = report.counts['hash-mismatch'] + report.counts.missing + report.counts.undecryptable;
    super(
      `${bad} of ${report.files.length} committed file(s) are missing, changed or undecryptable (see above); restore them from a backup of the zones`,
    );
    this.name = 'LakeVerificationFailed';
  }
}

/** `acad verify`: every committed file checked against its commit; sealed ones decrypted end to end. */
export async function verifyCommand(
  settings: Settings,
  onFile?: (file: VerifiedFile, done: number, total: number) => void,
): Promise<LakeVerification> {
  const stores = zoneStores(settings);
  return verifyLake(stores, (await dataProtection(settings, stores)).envelopeKeys, onFile);
}

/** One line per file that is not plainly ok, then the counts. */
export function formatVerification(report: LakeVerification): string {
  const lines = report.files
    .filter((f) => f.status !== 'ok')
    .map((f) => `  ${f.status.padEnd(13)} ${f.zone}/${f.key} (commit ${f.seq})${f.detail ? `: ${f.detail}` : ''}`);
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return [
    ...lines,
    `${report.ok ? 'OK' : 'DAMAGED'}: ${report.files.length} committed file(s) up to commit ${report.seq}${counts ? ` (${counts})` : ''}`,
  ].join('\n');
}
