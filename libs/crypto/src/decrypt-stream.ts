import { Transform, type TransformCallback } from 'node:stream';
import { ByteQueue } from './byte-queue';
import { DecryptionFailed, EncryptionContextMismatch, UnknownKeyVersion } from './crypto-errors';
import { sameEncryptionContext, validateEncryptionContext, type EncryptionContext } from './encryption-context';
import { decodeEnvelopeHeader, headerBindingHash, PREAMBLE_BYTES, readHeaderLength, type EnvelopeHeader } from './envelope-header';
import { FINAL_FLAG, FRAME_LENGTH_BYTES, openFrame, TAG_BYTES, type FrameKeys } from './envelope-frame';
import type { KeyProvider } from './key-provider';

export interface DecryptStreamOptions {
  /** When given, the object's authenticated context must equal it exactly. */
  expectedContext?: EncryptionContext;
  /** Called once the header has been read and the data key unwrapped. */
  onHeader?: (header: EnvelopeHeader) => void;
}

/**
 * Returns a Transform that reads an ACADENC1 object and emits its plaintext frame by frame.
 * A frame's plaintext is emitted only after its tag verifies; tampering, a wrong key or context,
 * truncation and trailing bytes all fail with `DecryptionFailed` (or
 * `EncryptionContextMismatch` for `expectedContext`).
 */
export function createDecryptStream(provider: KeyProvider, options: DecryptStreamOptions = {}): Transform {
  if (options.expectedContext) validateEncryptionContext(options.expectedContext);
  return new DecryptTransform(provider, options);
}

class DecryptTransform extends Transform {
  private readonly queue = new ByteQueue();
  private headerLength: number | undefined;
  private header: EnvelopeHeader | undefined;
  private keys: FrameKeys | undefined;
  private index = 0;
  private finished = false;

  constructor(
    private readonly provider: KeyProvider,
    private readonly options: DecryptStreamOptions,
  ) {
    super();
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    this.queue.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    this.drain().then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.drain().then(() => {
      if (this.finished) return callback();
      const where = this.keys ? `after ${this.index} frame(s) without a final frame` : 'inside the header';
      callback(new DecryptionFailed('truncated', `The object ends ${where}.`));
    }, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.keys?.dataKey.fill(0);
    callback(error);
  }

  private async drain(): Promise<void> {
    if (!this.keys) {
      if (!(await this.readHeader())) return;
    }
    while (this.readFrame()) {
      /* each call consumes one complete frame */
    }
  }

  private async readHeader(): Promise<boolean> {
    if (this.headerLength === undefined) {
      if (this.queue.length < PREAMBLE_BYTES) return false;
      this.headerLength = readHeaderLength(this.queue.take(PREAMBLE_BYTES));
    }
    if (this.queue.length < this.headerLength) return false;
    const header = decodeEnvelopeHeader(this.queue.take(this.headerLength));
    const expected = this.options.expectedContext;
    if (expected && !sameEncryptionContext(expected, header.context)) {
      throw new EncryptionContextMismatch(expected, header.context);
    }
    const dataKey = await this.unwrap(header);
    this.header = header;
    this.keys = {
      dataKey,
      noncePrefix: Buffer.from(header.noncePrefix, 'base64'),
      headerHash: headerBindingHash(header),
    };
    this.options.onHeader?.(header);
    return true;
  }

  private async unwrap(header: EnvelopeHeader): Promise<Buffer> {
    try {
      const key = await this.provider.decryptDataKey(Buffer.from(header.wrappedKey, 'base64'), header.keyId, header.context);
      if (key.length !== 32) throw new DecryptionFailed('key-unwrap', `The provider returned a ${key.length}-byte data key.`);
      return key;
    } catch (error) {
      if (error instanceof UnknownKeyVersion) throw new DecryptionFailed('key-unwrap', error.message, { cause: error });
      // DecryptionFailed passes through; other errors (network, access denied) are not tampering.
      throw error;
    }
  }

  /** Verifies and emits one frame if a whole one is queued; returns whether it did. */
  private readFrame(): boolean {
    const keys = this.keys;
    const header = this.header;
    if (!keys || !header || this.queue.length === 0) return false;
    if (this.finished) throw new DecryptionFailed('trailing-data', 'Bytes follow the final frame.');
    if (this.queue.length < FRAME_LENGTH_BYTES) return false;
    const word = this.queue.peekUInt32BE();
    const final = (word & FINAL_FLAG) !== 0;
    const length = word & ~FINAL_FLAG;
    if (length > header.frameSize || (!final && length !== header.frameSize)) {
      throw new DecryptionFailed('frame', `Frame ${this.index} declares ${length} bytes; frames hold ${header.frameSize}.`);
    }
    if (this.queue.length < FRAME_LENGTH_BYTES + length + TAG_BYTES) return false;
    this.queue.take(FRAME_LENGTH_BYTES);
    const plaintext = openFrame(keys, this.index, final, this.queue.take(length + TAG_BYTES));
    this.index += 1;
    if (final) {
      this.finished = true;
      keys.dataKey.fill(0);
    }
    if (plaintext.length > 0) this.push(plaintext);
    return true;
  }
}
