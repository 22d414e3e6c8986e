import { randomBytes } from 'node:crypto';
import { makeTempHome, runCollecting } from './crypto.test-support';
import { encryptBuffer } from './envelope-buffer';
import { createEnvelopeDigest } from './envelope-digest';
import { PREAMBLE_BYTES } from './envelope-header';
import { LocalKeyring } from './local-keyring';
import { createRewrapStream } from './rewrap-stream';

const context = { dataset: 'attendance', zone: 'raw', batch: 'b1', object: 'attendance/batch=b1/records.parquet.enc' };

async function digestOf(object: Buffer, chunkSize = 777): Promise<string> {
  const digest = createEnvelopeDigest();
  const { output, error } = await runCollecting(digest, object, chunkSize);
  if (error) throw error;
  expect(output.equals(object)).toBe(true);
  return digest.sha256;
}

describe('EnvelopeDigest', () => {
  let home: string;
  let cleanup: () => void;
  let keyring: LocalKeyring;

  beforeEach(() => {
    ({ home, cleanup } = makeTempHome());
    keyring = LocalKeyring.create(home);
  });
  afterEach(() => cleanup());

  it('passes the bytes through, gives the same digest however they are chunked, and survives a key rewrap', async () => {
    const object = await encryptBuffer(keyring, context, randomBytes(50_000), { frameSize: 4096 });
    const digest = await digestOf(object);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await digestOf(object, 1)).toBe(digest);
    keyring.rotate();
    const { output: rewrapped } = await runCollecting(createRewrapStream(keyring), object);
    expect(rewrapped.equals(object)).toBe(false);
    expect(await digestOf(rewrapped)).toBe(digest);
  });

  it('changes with any byte of the frames and with the bound header fields', async () => {
    const object = await encryptBuffer(keyring, context, randomBytes(5_000), { frameSize: 1024 });
    const digest = await digestOf(object);
    const framesStart = PREAMBLE_BYTES + object.readUInt32BE(8);
    for (const at of [framesStart, framesStart + 100, object.length - 1]) {
      const tampered = Buffer.from(object);
      tampered[at] ^= 1;
      expect(await digestOf(tampered)).not.toBe(digest);
    }
    // Another object with the same plaintext and context differs (fresh nonce and key).
    expect(await digestOf(await encryptBuffer(keyring, context, randomBytes(5_000), { frameSize: 1024 }))).not.toBe(digest);
  });

  it('fails on data that is not an envelope, or ends inside its header', async () => {
    await expect(digestOf(Buffer.from('PAR1 not an envelope'))).rejects.toMatchObject({ reason: 'header' });
    const object = await encryptBuffer(keyring, context, Buffer.from('x'));
    await expect(digestOf(object.subarray(0, 30))).rejects.toMatchObject({ reason: 'truncated' });
  });
});
