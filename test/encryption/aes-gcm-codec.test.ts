/**
 * The AES-256-GCM store codec with real node:crypto: what it seals opens only with the same key,
 * for the same store, the same kind of unit and the same sequence number; anything else is a
 * CodecError, never wrong bytes.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAesGcmCodec } from '../../src/main/core/store/aes-gcm-codec';
import { CodecError } from '../../src/main/core/store/codec';

const key = randomBytes(32);
const codec = createAesGcmCodec(key);
const plain = new TextEncoder().encode('INSERT INTO users VALUES (1, "alice")');

describe('aes-256-gcm codec', () => {
  it('round-trips records and snapshots, and never repeats a nonce', () => {
    const first = codec.sealRecord('store-a', 7, plain);
    const second = codec.sealRecord('store-a', 7, plain);
    expect(Buffer.from(codec.openRecord('store-a', 7, first))).toEqual(Buffer.from(plain));
    expect(Buffer.from(first.subarray(1, 13))).not.toEqual(Buffer.from(second.subarray(1, 13)));
    expect(Buffer.from(first)).not.toEqual(Buffer.from(second));
    const snapshot = codec.sealSnapshot('store-a', 0, plain);
    expect(Buffer.from(codec.openSnapshot('store-a', 0, snapshot))).toEqual(Buffer.from(plain));
    expect(Buffer.from(codec.openRecord('store-a', 1, codec.sealRecord('store-a', 1, new Uint8Array())))).toEqual(Buffer.alloc(0));
  });

  it('does not carry the plain text', () => {
    const sealed = Buffer.from(codec.sealSnapshot('store-a', 3, plain));
    expect(sealed.includes(Buffer.from('alice'))).toBe(false);
  });

  it('refuses a tampered byte anywhere: version, nonce, body, tag', () => {
    const sealed = codec.sealRecord('store-a', 7, plain);
    for (const at of [0, 1, 12, 20, sealed.length - 1]) {
      const bad = Uint8Array.from(sealed);
      bad[at]! ^= 0x01;
      expect(() => codec.openRecord('store-a', 7, bad), `byte ${at}`).toThrow(CodecError);
    }
  });

  it('refuses a record replayed at another sequence number', () => {
    const sealed = codec.sealRecord('store-a', 7, plain);
    expect(() => codec.openRecord('store-a', 8, sealed)).toThrow(CodecError);
  });

  it('refuses a record or snapshot moved to another store', () => {
    expect(() => codec.openRecord('store-b', 7, codec.sealRecord('store-a', 7, plain))).toThrow(CodecError);
    expect(() => codec.openSnapshot('store-b', 0, codec.sealSnapshot('store-a', 0, plain))).toThrow(CodecError);
  });

  it('refuses a record opened as a snapshot and the reverse', () => {
    expect(() => codec.openSnapshot('store-a', 7, codec.sealRecord('store-a', 7, plain))).toThrow(CodecError);
    expect(() => codec.openRecord('store-a', 7, codec.sealSnapshot('store-a', 7, plain))).toThrow(CodecError);
  });

  it('refuses another key', () => {
    const other = createAesGcmCodec(randomBytes(32));
    expect(() => other.openRecord('store-a', 7, codec.sealRecord('store-a', 7, plain))).toThrow(CodecError);
  });

  it('refuses a truncated unit, down to nothing', () => {
    const sealed = codec.sealRecord('store-a', 7, plain);
    for (const length of [sealed.length - 1, 29, 28, 13, 1, 0]) {
      expect(() => codec.openRecord('store-a', 7, sealed.subarray(0, length)), `length ${length}`).toThrow(CodecError);
    }
  });

  it('is rebuilt from the raw key bytes (as a worker would) and keeps its own copy', () => {
    const bytes = Buffer.from(key);
    const rebuilt = createAesGcmCodec(bytes);
    bytes.fill(0);
    expect(Buffer.from(rebuilt.openRecord('store-a', 2, codec.sealRecord('store-a', 2, plain)))).toEqual(Buffer.from(plain));
    expect(() => createAesGcmCodec(randomBytes(16))).toThrow(CodecError);
    expect(() => codec.sealRecord('store-a', -1, plain)).toThrow(CodecError);
  });
});
