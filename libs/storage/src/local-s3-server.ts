import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// s3rver is CommonJS without types; this is the part of it the tests use.
interface S3rverInstance {
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = require('s3rver') as S3rverConstructor;
// The module object itself (not an import-interop copy), so the patch below reaches s3rver.
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

export interface RunningS3rver {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on loopback with an ephemeral port and a throw-away directory. */
export async function startS3rver(): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'acad-s3rver-'));
  const restoreCrypto = allowSingleDes();
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      server.httpServer?.closeAllConnections();
      await server.close();
      restoreCrypto();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3
 * (Node >= 17) no longer offers, so every truncated listing fails with a 500. Triple DES
 * with three copies of the same key is, by construction, exactly single DES, and it is
 * still available; this maps one to the other while the server runs.
 */
function allowSingleDes(): () => void {
  const { createCipheriv, createDecipheriv } = nodeCrypto;
  const asTripleDes = (algorithm: string, key: Buffer): [string, Buffer] =>
    algorithm === 'des' && key.length === 8 ? ['des-ede3-cbc', Buffer.concat([key, key, key])] : [algorithm, key];
  const patched = nodeCrypto as unknown as Record<string, unknown>;
  patched['createCipheriv'] = (algorithm: string, key: Buffer, iv: Buffer) => createCipheriv(...asTripleDes(algorithm, key), iv);
  patched['createDecipheriv'] = (algorithm: string, key: Buffer, iv: Buffer) => createDecipheriv(...asTripleDes(algorithm, key), iv);
  return () => {
    patched['createCipheriv'] = createCipheriv;
    patched['createDecipheriv'] = createDecipheriv;
  };
}
