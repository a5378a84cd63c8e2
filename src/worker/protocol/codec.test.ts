import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeProto, encodeProto } from './codec.ts';
import { ApplicationMetadataMessageSchema } from './generated/application_metadata_message_pb.ts';
import { ChatMessageSchema } from './generated/chat_message_pb.ts';
import { ProtocolMessageSchema } from './generated/protocol_message_pb.ts';
import { PayloadSchema } from './generated/sync_pb.ts';
import { hex, loadVectors, toHex } from './test-support/vectors.ts';
import type { DescMessage } from '@bufbuild/protobuf';
import * as amm from './generated/application_metadata_message_pb.ts';
import * as chatIdentity from './generated/chat_identity_pb.ts';
import * as chat from './generated/chat_message_pb.ts';
import * as contact from './generated/contact_pb.ts';
import * as emoji from './generated/emoji_reaction_pb.ts';
import * as pin from './generated/pin_message_pb.ts';
import * as protocol from './generated/protocol_message_pb.ts';
import * as push from './generated/push_notifications_pb.ts';
import * as segment from './generated/segment_message_pb.ts';
import * as shard from './generated/shard_pb.ts';
import * as status from './generated/status_update_pb.ts';
import * as sync from './generated/sync_pb.ts';

/** Every generated message schema. */
const ALL_SCHEMAS: [string, DescMessage][] = [amm, chatIdentity, chat, contact, emoji, pin, protocol, push, segment, shard, status, sync]
  .flatMap((mod) => Object.entries(mod))
  .filter((e): e is [string, DescMessage] => e[0].endsWith('Schema') && (e[1] as DescMessage).kind === 'message');

const v = loadVectors();

describe('generated protobufs', () => {
  it('re-encodes the vector ChatMessage byte for byte', () => {
    const bytes = hex(v.application_metadata_message.chat_message_protobuf);
    const decoded = decodeProto(ChatMessageSchema, bytes);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.text).toBe('hello bob');
    expect(toHex(encodeProto(ChatMessageSchema, decoded.value))).toBe(toHex(bytes));
  });

  it('round-trips ApplicationMetadataMessage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 200 }), fc.nat(90), (s, p, t) => {
        const msg = create(ApplicationMetadataMessageSchema, { signature: s, payload: p, type: t });
        const back = decodeProto(ApplicationMetadataMessageSchema, encodeProto(ApplicationMetadataMessageSchema, msg));
        expect(back.ok && toHex(back.value.payload)).toBe(toHex(p));
        expect(back.ok && back.value.type).toBe(t);
      }),
    );
  });

  it('round-trips ProtocolMessage with encrypted_message map entries', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string(), fc.uint8Array({ maxLength: 64 })), (id, entries) => {
        const encryptedMessage = Object.fromEntries(
          Object.entries(entries).map(([k, payload]) => [k, { payload }]),
        );
        const msg = create(ProtocolMessageSchema, { installationId: id, encryptedMessage });
        const back = decodeProto(ProtocolMessageSchema, encodeProto(ProtocolMessageSchema, msg));
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(back.value.installationId).toBe(id);
        expect(Object.keys(back.value.encryptedMessage).sort()).toEqual(Object.keys(entries).sort());
      }),
    );
  });

  it('round-trips MVDS Payload', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 5 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (acks, ts) => {
        const msg = create(PayloadSchema, { acks, messages: [{ groupId: new Uint8Array([1]), timestamp: ts, body: new Uint8Array([2]) }] });
        const back = decodeProto(PayloadSchema, encodeProto(PayloadSchema, msg));
        expect(back.ok && back.value.acks.map(toHex)).toEqual(acks.map(toHex));
        expect(back.ok && back.value.messages[0]?.timestamp).toBe(ts);
      }),
    );
  });

  const BAD: [string, Uint8Array][] = [
    ['truncated varint', new Uint8Array([0x08, 0xff])],
    ['length beyond end', new Uint8Array([0x0a, 0x05, 0x01])],
    ['invalid wire type 7', new Uint8Array([0x0f])],
    ['field number 0', new Uint8Array([0x00, 0x01])],
    ['unterminated group', new Uint8Array([0x0b])],
  ];
  it.each(BAD)('rejects %s with PROTO_DECODE_FAILED', (_name, bytes) => {
    for (const schema of [ApplicationMetadataMessageSchema, ProtocolMessageSchema, PayloadSchema, ChatMessageSchema]) {
      expect(decodeProto(schema, bytes)).toEqual({ ok: false, error: 'PROTO_DECODE_FAILED' });
    }
  });

  it(`covers all ${ALL_SCHEMAS.length} generated schemas with the bad-input table`, () => {
    expect(ALL_SCHEMAS.length).toBeGreaterThanOrEqual(40);
    for (const [, schema] of ALL_SCHEMAS) {
      for (const [, bytes] of BAD) expect(decodeProto(schema, bytes)).toEqual({ ok: false, error: 'PROTO_DECODE_FAILED' });
    }
  });

  it('never throws on arbitrary bytes, for any schema', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const [, schema] of ALL_SCHEMAS) expect(() => decodeProto(schema, bytes)).not.toThrow();
      }),
      { numRuns: 50 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const schema of [ApplicationMetadataMessageSchema, ProtocolMessageSchema, PayloadSchema, ChatMessageSchema]) {
          expect(() => decodeProto(schema, bytes)).not.toThrow();
        }
      }),
    );
  });
});
