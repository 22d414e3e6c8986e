import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, createEncryptStream, LocalKeyring } from '@acad/crypto';
import { runAsRunner } from './runner-protocol';

type CryptoStreamOp = 'copy' | 'encrypt' | 'decrypt';

interface Input {
  op: CryptoStreamOp;
  input: string;
  output: string;
  /** ACAD_HOME of the local keyring. */
  home: string;
}

const CONTEXT = { dataset: 'bench', zone: 'raw' };

/** file → (nothing | encrypt | decrypt) → file, as one stream pipeline. */
runAsRunner<Input, object>(async ({ op, input, output, home }) => {
  // Keys are made explicitly on the bench's fresh home (its first run), then opened.
  const keyring = op === 'copy' ? undefined : existsSync(join(home, 'keys')) ? LocalKeyring.open(home) : LocalKeyring.create(home);
  const started = performance.now();
  if (!keyring) {
    await pipeline(createReadStream(input), createWriteStream(output));
  } else if (op === 'encrypt') {
    await pipeline(createReadStream(input), await createEncryptStream(keyring, CONTEXT), createWriteStream(output));
  } else {
    await pipeline(createReadStream(input), createDecryptStream(keyring, { expectedContext: CONTEXT }), createWriteStream(output));
  }
  const ms = performance.now() - started;
  return { ms, bytesIn: (await stat(input)).size, bytesOut: (await stat(output)).size };
});
