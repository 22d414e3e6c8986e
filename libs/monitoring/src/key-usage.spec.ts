import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptBuffer, LocalKeyring } from '@acad/crypto';
import { LocalFsObjectStore } from '@acad/storage';
import { collectKeyUsage } from './key-usage';

describe('collectKeyUsage', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'acad-keys-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('counts sealed objects per wrapping key version from their envelope headers', async () => {
    const keyring = LocalKeyring.create(home);
    const raw = new LocalFsObjectStore(join(home, 'zones', 'raw'));
    const quarantine = new LocalFsObjectStore(join(home, 'zones', 'quarantine'));
    const seal = (text: string) => encryptBuffer(keyring, { dataset: 'attendance', zone: 'raw' }, Buffer.from(text.repeat(5000)));
    await raw.put('attendance/batch=a/part-0.parquet.enc', await seal('a'));
    await raw.put('attendance/batch=a/source.csv.enc', await seal('b'));
    keyring.rotate();
    await quarantine.put('attendance/batch=b/rejected.parquet.enc', await seal('c'));
    await raw.put('attendance/batch=c/not-sealed.enc', 'plain text pretending');
    await raw.put('attendance/batch=c/other.parquet', 'ignored');

    expect(await collectKeyUsage({ raw, quarantine })).toEqual({
      sealedObjectsByKey: { 'local:v1': 2, 'local:v2': 1 },
      sealedObjects: 3,
      unreadable: 1,
    });
  });
});
