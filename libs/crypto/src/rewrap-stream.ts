import { Transform, type TransformCallback } from 'node:stream';
import { ByteQueue } from './byte-queue';
import { DecryptionFailed } from './crypto-errors';
import { decodeEnvelopeHeader, encodeEnvelopeHeader, PREAMBLE_BYTES, readHeaderLength, type EnvelopeHeader } from './envelope-header';
import type { KeyRewrapper } from './key-provider';

export interface RewrapResult {
  from: string;
  to: string;
}

/**
 * Returns a Transform that copies an ACADENC1 object with its data key re-wrapped under the
 * provider's newest master key. Frames pass through untouched: they are bound to the header's
 * data fields, not to the wrapping, so rotation never re-encrypts the lake.
 * `onRewrapped` reports the old and new key ids.
 */
export function createRewrapStream(rewrapper: KeyRewrapper, onRewrapped?: (result: RewrapResult) => void): Transform {
  return new RewrapTransform(rewrapper, onRewrapped);
}

class RewrapTransform extends Transform {
  private readonly queue = new ByteQueue();
  private headerLength: number | undefined;
  private passing = false;

  constructor(
    private readonly rewrapper: KeyRewrapper,
    private readonly onRewrapped?: (result: RewrapResult) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.passing) {
      callback(null, chunk);
      return;
    }
    this.queue.push(chunk);
    this.tryHeader().then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.tryHeader().then(() => {
      if (!this.passing) callback(new DecryptionFailed('truncated', 'The object ends inside its header; nothing was re-wrapped.'));
      else callback();
    }, callback);
  }

  private async tryHeader(): Promise<void> {
    if (this.passing) return;
    if (this.headerLength === undefined) {
      if (this.queue.length < PREAMBLE_BYTES) return;
      this.headerLength = readHeaderLength(this.queue.take(PREAMBLE_BYTES));
    }
    if (this.queue.length < this.headerLength) return;
    const header = decodeEnvelopeHeader(this.queue.take(this.headerLength));
    const next = await this.rewrapper.rewrap(Buffer.from(header.wrappedKey, 'base64'), header.keyId, header.context);
    const rewritten: EnvelopeHeader = { ...header, keyId: next.keyId, wrappedKey: next.wrapped.toString('base64') };
    this.push(encodeEnvelopeHeader(rewritten));
    this.onRewrapped?.({ from: header.keyId, to: next.keyId });
    this.passing = true;
    if (this.queue.length > 0) this.push(this.queue.takeAll());
  }
}
