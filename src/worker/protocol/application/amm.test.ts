import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../crypto/secp256k1.ts';
import { encodeProto } from '../codec.ts';
import { ApplicationMetadataMessageSchema } from '../generated/application_metadata_message_pb.ts';
import { hex } from '../test-support/vectors.ts';
import { AmmType, buildAmm, isKnownAmmType, parseAmm } from './amm.ts';

const priv = hex('11'.repeat(32));
const pub = publicKeyOf(priv, false);

describe('AMM', () => {
  it('round-trips payload, type, author and message id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(AmmType.CHAT_MESSAGE, AmmType.EMOJI_REACTION, AmmType.STATUS_UPDATE), (payload, type) => {
        const built = buildAmm({ type, payload, privateKey: priv, authorPublicKey: pub });
        const parsed = parseAmm(built.bytes);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.payload).toEqual(payload);
        expect(parsed.value.type).toBe(type);
        expect(parsed.value.author).toEqual(pub);
        expect(parsed.value.messageId).toBe(built.messageId);
      }),
      { numRuns: 25 },
    );
  });

  it('gives a different author (and id) when the payload was altered after signing', () => {
    const built = buildAmm({ type: AmmType.CHAT_MESSAGE, payload: new Uint8Array([1, 2, 3]), privateKey: priv, authorPublicKey: pub });
    const forged = create(ApplicationMetadataMessageSchema, { signature: parseOk(built.bytes).signature, payload: new Uint8Array([9]), type: 1 });
    const parsed = parseAmm(encodeProto(ApplicationMetadataMessageSchema, forged));
    if (parsed.ok) expect(parsed.value.author).not.toEqual(pub);
    else expect(parsed.error).toBe('AMM_SIGNATURE_INVALID');
  });

  const sig = (bytes: number[]): Uint8Array => encodeProto(ApplicationMetadataMessageSchema, create(ApplicationMetadataMessageSchema, { signature: new Uint8Array(bytes), payload: new Uint8Array([1]), type: 1 }));
  const BAD: [string, Uint8Array, string][] = [
    ['garbage', new Uint8Array([0xff, 0xff, 0xff]), 'PROTO_DECODE_FAILED'],
    ['empty signature', sig([]), 'AMM_UNSIGNED'],
    ['short signature', sig([1, 2, 3]), 'AMM_SIGNATURE_INVALID'],
    ['zero signature', sig(new Array(65).fill(0)), 'AMM_SIGNATURE_INVALID'],
    ['recovery id 5', sig([...new Array(64).fill(1), 5]), 'AMM_SIGNATURE_INVALID'],
  ];
  it.each(BAD)('rejects %s', (_n, bytes, code) => {
    expect(parseAmm(bytes)).toEqual({ ok: false, error: code });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
      expect(() => parseAmm(b)).not.toThrow();
    }), { numRuns: 50 });
  });

  it('knows the §11.1 types and not UNKNOWN or reserved numbers', () => {
    expect(isKnownAmmType(1)).toBe(true);
    expect(isKnownAmmType(90)).toBe(true);
    for (const t of [0, 14, 55, 65, 66, 71, 91]) expect(isKnownAmmType(t)).toBe(false);
  });
});

function parseOk(bytes: Uint8Array) {
  const r = parseAmm(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
