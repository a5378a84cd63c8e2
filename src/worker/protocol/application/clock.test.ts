import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { bytesToHex, utf8ToBytes } from '../../../lib/shared/bytes.ts';
import { ChatIdentitySchema } from '../generated/chat_identity_pb.ts';
import { emojiReactionId, nextSendClock, observeClock } from './clock.ts';
import { validateChatIdentity } from './validation.ts';

describe('clocks (§6.3)', () => {
  it('uses wall time when ahead and lastClock + 1 otherwise', () => {
    expect(nextSendClock(0n, 5n)).toBe(5n);
    expect(nextSendClock(4n, 5n)).toBe(5n);
    expect(nextSendClock(9n, 5n)).toBe(10n);
  });

  it('is strictly increasing across sends and never behind what was received', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 13n }), fc.bigInt({ min: 0n, max: 10n ** 13n }))), (steps) => {
      let last = 0n;
      for (const [now, received] of steps) {
        last = observeClock(last, received);
        const next = nextSendClock(last, now);
        expect(next > last || (last === 0n && next === now)).toBe(true);
        last = next;
      }
    }));
  });
});

describe('ids and profile validation (§6.7, §6.9)', () => {
  it('derives the reaction id from author, message id and type', () => {
    const expected = `0x${bytesToHex(keccak256(utf8ToBytes('0x04ab0x12342')))}`;
    expect(emojiReactionId('0x04ab', '0x1234', 2)).toBe(expected);
  });

  it('limits the bio to 240 code points', () => {
    expect(validateChatIdentity(create(ChatIdentitySchema, { description: '😀'.repeat(240) })).ok).toBe(true);
    expect(validateChatIdentity(create(ChatIdentitySchema, { description: '😀'.repeat(241) }))).toEqual({ ok: false, error: 'BIO_TOO_LONG' });
    expect(validateChatIdentity(create(ChatIdentitySchema, { displayName: 'ab' }))).toEqual({ ok: false, error: 'DISPLAY_NAME_INVALID' });
  });
});
