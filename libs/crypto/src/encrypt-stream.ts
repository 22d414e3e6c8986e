import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ByteQueue } from './byte-queue';
import { validateEncryptionContext, type EncryptionContext } from './encryption-context';
import {
  assertFrameSize,
  DEFAULT_FRAME_SIZE,
  encodeEnvelopeHeader,
  ENVELOPE_ALGORITHM,
  ENVELOPE_VERSION,
  headerBindingHash,
  NONCE_PREFIX_BYTES,
  type EnvelopeHeader,
} from './envelope-header';
import { MAX_FRAMES, sealFrame, type FrameKeys } from './envelope-frame';
import type { KeyProvider } from './key-provider';

export interface EncryptStreamOptions {
  /** Plaintext bytes per frame; default 64 KiB. Memory use is about two frames. */
  frameSize?: number;
}

/**
 * Asks the provider for a fresh data key, then returns a Transform that turns plaintext into an
 * ACADENC1 object: header, then frames of `frameSize` bytes, the last one flagged final.
 */
export async function createEncryptStream(
  provider: KeyProvider,
  context: EncryptionContext,
  options: EncryptStreamOptions = {},
): Promise<Transform> {
  validateEncryptionContext(context);
  const frameSize = options.frameSize ?? DEFAULT_FRAME_SIZE;
  assertFrameSize(frameSize);
  const dataKey = await provider.generateDataKey(context);
  const noncePrefix = randomBytes(NONCE_PREFIX_BYTES);
  const header: EnvelopeHeader = {
    v: ENVELOPE_VERSION,
    alg: ENVELOPE_ALGORITHM,
    keyId: dataKey.keyId,
    wrappedKey: dataKey.wrapped.toString('base64'),
    context: { ...context },
    frameSize,
    noncePrefix: noncePrefix.toString('base64'),
  };
  return new EncryptTransform(encodeEnvelopeHeader(header), frameSize, {
    dataKey: dataKey.plaintext,
    noncePrefix,
    headerHash: headerBindingHash(header),
  });
}

class EncryptTransform extends Transform {
  private readonly pending = new ByteQueue();
  private index = 0;
  private headerSent = false;

  constructor(
    private readonly headerBytes: Buffer,
    private readonly frameSize: number,
    private readonly keys: FrameKeys,
  ) {
    super();
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.sendHeader();
      this.pending.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      // Keep at least one byte back: only at the end do we know which frame is final.
      while (this.pending.length > this.frameSize) this.pushFrame(this.pending.take(this.frameSize), false);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.sendHeader();
      this.pushFrame(this.pending.takeAll(), true);
      this.keys.dataKey.fill(0);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.keys.dataKey.fill(0);
    callback(error);
  }

  private sendHeader(): void {
    if (this.headerSent) return;
    this.headerSent = true;
    this.push(this.headerBytes);
  }

  private pushFrame(plaintext: Buffer, final: boolean): void {
    if (this.index > MAX_FRAMES) throw new RangeError(`An object may hold at most ${MAX_FRAMES + 1} frames; use a larger frameSize`);
    this.push(sealFrame(this.keys, this.index, final, plaintext));
    this.index += 1;
  }
}
