import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempHome, runCollecting } from './crypto.test-support';
import { DecryptionFailed } from './crypto-errors';
import { decryptBuffer, encryptBuffer } from './envelope-buffer';
import { PREAMBLE_BYTES } from './envelope-header';
import { LocalKeyring } from './local-keyring';
import { createRewrapStream, type RewrapResult } from './rewrap-stream';

const context = { dataset: 'attendance', zone: 'raw' };

describe('createRewrapStream', () => {
  let home: string;
  let cleanup: () => void;

  beforeEach(() => ({ home, cleanup } = makeTempHome()));
  afterEach(() => cleanup());

  it('moves an object to the newest master key without touching its frames; v1 can then be retired', async () => {
    const keyring = LocalKeyring.open(home);
    const plaintext = randomBytes(200_000);
    const original = await encryptBuffer(keyring, context, plaintext, { frameSize: 8192 });
    keyring.rotate();

    const reports: RewrapResult[] = [];
    const { output: rewrapped, error } = await runCollecting(
      createRewrapStream(keyring, (r) => reports.push(r)),
      original,
      3000,
    );
    expect(error).toBeUndefined();
    expect(reports).toEqual([{ from: 'local:v1', to: 'local:v2' }]);
    const framesOf = (object: Buffer) => object.subarray(PREAMBLE_BYTES + object.readUInt32BE(8));
    expect(framesOf(rewrapped).equals(framesOf(original))).toBe(true);

    unlinkSync(join(home, 'keys', 'master-v1.key'));
    const withoutV1 = LocalKeyring.open(home);
    expect(withoutV1.versions).toEqual([2]);
    expect((await decryptBuffer(withoutV1, rewrapped)).equals(plaintext)).toBe(true);
    await expect(decryptBuffer(withoutV1, original)).rejects.toThrow(/Unknown key version "local:v1"/);
  });

  it('fails on a tampered or truncated header and on a foreign keyring', async () => {
    const keyring = LocalKeyring.open(home);
    const original = await encryptBuffer(keyring, context, Buffer.from('rows'));
    const tampered = Buffer.from(original);
    tampered[PREAMBLE_BYTES + 5] ^= 1;
    expect((await runCollecting(createRewrapStream(keyring), tampered)).error).toBeInstanceOf(DecryptionFailed);
    expect((await runCollecting(createRewrapStream(keyring), original.subarray(0, 20))).error).toMatchObject({ reason: 'truncated' });
    const other = makeTempHome();
    try {
      const { output, error } = await runCollecting(createRewrapStream(LocalKeyring.open(other.home)), original);
      expect(error).toMatchObject({ reason: 'key-unwrap' });
      expect(output).toHaveLength(0);
    } finally {
      other.cleanup();
    }
  });
});
