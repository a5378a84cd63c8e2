import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { encodeProto } from '../codec.ts';
import { ChatMessageSchema } from '../generated/chat_message_pb.ts';
import { hex, loadVectors, toHex } from '../test-support/vectors.ts';
import { buildAmm, parseAmm } from './amm.ts';
import type { AmmType } from './amm.ts';

const v = loadVectors().application_metadata_message;
/** Enum values are written as "NAME (number)" in the vectors. */
const enumValue = (s: string): number => Number(/\((\d+)\)/.exec(s)?.[1] ?? NaN);
const BIGINT_FIELDS = new Set(['clock', 'timestamp']);

/** Maps the vector's snake_case ChatMessage fields onto the generated message init. */
function chatMessageInit(fields: Record<string, unknown>): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const key = name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (BIGINT_FIELDS.has(name)) init[key] = BigInt(value as number | bigint);
    else if (typeof value === 'string' && /\(\d+\)$/.test(value)) init[key] = enumValue(value);
    else init[key] = value;
  }
  return init;
}

describe('application_metadata_message vectors', () => {
  it('application_metadata_message', () => {
    const chat = create(ChatMessageSchema, chatMessageInit(v.chat_message_fields as Record<string, unknown>));
    const payload = encodeProto(ChatMessageSchema, chat);
    expect(toHex(payload)).toBe(v.chat_message_protobuf);
    expect(toHex(keccak256(payload))).toBe(v.keccak256_of_payload);

    const built = buildAmm({
      type: enumValue(v.amm_type) as AmmType,
      payload,
      privateKey: hex(v.sender_private_key),
      authorPublicKey: hex(v.sender_public_key),
    });
    expect(toHex(built.bytes)).toBe(v.amm_protobuf);
    expect(built.messageId).toBe(v.message_id);

    const parsed = parseAmm(hex(v.amm_protobuf));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(toHex(parsed.value.signature)).toBe(v.signature);
    expect(`0x${toHex(parsed.value.author)}`).toBe(v.sender_public_key);
    expect(parsed.value.type).toBe(enumValue(v.amm_type));
    expect(parsed.value.messageId).toBe(v.message_id);
  });
});
