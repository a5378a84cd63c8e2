import { create } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { ChatMessage_ContentType as CT, ChatMessageSchema, DeleteMessageSchema, EditMessageSchema, ImageMessageSchema, StickerMessageSchema } from '../generated/chat_message_pb.ts';
import type { ChatMessage } from '../generated/chat_message_pb.ts';
import { EmojiReactionSchema } from '../generated/emoji_reaction_pb.ts';
import { ImageFormat, MessageType } from '../generated/enums_pb.ts';
import { PinMessageSchema } from '../generated/pin_message_pb.ts';
import { type StatusUpdate_StatusType, StatusUpdateSchema } from '../generated/status_update_pb.ts';
import {
  checkClock, checkDisplayName, envelopeTimeMs, validateChatMessage, validateDeleteMessage,
  validateEditMessage, validateEmojiReaction, validatePinMessage, validateStatusUpdate,
} from './validation.ts';

const ENV = 1_700_000_000_000n;
type Init = MessageInitShape<typeof ChatMessageSchema>;
const good = (over: Init = {}): ChatMessage =>
  create(ChatMessageSchema, {
    clock: ENV, timestamp: ENV, text: 'hello', chatId: '0x04ab', messageType: MessageType.ONE_TO_ONE,
    contentType: CT.TEXT_PLAIN, ...over,
  });

describe('§6.4 validation', () => {
  it('truncates the Waku timestamp to seconds', () => {
    expect(envelopeTimeMs(1_700_000_000_999_999_999n)).toBe(1_700_000_000_000n);
  });

  it('accepts a clock exactly 120 s ahead and rejects one more ms', () => {
    expect(checkClock(ENV + 120_000n, ENV).ok).toBe(true);
    expect(checkClock(ENV + 120_001n, ENV)).toEqual({ ok: false, error: 'CLOCK_IN_FUTURE' });
  });

  it('accepts a well-formed text message', () => {
    expect(validateChatMessage(good(), { referenceMs: ENV }).ok).toBe(true);
  });

  const CASES: [string, Init, string][] = [
    ['zero clock', { clock: 0n }, 'CLOCK_ZERO'],
    ['future clock', { clock: ENV + 200_000n }, 'CLOCK_IN_FUTURE'],
    ['zero timestamp', { timestamp: 0n }, 'TIMESTAMP_ZERO'],
    ['empty chat id', { chatId: '' }, 'CHAT_ID_EMPTY'],
    ['unknown message type', { messageType: MessageType.UNKNOWN_MESSAGE_TYPE }, 'MESSAGE_TYPE_INVALID'],
    ['system private-group type', { messageType: MessageType.SYSTEM_MESSAGE_PRIVATE_GROUP }, 'MESSAGE_TYPE_INVALID'],
    ['blank text', { text: ' \n\t ' }, 'TEXT_EMPTY'],
    ['4097 code points', { text: '😀'.repeat(4097) }, 'TEXT_TOO_LONG'],
    ['unknown content type', { contentType: CT.UNKNOWN_CONTENT_TYPE }, 'CONTENT_TYPE_INVALID'],
    ['transaction command', { contentType: CT.TRANSACTION_COMMAND }, 'CONTENT_TYPE_INVALID'],
    ['mutual event sent', { contentType: CT.SYSTEM_MESSAGE_MUTUAL_EVENT_SENT }, 'CONTENT_TYPE_INVALID'],
    ['sticker without hash', { contentType: CT.STICKER, payload: { case: 'sticker', value: create(StickerMessageSchema) } }, 'STICKER_INVALID'],
    ['image without bytes', { contentType: CT.IMAGE, text: '' }, 'IMAGE_INVALID'],
    ['audio without bytes', { contentType: CT.AUDIO }, 'AUDIO_INVALID'],
    ['bridge without names', { contentType: CT.BRIDGE_MESSAGE }, 'BRIDGE_INVALID'],
    ['display name too short', { displayName: 'abc' }, 'DISPLAY_NAME_INVALID'],
    ['display name ending _eth', { displayName: 'alice_eth' }, 'DISPLAY_NAME_INVALID'],
    ['display name with a non-ASCII space', { displayName: 'alice\u00a0smith' }, 'DISPLAY_NAME_INVALID'],
    ['display name with a non-ASCII letter', { displayName: 'alicé smith' }, 'DISPLAY_NAME_INVALID'],
  ];
  it.each(CASES)('rejects a ChatMessage with %s', (_n, over, code) => {
    expect(validateChatMessage(good(over), { referenceMs: ENV })).toEqual({ ok: false, error: code });
  });

  it('accepts 4096 code points, an image with empty text, and 24-char names', () => {
    expect(validateChatMessage(good({ text: '😀'.repeat(4096) }), { referenceMs: ENV }).ok).toBe(true);
    const image = good({ contentType: CT.IMAGE, text: '', payload: { case: 'image', value: create(ImageMessageSchema, { payload: new Uint8Array([1]), format: ImageFormat.PNG }) } });
    expect(validateChatMessage(image, { referenceMs: ENV }).ok).toBe(true);
    expect(checkDisplayName('a'.repeat(24)).ok).toBe(true);
    expect(checkDisplayName('a'.repeat(25))).toEqual({ ok: false, error: 'DISPLAY_NAME_INVALID' });
  });

  it('rejects aliases through the injected identity check', () => {
    expect(checkDisplayName('Fake Jolly Hare', (n) => n === 'Fake Jolly Hare')).toEqual({ ok: false, error: 'DISPLAY_NAME_INVALID' });
  });

  it('validates pins: clock rule against the envelope, ids, wire message type', () => {
    const pin = create(PinMessageSchema, { clock: ENV, chatId: 'c', messageId: '0x1', messageType: MessageType.ONE_TO_ONE, pinned: true });
    expect(validatePinMessage(pin, ENV).ok).toBe(true);
    expect(validatePinMessage({ ...pin, clock: 0n }, ENV)).toEqual({ ok: false, error: 'CLOCK_ZERO' });
    expect(validatePinMessage({ ...pin, clock: ENV + 120_001n }, ENV)).toEqual({ ok: false, error: 'CLOCK_IN_FUTURE' });
    expect(validatePinMessage({ ...pin, messageId: '' }, ENV)).toEqual({ ok: false, error: 'MESSAGE_ID_EMPTY' });
    expect(validatePinMessage({ ...pin, chatId: '' }, ENV)).toEqual({ ok: false, error: 'CHAT_ID_EMPTY' });
    expect(validatePinMessage({ ...pin, messageType: MessageType.UNKNOWN_MESSAGE_TYPE }, ENV)).toEqual({ ok: false, error: 'MESSAGE_TYPE_INVALID' });
    expect(validatePinMessage({ ...pin, messageType: MessageType.SYSTEM_MESSAGE_PRIVATE_GROUP }, ENV)).toEqual({ ok: false, error: 'MESSAGE_TYPE_INVALID' });
  });

  it('validates edits, deletes, reactions and status updates', () => {
    expect(validateEditMessage(create(EditMessageSchema, { clock: 1n, chatId: 'c', messageId: '0x1', messageType: 1, contentType: 1, text: 'x' })).ok).toBe(true);
    expect(validateEditMessage(create(EditMessageSchema, { clock: 1n, chatId: 'c', messageType: 1, text: 'x' }))).toEqual({ ok: false, error: 'MESSAGE_ID_EMPTY' });
    expect(validateDeleteMessage(create(DeleteMessageSchema, { chatId: 'c', messageId: 'm' }))).toEqual({ ok: false, error: 'MESSAGE_TYPE_INVALID' });
    const reaction = create(EmojiReactionSchema, { clock: ENV, chatId: 'c', messageId: 'm', messageType: 1, type: 0 });
    expect(validateEmojiReaction(reaction, ENV)).toEqual({ ok: false, error: 'REACTION_TYPE_INVALID' });
    expect(validateEmojiReaction({ ...reaction, type: 2 }, ENV - 200_000n)).toEqual({ ok: false, error: 'CLOCK_IN_FUTURE' });
    expect(validateStatusUpdate(create(StatusUpdateSchema, { clock: 1n, statusType: 1, customText: 'x'.repeat(129) }))).toEqual({ ok: false, error: 'CUSTOM_TEXT_TOO_LONG' });
    expect(validateStatusUpdate(create(StatusUpdateSchema, { clock: 1n, statusType: 9 as StatusUpdate_StatusType }))).toEqual({ ok: false, error: 'STATUS_TYPE_INVALID' });
  });
});
