/**
 * Builders of the application messages Parley sends in 1:1 chats (status-protocol.md §6.6–§6.8),
 * signed into ApplicationMetadataMessages (§6.1). Pure.
 */
import { create } from '@bufbuild/protobuf';
import { AmmType, buildAmm, encodeProto, type BuiltAmm } from '../../protocol/index.ts';
import { ChatMessageSchema, ChatMessage_ContentType, DeleteMessageSchema, EditMessageSchema } from '../../protocol/generated/chat_message_pb.ts';
import { AcceptContactRequestSchema, ContactRequestPropagatedStateSchema, ContactUpdateSchema, RetractContactRequestSchema } from '../../protocol/generated/contact_pb.ts';
import { EmojiReactionSchema } from '../../protocol/generated/emoji_reaction_pb.ts';
import { MessageType } from '../../protocol/generated/enums_pb.ts';
import { PinMessageSchema } from '../../protocol/generated/pin_message_pb.ts';
import type { ContactRequestState } from './contact-state.ts';

export interface Author {
  readonly privateKey: Uint8Array;
  /** uncomp(IK), 65 bytes. */
  readonly publicKey: Uint8Array;
}

function signed(author: Author, type: AmmType, payload: Uint8Array): BuiltAmm {
  return buildAmm({ type, payload, privateKey: author.privateKey, authorPublicKey: author.publicKey });
}

function propagated(s: ContactRequestState) {
  return create(ContactRequestPropagatedStateSchema, {
    localClock: s.localClock,
    localState: BigInt(s.localState),
    remoteClock: s.remoteClock,
    remoteState: BigInt(s.remoteState),
  });
}

export function chatMessageAmm(author: Author, m: {
  clock: bigint;
  timestamp: number;
  text: string;
  chatId: string;
  kind: 'text' | 'contact-request';
  responseTo: string;
  displayName: string;
  contact: ContactRequestState;
}): BuiltAmm {
  const msg = create(ChatMessageSchema, {
    clock: m.clock,
    timestamp: BigInt(m.timestamp),
    text: m.text,
    chatId: m.chatId,
    responseTo: m.responseTo,
    messageType: MessageType.ONE_TO_ONE,
    contentType: m.kind === 'contact-request' ? ChatMessage_ContentType.CONTACT_REQUEST : ChatMessage_ContentType.TEXT_PLAIN,
    displayName: m.displayName,
    contactRequestPropagatedState: propagated(m.contact),
  });
  return signed(author, AmmType.CHAT_MESSAGE, encodeProto(ChatMessageSchema, msg));
}

export function acceptAmm(author: Author, requestId: string, clock: bigint): BuiltAmm {
  return signed(author, AmmType.ACCEPT_CONTACT_REQUEST, encodeProto(AcceptContactRequestSchema, create(AcceptContactRequestSchema, { id: requestId, clock })));
}

export function retractAmm(author: Author, clock: bigint): BuiltAmm {
  return signed(author, AmmType.RETRACT_CONTACT_REQUEST, encodeProto(RetractContactRequestSchema, create(RetractContactRequestSchema, { clock })));
}

export function contactUpdateAmm(author: Author, m: { clock: bigint; displayName: string; contact: ContactRequestState }): BuiltAmm {
  const msg = create(ContactUpdateSchema, { clock: m.clock, displayName: m.displayName, contactRequestPropagatedState: propagated(m.contact) });
  return signed(author, AmmType.CONTACT_UPDATE, encodeProto(ContactUpdateSchema, msg));
}

export function editAmm(author: Author, m: { clock: bigint; chatId: string; messageId: string; text: string }): BuiltAmm {
  const msg = create(EditMessageSchema, {
    clock: m.clock, chatId: m.chatId, messageId: m.messageId, text: m.text,
    messageType: MessageType.ONE_TO_ONE, contentType: ChatMessage_ContentType.TEXT_PLAIN,
  });
  return signed(author, AmmType.EDIT_MESSAGE, encodeProto(EditMessageSchema, msg));
}

export function deleteAmm(author: Author, m: { clock: bigint; chatId: string; messageId: string }): BuiltAmm {
  const msg = create(DeleteMessageSchema, { clock: m.clock, chatId: m.chatId, messageId: m.messageId, messageType: MessageType.ONE_TO_ONE });
  return signed(author, AmmType.DELETE_MESSAGE, encodeProto(DeleteMessageSchema, msg));
}

export function reactionAmm(author: Author, m: { clock: bigint; chatId: string; messageId: string; type: number; retracted: boolean }): BuiltAmm {
  const msg = create(EmojiReactionSchema, {
    clock: m.clock, chatId: m.chatId, messageId: m.messageId, messageType: MessageType.ONE_TO_ONE, type: m.type, retracted: m.retracted,
  });
  return signed(author, AmmType.EMOJI_REACTION, encodeProto(EmojiReactionSchema, msg));
}

export function pinAmm(author: Author, m: { clock: bigint; chatId: string; messageId: string; pinned: boolean }): BuiltAmm {
  const msg = create(PinMessageSchema, { clock: m.clock, chatId: m.chatId, messageId: m.messageId, pinned: m.pinned, messageType: MessageType.ONE_TO_ONE });
  return signed(author, AmmType.PIN_MESSAGE, encodeProto(PinMessageSchema, msg));
}
