import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ByteQueue } from './byte-queue';
import { DecryptionFailed } from './crypto-errors';
import { decodeEnvelopeHeader, headerBindingHash, PREAMBLE_BYTES, readHeaderLength } from './envelope-header';

/**
 * A pass-through that computes the content digest of an ACADENC1 object as its bytes go by (to
 * an upload, or into a decrypt stream): SHA-256 over the header's bound fields (algorithm,
 * context, frame size, nonce) followed by every byte after the header. The key-wrapping fields
 * are left out because `keys rewrap` rewrites them; they are authenticated by the unwrap itself.
 * So the digest recorded at commit stays valid across rotations, and any other change shows.
 */
export class EnvelopeDigest extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private readonly queue = new ByteQueue();
  private headerLength: number | undefined;
  private passing = false;
  private result: string | undefined;

  /** The digest in hex, once the whole object has passed. */
  get sha256(): string {
    if (this.result === undefined) throw new Error('EnvelopeDigest: the object has not been read to its end');
    return this.result;
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    try {
      if (this.passing) this.hash.update(bytes);
      else {
        this.queue.push(bytes);
        this.readHeader();
      }
      callback(null, bytes);
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (!this.passing) return callback(new DecryptionFailed('truncated', 'The object ends inside its header.'));
    this.result = this.hash.digest('hex');
    callback();
  }

  private readHeader(): void {
    if (this.headerLength === undefined) {
      if (this.queue.length < PREAMBLE_BYTES) return;
      this.headerLength = readHeaderLength(this.queue.take(PREAMBLE_BYTES));
    }
    if (this.queue.length < this.headerLength) return;
    this.hash.update(headerBindingHash(decodeEnvelopeHeader(this.queue.take(this.headerLength))));
    this.passing = true;
    if (this.queue.length > 0) this.hash.update(this.queue.takeAll());
  }
}

/** A fresh `EnvelopeDigest`: pipe an object through it, then read `.sha256`. */
export function createEnvelopeDigest(): EnvelopeDigest {
  return new EnvelopeDigest();
}
