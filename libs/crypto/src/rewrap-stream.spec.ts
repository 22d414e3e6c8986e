import { randomBytes } from 'node:crypto';
import { makeTempHome, runCollecting } from './crypto.test-support';
import { DecryptionFailed, UnknownKeyVersion } from './crypto-errors';
import { decryptBuffer, encryptBuffer } from './envelope-buffer';
import { PREAMBLE_BYTES } from './envelope-header';
import type { KeyProvider } from './key-provider';
import { LocalKeyring } from './local-keyring';
import { createRewrapStream, type RewrapResult } from './rewrap-stream';

const context = { dataset: 'attendance', zone: 'raw' };

describe('createRewrapStream', () => {
  let home: string;
  let cleanup: () => void;

  beforeEach(() => ({ home, cleanup } = makeTempHome()));
  afterEach(() => cleanup());

  it('moves an object to the newest master key without touching its frames; it then no longer needs v1', async () => {
    const keyring = LocalKeyring.create(home);
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

    // A provider that refuses v1 (deleting master-v1.key is a lost key now: LocalKeyring.open refuses it).
    const withoutV1: KeyProvider = {
      id: 'local',
      generateDataKey: (c) => keyring.generateDataKey(c),
      decryptDataKey: async (wrapped, keyId, c) => {
        if (keyId === 'local:v1') throw new UnknownKeyVersion(keyId, 'retired in this test');
        return keyring.decryptDataKey(wrapped, keyId, c);
      },
    };
    expect((await decryptBuffer(withoutV1, rewrapped)).equals(plaintext)).toBe(true);
    await expect(decryptBuffer(withoutV1, original)).rejects.toThrow(/Unknown key version "local:v1"/);
  });

  it('fails on a tampered or truncated header and on a foreign keyring', async () => {
    const keyring = LocalKeyring.create(home);
    const original = await encryptBuffer(keyring, context, Buffer.from('rows'));
    const tampered = Buffer.from(original);
    tampered[PREAMBLE_BYTES + 5] ^= 1;
    expect((await runCollecting(createRewrapStream(keyring), tampered)).error).toBeInstanceOf(DecryptionFailed);
    expect((await runCollecting(createRewrapStream(keyring), original.subarray(0, 20))).error).toMatchObject({ reason: 'truncated' });
    const other = makeTempHome();
    try {
      const { output, error } = await runCollecting(createRewrapStream(LocalKeyring.create(other.home)), original);
      expect(error).toMatchObject({ reason: 'key-unwrap' });
      expect(output).toHaveLength(0);
    } finally {
      other.cleanup();
    }
  });
});
