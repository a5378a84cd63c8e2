import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { encodeProto } from '../codec.ts';
import { ChatMessage_ContentType, ChatMessageSchema } from '../generated/chat_message_pb.ts';
import { MessageType } from '../generated/enums_pb.ts';
import { hex, loadVectors, toHex } from '../test-support/vectors.ts';
import { AmmType, buildAmm, parseAmm } from './amm.ts';

const v = loadVectors().application_metadata_message;

describe('application_metadata_message vectors', () => {
  it('application_metadata_message', () => {
    const f = v.chat_message_fields;
    const chat = create(ChatMessageSchema, {
      clock: BigInt(f.clock),
      timestamp: BigInt(f.timestamp),
      text: f.text,
      chatId: f.chat_id,
      messageType: MessageType.ONE_TO_ONE,
      contentType: ChatMessage_ContentType.TEXT_PLAIN,
    });
    const payload = encodeProto(ChatMessageSchema, chat);
    expect(toHex(payload)).toBe(v.chat_message_protobuf);
    expect(toHex(keccak256(payload))).toBe(v.keccak256_of_payload);

    const built = buildAmm({
      type: AmmType.CHAT_MESSAGE,
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
    expect(parsed.value.type).toBe(AmmType.CHAT_MESSAGE);
    expect(parsed.value.messageId).toBe(v.message_id);
  });
});
