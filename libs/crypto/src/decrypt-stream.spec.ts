import { randomBytes } from 'node:crypto';
import { makeTempHome, runCollecting } from './crypto.test-support';
import { DecryptionFailed, EncryptionContextMismatch } from './crypto-errors';
import { createDecryptStream } from './decrypt-stream';
import { createEncryptStream } from './encrypt-stream';
import { decodeEnvelopeHeader, encodeEnvelopeHeader, PREAMBLE_BYTES, type EnvelopeHeader } from './envelope-header';
import { LocalKeyring } from './local-keyring';

const context = { dataset: 'attendance', zone: 'raw' };
const FRAME = 64;

interface Parsed {
  header: EnvelopeHeader;
  headerEnd: number;
  /** [start, end) byte ranges of each frame, length word included. */
  frames: Array<[number, number]>;
}

function parse(object: Buffer): Parsed {
  const headerEnd = PREAMBLE_BYTES + object.readUInt32BE(8);
  const header = decodeEnvelopeHeader(object.subarray(PREAMBLE_BYTES, headerEnd));
  const frames: Array<[number, number]> = [];
  for (let offset = headerEnd; offset < object.length; ) {
    const end = offset + 4 + (object.readUInt32BE(offset) & 0x7fffffff) + 16;
    frames.push([offset, end]);
    offset = end;
  }
  return { header, headerEnd, frames };
}

describe('createDecryptStream', () => {
  let home: string;
  let cleanup: () => void;
  let keyring: LocalKeyring;

  async function encrypt(plaintext: Buffer, frameSize?: number, ctx = context): Promise<Buffer> {
    const { output, error } = await runCollecting(await createEncryptStream(keyring, ctx, { frameSize }), plaintext, 4096);
    expect(error).toBeUndefined();
    return output;
  }

  beforeEach(() => {
    ({ home, cleanup } = makeTempHome());
    keyring = LocalKeyring.create(home);
  });
  afterEach(() => cleanup());

  it.each([
    ['empty', 0, 3],
    ['small', 17, 5],
    ['one byte short of a frame', FRAME - 1, 1],
    ['exactly three frames', 3 * FRAME, 7],
    ['multi-frame, fed byte by byte', 5 * FRAME + 3, 1],
  ])('round-trips %s data', async (_name, size, chunk) => {
    const plaintext = randomBytes(size);
    const { output, error } = await runCollecting(createDecryptStream(keyring), await encrypt(plaintext, FRAME), chunk);
    expect(error).toBeUndefined();
    expect(output.equals(plaintext)).toBe(true);
  });

  it('round-trips 5 MB in 64 KiB frames fed in uneven chunks, reporting the header', async () => {
    const plaintext = randomBytes(5 * 1024 * 1024 + 7);
    const seen: EnvelopeHeader[] = [];
    const stream = createDecryptStream(keyring, { expectedContext: { zone: 'raw', dataset: 'attendance' }, onHeader: (h) => seen.push(h) });
    const { output, error } = await runCollecting(stream, await encrypt(plaintext), 77_777);
    expect(error).toBeUndefined();
    expect(output.equals(plaintext)).toBe(true);
    expect(seen.map((h) => [h.keyId, h.context])).toEqual([['local:v1', context]]);
  });

  it('fails on a flipped bit anywhere (header, wrapped key, frame length, ciphertext, tag) and never emits the tampered frame', async () => {
    const plaintext = randomBytes(3 * FRAME + 8);
    const object = await encrypt(plaintext, FRAME);
    const { headerEnd, frames } = parse(object);
    expect(frames).toHaveLength(4);
    for (let position = 0; position < object.length; position += 1) {
      const tampered = Buffer.from(object);
      tampered[position] ^= 1 << position % 8; // every bit position gets exercised across the object
      const { output, error } = await runCollecting(createDecryptStream(keyring), tampered, 4096);
      expect(error).toBeInstanceOf(DecryptionFailed);
      expect((error as DecryptionFailed).code).toBe('DECRYPTION_FAILED');
      // Only frames wholly before the flipped byte may have been released.
      const frameIndex = position < headerEnd ? 0 : frames.findIndex(([start, end]) => position >= start && position < end);
      expect(output.length).toBeLessThanOrEqual(frameIndex * FRAME);
      expect(output.equals(plaintext.subarray(0, output.length))).toBe(true);
    }
  }, 30_000);

  it('fails on a flipped bit in the wrapped key itself, naming the key unwrap', async () => {
    const object = await encrypt(Buffer.from('student rows'));
    const { header } = parse(object);
    const wrapped = Buffer.from(header.wrappedKey, 'base64');
    wrapped[20] ^= 0x04;
    const forged = Buffer.concat([
      encodeEnvelopeHeader({ ...header, wrappedKey: wrapped.toString('base64') }),
      object.subarray(parse(object).headerEnd),
    ]);
    const { output, error } = await runCollecting(createDecryptStream(keyring), forged);
    expect(error).toMatchObject({ code: 'DECRYPTION_FAILED', reason: 'key-unwrap' });
    expect((error as Error).message).toMatch(/tampered with, or the key or encryption context is wrong/);
    expect(output).toHaveLength(0);
  });

  it('fails when the header context is rewritten, and reports a mismatch against expectedContext', async () => {
    const object = await encrypt(Buffer.from('student rows'));
    const { header, headerEnd } = parse(object);
    const forged = Buffer.concat([
      encodeEnvelopeHeader({ ...header, context: { dataset: 'attendance', zone: 'curated' } }),
      object.subarray(headerEnd),
    ]);
    expect((await runCollecting(createDecryptStream(keyring), forged)).error).toMatchObject({ reason: 'key-unwrap' });

    const { output, error } = await runCollecting(
      createDecryptStream(keyring, { expectedContext: { dataset: 'admissions', zone: 'raw' } }),
      object,
    );
    expect(error).toBeInstanceOf(EncryptionContextMismatch);
    expect(error).toMatchObject({ code: 'ENCRYPTION_CONTEXT_MISMATCH' });
    expect((error as Error).message).toContain('"dataset":"admissions"');
    expect(output).toHaveLength(0);
  });

  it('fails under a different keyring', async () => {
    const object = await encrypt(Buffer.from('student rows'));
    const other = makeTempHome();
    try {
      const { output, error } = await runCollecting(createDecryptStream(LocalKeyring.create(other.home)), object);
      expect(error).toMatchObject({ code: 'DECRYPTION_FAILED', reason: 'key-unwrap' });
      expect(output).toHaveLength(0);
    } finally {
      other.cleanup();
    }
  });

  it('fails on truncation: inside the header, after a whole frame, without the final frame, inside a frame', async () => {
    const plaintext = randomBytes(3 * FRAME + 8);
    const object = await encrypt(plaintext, FRAME);
    const { headerEnd, frames } = parse(object);
    for (const cut of [5, headerEnd - 1, headerEnd, frames[0][1], frames[2][1], frames[3][1] - 1, frames[1][0] + 10]) {
      const { output, error } = await runCollecting(createDecryptStream(keyring), object.subarray(0, cut), 40);
      expect(error).toMatchObject({ code: 'DECRYPTION_FAILED', reason: 'truncated' });
      expect(output.equals(plaintext.subarray(0, output.length))).toBe(true);
    }
  });

  it('fails on reordered frames, frames swapped in from another object, and bytes after the final frame', async () => {
    const plaintext = randomBytes(3 * FRAME);
    const object = await encrypt(plaintext, FRAME);
    const { headerEnd, frames } = parse(object);
    const piece = (i: number, from = object) => from.subarray(parse(from).frames[i][0], parse(from).frames[i][1]);

    const reordered = Buffer.concat([object.subarray(0, headerEnd), piece(1), piece(0), piece(2)]);
    const reorderedResult = await runCollecting(createDecryptStream(keyring), reordered);
    expect(reorderedResult.error).toMatchObject({ reason: 'frame' });
    expect(reorderedResult.output).toHaveLength(0);

    const otherObject = await encrypt(randomBytes(3 * FRAME), FRAME);
    const swapped = Buffer.concat([object.subarray(0, frames[1][0]), piece(1, otherObject), piece(2)]);
    const swappedResult = await runCollecting(createDecryptStream(keyring), swapped);
    expect(swappedResult.error).toMatchObject({ reason: 'frame' });
    expect(swappedResult.output.equals(plaintext.subarray(0, FRAME))).toBe(true);

    const trailing = await runCollecting(createDecryptStream(keyring), Buffer.concat([object, Buffer.from([0])]));
    expect(trailing.error).toMatchObject({ reason: 'trailing-data' });
  });

  it('rejects data that is not an encrypted object at all', async () => {
    const { output, error } = await runCollecting(createDecryptStream(keyring), Buffer.from('student_id,date\nS1,2024-01-04\n'));
    expect(error).toMatchObject({ reason: 'header' });
    expect((error as Error).message).not.toContain('S1');
    expect(output).toHaveLength(0);
  });

  it('keeps data written before a rotation readable, and writes new data under v2', async () => {
    const before = randomBytes(500);
    const oldObject = await encrypt(before, FRAME);
    keyring.rotate();
    const after = randomBytes(500);
    const newObject = await encrypt(after, FRAME);
    expect(parse(oldObject).header.keyId).toBe('local:v1');
    expect(parse(newObject).header.keyId).toBe('local:v2');
    const reopened = LocalKeyring.open(home);
    expect((await runCollecting(createDecryptStream(reopened), oldObject)).output.equals(before)).toBe(true);
    expect((await runCollecting(createDecryptStream(reopened), newObject)).output.equals(after)).toBe(true);
  });
});
