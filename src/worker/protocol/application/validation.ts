/**
 * Receive-side validation of application messages, as pure functions returning typed reasons.
 * Owns the rules of the status-go message validator; does not own chat matching or state
 * transitions (services). Spec: status-protocol.md §6.4 (clock rule: §2.5 envelope time, §6.3).
 */
import type { AudioMessage, ChatMessage, DeleteMessage, EditMessage } from '../generated/chat_message_pb.ts';
import { AudioMessage_AudioType, ChatMessage_ContentType as CT } from '../generated/chat_message_pb.ts';
import type { EmojiReaction } from '../generated/emoji_reaction_pb.ts';
import type { PinMessage } from '../generated/pin_message_pb.ts';
import { ImageFormat, MessageType } from '../generated/enums_pb.ts';
import type { ChatIdentity } from '../generated/chat_identity_pb.ts';
import type { StatusUpdate } from '../generated/status_update_pb.ts';
import { StatusUpdate_StatusType } from '../generated/status_update_pb.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type ValidationError =
  | 'CLOCK_ZERO' | 'CLOCK_IN_FUTURE' | 'TIMESTAMP_ZERO' | 'CHAT_ID_EMPTY' | 'MESSAGE_ID_EMPTY'
  | 'MESSAGE_TYPE_INVALID' | 'CONTENT_TYPE_INVALID' | 'TEXT_EMPTY' | 'TEXT_TOO_LONG'
  | 'STICKER_INVALID' | 'IMAGE_INVALID' | 'AUDIO_INVALID' | 'BRIDGE_INVALID'
  | 'DISPLAY_NAME_INVALID' | 'REACTION_TYPE_INVALID' | 'STATUS_TYPE_INVALID' | 'CUSTOM_TEXT_TOO_LONG'
  | 'BIO_TOO_LONG';

type Check = Result<void, ValidationError>;
const PASS: Check = ok(undefined);

/** §6.4: a clock may be at most 120 s ahead of the reference time. */
export const MAX_CLOCK_SKEW_MS = 120_000n;
/** §6.4 rule 3: ChatMessage / EditMessage text limit, in Unicode code points. */
export const MAX_TEXT_CODE_POINTS = 4096;
/** §6.9: ChatIdentity description (bio) limit, in code points. */
export const MAX_BIO_CODE_POINTS = 240;
/** §6.4: StatusUpdate custom text limit, in code points. */
export const MAX_STATUS_TEXT_CODE_POINTS = 128;
/** §6.4 rule 4: local-only content types that must never be accepted from the wire. */
const REJECTED_CONTENT_TYPES: ReadonlySet<number> = new Set([
  CT.UNKNOWN_CONTENT_TYPE, CT.TRANSACTION_COMMAND, CT.SYSTEM_MESSAGE_CONTENT_PRIVATE_GROUP,
  CT.SYSTEM_MESSAGE_MUTUAL_EVENT_SENT, CT.SYSTEM_MESSAGE_MUTUAL_EVENT_ACCEPTED,
  CT.SYSTEM_MESSAGE_MUTUAL_EVENT_REMOVED,
]);
// status-go: ^[\w-\s]{5,24}$ with Go's ASCII-only \w and \s ([\t\n\f\r ]).
const DISPLAY_NAME_RE = /^[A-Za-z0-9_\-\t\n\f\r ]{5,24}$/;
const ETH_SUFFIXES = ['_eth', '.eth', '-eth'];

/** §2.5: envelope time = Waku timestamp (ns) truncated to seconds, in ms. */
export function envelopeTimeMs(wakuTimestampNs: bigint): bigint {
  return (wakuTimestampNs / 1_000_000_000n) * 1000n;
}

/** §6.4 common clock rule against `referenceMs` (envelope time, or local time for reactions). */
export function checkClock(clock: bigint, referenceMs: bigint): Check {
  if (clock === 0n) return err('CLOCK_ZERO');
  return clock > referenceMs + MAX_CLOCK_SKEW_MS ? err('CLOCK_IN_FUTURE') : PASS;
}

const codePoints = (s: string): number => [...s].length;

/** Chat message types valid on the wire: not UNKNOWN and not the local-only private-group system type. */
export function isValidWireMessageType(t: MessageType): boolean {
  return t !== MessageType.UNKNOWN_MESSAGE_TYPE && t !== MessageType.SYSTEM_MESSAGE_PRIVATE_GROUP;
}

/** §6.4 rule 3 (shared with EditMessage). */
export function checkText(text: string, contentType: CT): Check {
  if (contentType === CT.DISCORD_MESSAGE || contentType === CT.BRIDGE_MESSAGE) return PASS;
  const empty = text.trim().length === 0;
  if (empty && contentType === CT.IMAGE) return PASS;
  if (empty) return err('TEXT_EMPTY');
  return codePoints(text) > MAX_TEXT_CODE_POINTS ? err('TEXT_TOO_LONG') : PASS;
}

/**
 * §6.4 rule 6: empty, or 5–24 ASCII letters/digits/_/-/whitespace, no ".eth"-like suffix, not an
 * alias. The alias test lives in identity/ (§1.3), so it is injected.
 */
export function checkDisplayName(name: string, isAlias: (name: string) => boolean = () => false): Check {
  const trimmed = name.trim();
  if (trimmed.length === 0) return PASS;
  if (!DISPLAY_NAME_RE.test(trimmed)) return err('DISPLAY_NAME_INVALID');
  if (ETH_SUFFIXES.some((s) => trimmed.endsWith(s))) return err('DISPLAY_NAME_INVALID');
  return isAlias(trimmed) ? err('DISPLAY_NAME_INVALID') : PASS;
}

const knownAudio = (a: AudioMessage): boolean =>
  a.type === AudioMessage_AudioType.AAC || a.type === AudioMessage_AudioType.AMR;
const knownImageFormat = (f: ImageFormat): boolean => f >= ImageFormat.PNG && f <= ImageFormat.GIF;

/** §6.4 rule 5: the payload required by the content type. */
function checkContentPayload(m: ChatMessage): Check {
  const p = m.payload;
  switch (m.contentType) {
    case CT.STICKER:
      return p.case === 'sticker' && p.value.hash !== '' ? PASS : err('STICKER_INVALID');
    case CT.IMAGE:
      return p.case === 'image' && p.value.payload.length > 0 && knownImageFormat(p.value.format) ? PASS : err('IMAGE_INVALID');
    case CT.AUDIO:
      return p.case === 'audio' && p.value.payload.length > 0 && knownAudio(p.value) ? PASS : err('AUDIO_INVALID');
    case CT.BRIDGE_MESSAGE: {
      const b = p.case === 'bridgeMessage' ? p.value : undefined;
      return b && b.userName !== '' && b.bridgeName !== '' && b.content !== '' ? PASS : err('BRIDGE_INVALID');
    }
    default:
      return PASS;
  }
}

function firstFailure(...checks: (() => Check)[]): Check {
  for (const c of checks) {
    const r = c();
    if (!r.ok) return r;
  }
  return PASS;
}

export interface ChatMessageContext {
  /** Envelope time in ms (§2.5). */
  readonly referenceMs: bigint;
  readonly isAlias?: (name: string) => boolean;
}

/** §6.4 ChatMessage rules 1–6, first failure wins. */
export function validateChatMessage(m: ChatMessage, ctx: ChatMessageContext): Check {
  return firstFailure(
    () => checkClock(m.clock, ctx.referenceMs),
    () => (m.timestamp === 0n ? err('TIMESTAMP_ZERO') : PASS),
    () => (m.chatId === '' ? err('CHAT_ID_EMPTY') : PASS),
    () => (isValidWireMessageType(m.messageType) ? PASS : err('MESSAGE_TYPE_INVALID')),
    () => checkText(m.text, m.contentType),
    () => (REJECTED_CONTENT_TYPES.has(m.contentType) ? err('CONTENT_TYPE_INVALID') : PASS),
    () => checkContentPayload(m),
    () => checkDisplayName(m.displayName, ctx.isAlias),
  );
}

/** §6.4 EditMessage. */
export function validateEditMessage(m: EditMessage): Check {
  return firstFailure(
    () => (m.clock === 0n ? err('CLOCK_ZERO') : PASS),
    () => (m.chatId === '' ? err('CHAT_ID_EMPTY') : PASS),
    () => (m.messageId === '' ? err('MESSAGE_ID_EMPTY') : PASS),
    () => (isValidWireMessageType(m.messageType) ? PASS : err('MESSAGE_TYPE_INVALID')),
    () => checkText(m.text, m.contentType),
  );
}

/** §6.4 DeleteMessage. */
export function validateDeleteMessage(m: DeleteMessage): Check {
  return firstFailure(
    () => (m.chatId === '' ? err('CHAT_ID_EMPTY') : PASS),
    () => (m.messageId === '' ? err('MESSAGE_ID_EMPTY') : PASS),
    () => (isValidWireMessageType(m.messageType) ? PASS : err('MESSAGE_TYPE_INVALID')),
  );
}

/** §6.4 EmojiReaction: the clock rule uses the local time `nowMs`. */
export function validateEmojiReaction(m: EmojiReaction, nowMs: bigint): Check {
  return firstFailure(
    () => checkClock(m.clock, nowMs),
    () => (m.messageId === '' ? err('MESSAGE_ID_EMPTY') : PASS),
    () => (m.chatId === '' ? err('CHAT_ID_EMPTY') : PASS),
    () => (m.type === 0 ? err('REACTION_TYPE_INVALID') : PASS),
    () => (m.messageType === MessageType.UNKNOWN_MESSAGE_TYPE ? err('MESSAGE_TYPE_INVALID') : PASS),
  );
}

/**
 * §6.7 PinMessage (status-go ValidateReceivedPinMessage): clock rule against the envelope time,
 * non-empty message and chat ids, and a wire message type.
 */
export function validatePinMessage(m: PinMessage, referenceMs: bigint): Check {
  return firstFailure(
    () => checkClock(m.clock, referenceMs),
    () => (m.messageId === '' ? err('MESSAGE_ID_EMPTY') : PASS),
    () => (m.chatId === '' ? err('CHAT_ID_EMPTY') : PASS),
    () => (isValidWireMessageType(m.messageType) ? PASS : err('MESSAGE_TYPE_INVALID')),
  );
}

/** §6.4 StatusUpdate. */
export function validateStatusUpdate(m: StatusUpdate): Check {
  const known = m.statusType >= StatusUpdate_StatusType.AUTOMATIC && m.statusType <= StatusUpdate_StatusType.INACTIVE;
  return firstFailure(
    () => (m.clock === 0n ? err('CLOCK_ZERO') : PASS),
    () => (known ? PASS : err('STATUS_TYPE_INVALID')),
    () => (codePoints(m.customText) > MAX_STATUS_TEXT_CODE_POINTS ? err('CUSTOM_TEXT_TOO_LONG') : PASS),
  );
}

/** §6.9 ChatIdentity: display name as in §6.4 rule 6; bio at most 240 code points. */
export function validateChatIdentity(m: ChatIdentity, isAlias?: (name: string) => boolean): Check {
  return firstFailure(
    () => checkDisplayName(m.displayName, isAlias),
    () => (codePoints(m.description) > MAX_BIO_CODE_POINTS ? err('BIO_TOO_LONG') : PASS),
  );
}
