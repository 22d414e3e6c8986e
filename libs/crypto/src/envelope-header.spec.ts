import { DecryptionFailed } from './crypto-errors';
import {
  decodeEnvelopeHeader,
  encodeEnvelopeHeader,
  headerBindingHash,
  PREAMBLE_BYTES,
  readHeaderLength,
  type EnvelopeHeader,
} from './envelope-header';

const header: EnvelopeHeader = {
  v: 1,
  alg: 'AES-256-GCM',
  keyId: 'local:v1',
  wrappedKey: Buffer.from('wrapped-data-key').toString('base64'),
  context: { dataset: 'attendance', zone: 'raw' },
  frameSize: 65536,
  noncePrefix: Buffer.alloc(8, 7).toString('base64'),
};

function jsonOf(encoded: Buffer): Buffer {
  return encoded.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + readHeaderLength(encoded));
}

describe('envelope header', () => {
  it('encodes magic, length and canonical JSON that decodes to the same header', () => {
    const encoded = encodeEnvelopeHeader(header);
    expect(encoded.subarray(0, 8).toString()).toBe('ACADENC1');
    expect(jsonOf(encoded).toString()).toBe(
      '{"alg":"AES-256-GCM","context":{"dataset":"attendance","zone":"raw"},"frameSize":65536,"keyId":"local:v1",' +
        `"noncePrefix":"${header.noncePrefix}","v":1,"wrappedKey":"${header.wrappedKey}"}`,
    );
    expect(decodeEnvelopeHeader(jsonOf(encoded))).toEqual(header);
  });

  it('accepts only the canonical encoding: reordered keys, spaces and lax base64 are refused', () => {
    const reordered = Buffer.from(JSON.stringify(header)); // insertion order: v, alg, keyId, ...
    expect(() => decodeEnvelopeHeader(reordered)).toThrow(/canonical/);
    const spaced = Buffer.from(jsonOf(encodeEnvelopeHeader(header)).toString().replace('"v":1', '"v": 1'));
    expect(() => decodeEnvelopeHeader(spaced)).toThrow(DecryptionFailed);
    // Node would silently decode 'abc<' like 'abc=': such a header must not pass.
    const lax = jsonOf(encodeEnvelopeHeader(header)).toString().replace(header.wrappedKey, header.wrappedKey.replace(/=$/, '<'));
    expect(() => decodeEnvelopeHeader(Buffer.from(lax))).toThrow(/missing, malformed/);
  });

  it('refuses unknown versions, algorithms, extra fields, bad frame sizes and bad contexts', () => {
    const bad: unknown[] = [
      { ...header, v: 2 },
      { ...header, alg: 'AES-128-GCM' },
      { ...header, extra: 1 },
      { ...header, frameSize: 4 },
      { ...header, noncePrefix: Buffer.alloc(12).toString('base64') },
      { ...header, keyId: '' },
    ];
    for (const value of bad) {
      expect(() => decodeEnvelopeHeader(encodeEnvelopeHeader(value as EnvelopeHeader).subarray(PREAMBLE_BYTES))).toThrow(DecryptionFailed);
    }
    expect(() => decodeEnvelopeHeader(jsonOf(encodeEnvelopeHeader({ ...header, context: { name: 'Ada Lovelace' } })))).toThrow(
      /invalid encryption context/,
    );
    expect(() => decodeEnvelopeHeader(Buffer.from('{not json'))).toThrow(/not valid JSON/);
  });

  it('refuses a preamble without the marker or with an absurd length', () => {
    expect(() => readHeaderLength(Buffer.from('PK\u0003\u0004xxxxxxxx'))).toThrow(/ACADENC1/);
    const huge = Buffer.concat([Buffer.from('ACADENC1'), Buffer.from([0x7f, 0, 0, 0])]);
    expect(() => readHeaderLength(huge)).toThrow(/outside/);
  });

  it('binds frames to the data fields but not to the key wrapping', () => {
    const base = headerBindingHash(header);
    expect(headerBindingHash({ ...header, keyId: 'local:v2', wrappedKey: 'AAAA' }).equals(base)).toBe(true);
    expect(headerBindingHash({ ...header, context: { dataset: 'attendance', zone: 'trusted' } }).equals(base)).toBe(false);
    expect(headerBindingHash({ ...header, frameSize: 1024 }).equals(base)).toBe(false);
    expect(headerBindingHash({ ...header, noncePrefix: Buffer.alloc(8).toString('base64') }).equals(base)).toBe(false);
  });
});
