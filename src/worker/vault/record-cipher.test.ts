import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecordCipher } from './record-cipher.ts';
import { decodeValue, encodeValue } from './codec.ts';

const key = (b: number): Uint8Array => new Uint8Array(32).fill(b);

describe('vault value codec', () => {
  it('round-trips JSON values with byte arrays at any depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 64 }), (json, bytes) => {
        const value = { json, nested: { bytes, list: [bytes] } };
        const back = decodeValue(encodeValue(value)) as typeof value;
        expect(back.nested.bytes).toEqual(bytes);
        expect(back.nested.list[0]).toEqual(bytes);
        expect(JSON.stringify(back.json)).toEqual(JSON.stringify(json));
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips 64-bit integers exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }), (n) => {
        expect(decodeValue(encodeValue({ clock: n, list: [n] }))).toEqual({ clock: n, list: [n] });
      }),
    );
  });

  it('returns undefined for bytes that are not a value we wrote', () => {
    expect(decodeValue(new Uint8Array([0xff, 0x00]))).toBeUndefined();
    expect(decodeValue(new TextEncoder().encode('{"unterminated'))).toBeUndefined();
  });
});

describe('RecordCipher', () => {
  const cipher = new RecordCipher('profile-a', key(1));

  it('opens what it sealed at the same place', () => {
    const k = cipher.keyOf('contacts', '0x04abc');
    const sealed = cipher.seal('contacts', k, { name: 'Alice', key: new Uint8Array([1, 2, 3]) });
    expect(cipher.open('contacts', k, sealed)).toEqual({ value: { name: 'Alice', key: new Uint8Array([1, 2, 3]) } });
  });

  it('detects a tampered record: any flipped bit fails to open', () => {
    const k = cipher.keyOf('messages', 'm1');
    const sealed = cipher.seal('messages', k, 'hello');
    for (let i = 0; i < sealed.length; i += 7) {
      const bad = sealed.slice();
      bad[i]! ^= 0x01;
      expect(cipher.open('messages', k, bad)).toBeNull();
    }
  });

  it('detects a swapped record: a record moved to another key, store or profile fails to open', () => {
    const k1 = cipher.keyOf('contacts', 'alice');
    const k2 = cipher.keyOf('contacts', 'bob');
    const sealed = cipher.seal('contacts', k1, { name: 'Alice' });
    expect(cipher.open('contacts', k2, sealed)).toBeNull();
    expect(cipher.open('settings', k1, sealed)).toBeNull();
    expect(new RecordCipher('profile-b', key(1)).open('contacts', k1, sealed)).toBeNull();
    expect(new RecordCipher('profile-a', key(2)).open('contacts', k1, sealed)).toBeNull();
  });

  it('derives opaque record keys that differ by store, id and data key, and hide the id', () => {
    const id = '0x04deadbeef';
    const k = cipher.keyOf('contacts', id);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(k).not.toContain('deadbeef');
    expect(cipher.keyOf('chats', id)).not.toBe(k);
    expect(new RecordCipher('profile-a', key(2)).keyOf('contacts', id)).not.toBe(k);
  });

  it('stores no plaintext in the sealed bytes', () => {
    const k = cipher.keyOf('messages', 'm2');
    const sealed = cipher.seal('messages', k, 'a very recognisable secret sentence');
    expect(new TextDecoder('latin1').decode(sealed)).not.toContain('recognisable');
  });

  it('redacts itself when logged', () => {
    expect(String(cipher)).toBe('[RecordCipher redacted]');
    expect(JSON.stringify({ cipher })).toBe('{"cipher":"[RecordCipher redacted]"}');
  });
});
