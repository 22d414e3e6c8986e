import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { makeTempHome, runCollecting } from './crypto.test-support';
import { createDecryptStream } from './decrypt-stream';
import { createEncryptStream } from './encrypt-stream';
import { decodeEnvelopeHeader, DEFAULT_FRAME_SIZE, ENVELOPE_MAGIC, PREAMBLE_BYTES } from './envelope-header';
import { LocalKeyring } from './local-keyring';

const context = { dataset: 'attendance', zone: 'raw' };

/** Splits an encrypted object into its header and frames (lengths, final flags). */
function layout(object: Buffer): { headerLength: number; frames: Array<{ length: number; final: boolean }> } {
  const headerLength = object.readUInt32BE(ENVELOPE_MAGIC.length);
  const frames: Array<{ length: number; final: boolean }> = [];
  let offset = PREAMBLE_BYTES + headerLength;
  while (offset < object.length) {
    const word = object.readUInt32BE(offset);
    const length = word & 0x7fffffff;
    frames.push({ length, final: word >>> 31 === 1 });
    offset += 4 + length + 16;
  }
  expect(offset).toBe(object.length);
  return { headerLength, frames };
}

describe('createEncryptStream', () => {
  let home: string;
  let cleanup: () => void;
  let keyring: LocalKeyring;

  beforeEach(() => {
    ({ home, cleanup } = makeTempHome());
    keyring = LocalKeyring.create(home);
  });
  afterEach(() => cleanup());

  it('writes magic, a canonical JSON header and 64 KiB frames with only the last one final', async () => {
    const plaintext = randomBytes(3 * DEFAULT_FRAME_SIZE + 100);
    const { output, error } = await runCollecting(await createEncryptStream(keyring, context), plaintext, 5000);
    expect(error).toBeUndefined();
    expect(output.subarray(0, 8).toString('ascii')).toBe('ACADENC1');
    const { headerLength, frames } = layout(output);
    const header = decodeEnvelopeHeader(output.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength));
    expect(header).toEqual({
      v: 1,
      alg: 'AES-256-GCM',
      keyId: 'local:v1',
      wrappedKey: expect.any(String),
      context,
      frameSize: DEFAULT_FRAME_SIZE,
      noncePrefix: expect.any(String),
    });
    expect(Buffer.from(header.noncePrefix, 'base64')).toHaveLength(8);
    expect(frames).toEqual([
      { length: DEFAULT_FRAME_SIZE, final: false },
      { length: DEFAULT_FRAME_SIZE, final: false },
      { length: DEFAULT_FRAME_SIZE, final: false },
      { length: 100, final: true },
    ]);
    expect(output.includes(plaintext.subarray(0, 64))).toBe(false);
  });

  it('makes an exact multiple of the frame size end in a full final frame, and empty input one empty final frame', async () => {
    const exact = await runCollecting(await createEncryptStream(keyring, context, { frameSize: 1024 }), randomBytes(2048), 300);
    expect(layout(exact.output).frames).toEqual([
      { length: 1024, final: false },
      { length: 1024, final: true },
    ]);
    const empty = await runCollecting(await createEncryptStream(keyring, context), Buffer.alloc(0));
    expect(layout(empty.output).frames).toEqual([{ length: 0, final: true }]);
  });

  it('uses a fresh data key and nonce prefix for every object', async () => {
    const plaintext = Buffer.from('same bytes');
    const a = (await runCollecting(await createEncryptStream(keyring, context), plaintext)).output;
    const b = (await runCollecting(await createEncryptStream(keyring, context), plaintext)).output;
    const headerOf = (object: Buffer) => decodeEnvelopeHeader(object.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + object.readUInt32BE(8)));
    expect(headerOf(a).wrappedKey).not.toBe(headerOf(b).wrappedKey);
    expect(headerOf(a).noncePrefix).not.toBe(headerOf(b).noncePrefix);
  });

  it('rejects bad frame sizes and contexts before asking for a key', async () => {
    await expect(createEncryptStream(keyring, context, { frameSize: 8 })).rejects.toThrow(RangeError);
    await expect(createEncryptStream(keyring, context, { frameSize: 32 * 1024 * 1024 })).rejects.toThrow(RangeError);
    await expect(createEncryptStream(keyring, { student: 'ada@uni.edu' })).rejects.toMatchObject({ code: 'ENCRYPTION_CONTEXT_INVALID' });
  });

  it('streams ~50 MB from a generator through encrypt → decrypt in bounded frames and gets the same bytes back', async () => {
    const block = randomBytes(1024 * 1024);
    const total = 50 * 1024 * 1024 + 12345;
    const sourceHash = createHash('sha256');
    async function* source(): AsyncGenerator<Buffer> {
      let sent = 0;
      let round = 0;
      while (sent < total) {
        const size = Math.min(100_003 + (round % 7) * 4099, total - sent);
        const chunk = Buffer.alloc(size);
        for (let at = 0; at < size; at += block.length) block.copy(chunk, at, 0, Math.min(block.length, size - at));
        chunk.writeUInt32BE(round, 0); // no two chunks are alike
        sourceHash.update(chunk);
        sent += size;
        round += 1;
        yield chunk;
      }
    }
    const resultHash = createHash('sha256');
    let received = 0;
    let largestChunk = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        resultHash.update(chunk);
        received += chunk.length;
        largestChunk = Math.max(largestChunk, chunk.length);
        callback();
      },
    });
    await pipeline(Readable.from(source()), await createEncryptStream(keyring, context), createDecryptStream(keyring), sink);
    expect(received).toBe(total);
    expect(resultHash.digest('hex')).toBe(sourceHash.digest('hex'));
    expect(largestChunk).toBe(DEFAULT_FRAME_SIZE); // plaintext leaves one verified frame at a time
  }, 30_000);
});
