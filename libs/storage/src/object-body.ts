import { Readable } from 'node:stream';
import type { ObjectBody } from './object-store';

/** Any accepted body as a stream, so adapters have one write path. */
export function bodyToStream(body: ObjectBody): Readable {
  if (body instanceof Readable) return body;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // One chunk, not byte by byte: Readable.from would iterate a Buffer's bytes.
  return Readable.from([bytes]);
}

/** Any accepted body fully in memory (for small objects such as manifests). */
export async function bodyToBuffer(body: ObjectBody): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return readStreamToBuffer(body);
}

export async function readStreamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
