import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../crypto/secp256k1.ts';
import { AmmType, buildAmm } from './application/amm.ts';
import { classifyApplicationBytes, classifyTransportBytes } from './layers.ts';
import { encodeMvdsPayload } from './mvds/payload.ts';
import { buildProtocolMessage } from './ratchet/protocol-message.ts';
import { SEGMENT_SIZE, segmentPayload } from './segmentation/segments.ts';
import { hex } from './test-support/vectors.ts';

const priv = hex('11'.repeat(32));
const amm = buildAmm({ type: AmmType.CHAT_MESSAGE, payload: new Uint8Array([1, 2]), privateKey: priv, authorPublicKey: publicKeyOf(priv, false) }).bytes;

describe('layer detection (§6.2)', () => {
  it('recognises segments, ProtocolMessages and raw bytes after L1', () => {
    expect(classifyTransportBytes(segmentPayload(new Uint8Array(SEGMENT_SIZE + 1))[0]!).kind).toBe('segment');
    expect(classifyTransportBytes(buildProtocolMessage({ installationId: 'i', bundles: [], publicMessage: amm })).kind).toBe('protocol-message');
    expect(classifyTransportBytes(amm)).toEqual({ kind: 'raw', bytes: amm });
  });

  it('recognises MVDS payloads and bare AMMs after L3', () => {
    expect(classifyApplicationBytes(encodeMvdsPayload({ acks: [new Uint8Array(32)], messages: [] })).kind).toBe('mvds');
    expect(classifyApplicationBytes(amm)).toEqual({ kind: 'amm', bytes: amm });
  });

  it('classifies arbitrary bytes without throwing', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
      expect(() => {
        classifyTransportBytes(b);
        classifyApplicationBytes(b);
      }).not.toThrow();
    }));
  });
});
