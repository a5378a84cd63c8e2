/**
 * Lamport clocks of chats and the local ids derived from application messages.
 * Owns pure arithmetic only; the per-chat `lastClock` lives in services/vault.
 * Spec: status-protocol.md §6.3 (clocks), §6.7 (reaction id).
 */
import { keccak256 } from '../../crypto/hashes.ts';
import { bytesToHex, utf8ToBytes } from '../../../lib/shared/bytes.ts';

/** §6.3 sending: clock = now if lastClock is 0 or behind now, else lastClock + 1 (store the result). */
export function nextSendClock(lastClock: bigint, nowMs: bigint): bigint {
  return lastClock === 0n || lastClock < nowMs ? nowMs : lastClock + 1n;
}

/** §6.3 receiving: lastClock = max(lastClock, received clock). */
export function observeClock(lastClock: bigint, received: bigint): bigint {
  return received > lastClock ? received : lastClock;
}

/** §6.7: local reaction id = "0x" ‖ hex(keccak256(utf8(authorPkhex ‖ message_id ‖ decimal(type)))). */
export function emojiReactionId(authorPkhex: string, messageId: string, type: number): string {
  return `0x${bytesToHex(keccak256(utf8ToBytes(`${authorPkhex}${messageId}${type.toString(10)}`)))}`;
}
