import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../../lib/shared/bytes.ts';
import { generateKeyPair, keyPairFromPrivate } from '../keys.ts';
import { hex, toHex } from '../test-support/vectors.ts';
import type { RatchetHeader } from './primitives.ts';
import { ratchetDecrypt, ratchetEncrypt } from './ratchet.ts';
import type { Encrypted } from './ratchet.ts';
import { initiatorState, MAX_SKIP, MAX_SKIPPED_KEYS_PER_SESSION, responderState } from './state.ts';
import type { RatchetState } from './state.ts';

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
const sk = hex('a8'.repeat(32));
const spk = keyPairFromPrivate(hex('33'.repeat(32)));

function pair(): { alice: RatchetState; bob: RatchetState } {
  return { alice: initiatorState(sk, spk.publicKey, generateKeyPair(random)), bob: responderState(sk, spk) };
}

function sendMany(state: RatchetState, count: number): { state: RatchetState; sent: Encrypted[] } {
  const sent: Encrypted[] = [];
  for (let i = 0; i < count; i++) {
    const e = ratchetEncrypt(state, utf8ToBytes(`message ${i}`));
    state = e.state;
    sent.push(e);
  }
  return { state, sent };
}

function recv(state: RatchetState, e: Pick<Encrypted, 'header' | 'ciphertext'>) {
  return ratchetDecrypt({ state, header: e.header, ciphertext: e.ciphertext, random });
}

function mustRecv(state: RatchetState, e: Encrypted): { state: RatchetState; text: string } {
  const d = recv(state, e);
  if (!d.ok) throw new Error(d.error);
  return { state: d.value.state, text: new TextDecoder().decode(d.value.plaintext) };
}

describe('double ratchet behaviour', () => {
  it('recovers after 50 out-of-order messages', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...Array(50).keys()], { minLength: 50, maxLength: 50 }), (order) => {
        const { alice, bob } = pair();
        const { sent } = sendMany(alice, 50);
        let state = bob;
        for (const i of order) {
          const r = mustRecv(state, sent[i]!);
          expect(r.text).toBe(`message ${i}`);
          state = r.state;
        }
        expect(state.skipped).toHaveLength(0);
      }),
      { numRuns: 5 },
    );
  });

  it('keeps skipped keys across a DH ratchet step and uses them later', () => {
    const { alice, bob } = pair();
    const first = sendMany(alice, 3); // #0 #1 #2 on the first chain
    let b = mustRecv(bob, first.sent[0]!).state;
    const reply = ratchetEncrypt(b, utf8ToBytes('reply'));
    b = reply.state;
    const a = mustRecv(first.state, reply).state;
    const second = sendMany(a, 1); // new chain, PN = 3
    expect(second.sent[0]!.header.pn).toBe(3);
    b = mustRecv(b, second.sent[0]!).state;
    expect(b.skipped.map((k) => k.n).sort()).toEqual([1, 2]);
    expect(mustRecv(b, first.sent[2]!).text).toBe('message 2');
    b = mustRecv(b, first.sent[1]!).state;
    expect(b.skipped.map((k) => k.n)).toEqual([2]);
  });

  it('rejects a replayed message after its key was used', () => {
    const { alice, bob } = pair();
    const { sent } = sendMany(alice, 3);
    let b = mustRecv(bob, sent[0]!).state;
    expect(recv(b, sent[0]!)).toEqual({ ok: false, error: 'RATCHET_MESSAGE_KEY_DELETED' });
    b = mustRecv(b, sent[2]!).state; // skips #1
    b = mustRecv(b, sent[1]!).state; // uses the skipped key
    expect(recv(b, sent[1]!)).toEqual({ ok: false, error: 'RATCHET_MESSAGE_KEY_DELETED' });
  });

  it('rejects tampered ciphertext and tampered headers (MAC)', () => {
    const { alice, bob } = pair();
    const { sent } = sendMany(alice, 1);
    const e = sent[0]!;
    fc.assert(
      fc.property(fc.nat(e.ciphertext.length - 1), fc.integer({ min: 1, max: 255 }), (pos, mask) => {
        const ct = Uint8Array.from(e.ciphertext);
        ct[pos]! ^= mask;
        expect(recv(bob, { header: e.header, ciphertext: ct })).toEqual({ ok: false, error: 'RATCHET_MAC_INVALID' });
      }),
      { numRuns: 30 },
    );
    const forged: RatchetHeader = { ...e.header, pn: 1 };
    expect(recv(bob, { header: forged, ciphertext: e.ciphertext })).toEqual({ ok: false, error: 'RATCHET_MAC_INVALID' });
    expect(recv(bob, { header: { ...e.header, n: 1 }, ciphertext: e.ciphertext })).toEqual({ ok: false, error: 'RATCHET_MAC_INVALID' });
  });

  it('failed decryption leaves the state unchanged', () => {
    const { alice, bob } = pair();
    const { sent } = sendMany(alice, 5);
    const b = mustRecv(bob, sent[3]!).state; // stores keys 0..2
    const snapshot = structuredClone(b);
    const bad = Uint8Array.from(sent[4]!.ciphertext);
    bad[20]! ^= 1;
    expect(recv(b, { header: sent[4]!.header, ciphertext: bad }).ok).toBe(false);
    const badSkipped = Uint8Array.from(sent[1]!.ciphertext);
    badSkipped[0]! ^= 1;
    expect(recv(b, { header: sent[1]!.header, ciphertext: badSkipped }).ok).toBe(false);
    expect(b).toEqual(snapshot);
    expect(mustRecv(b, sent[4]!).text).toBe('message 4');
  });

  it(`skips at most ${MAX_SKIP} keys in one step`, () => {
    const { alice, bob } = pair();
    const base = ratchetEncrypt(alice, utf8ToBytes('x'));
    const header = (n: number): RatchetHeader => ({ ...base.header, n });
    expect(recv(bob, { header: header(MAX_SKIP + 1), ciphertext: base.ciphertext })).toEqual({ ok: false, error: 'RATCHET_TOO_MANY_SKIPPED' });
    // n = MAX_SKIP is allowed (the MAC then fails because this ciphertext is #0).
    expect(recv(bob, { header: header(MAX_SKIP), ciphertext: base.ciphertext })).toEqual({ ok: false, error: 'RATCHET_MAC_INVALID' });
  });

  it(`keeps at most ${MAX_SKIPPED_KEYS_PER_SESSION} skipped keys per session, oldest dropped first`, () => {
    let { alice, bob } = pair();
    let firstChainKey: Uint8Array | undefined;
    for (let round = 0; round < 3; round++) {
      const burst = sendMany(alice, MAX_SKIP + 1);
      firstChainKey ??= burst.sent[0]!.header.dh;
      bob = mustRecv(bob, burst.sent[MAX_SKIP]!).state; // skips MAX_SKIP keys
      const reply = ratchetEncrypt(bob, utf8ToBytes('ack'));
      bob = reply.state;
      alice = mustRecv(burst.state, reply).state;
    }
    expect(bob.skipped).toHaveLength(MAX_SKIPPED_KEYS_PER_SESSION);
    expect(bob.skipped.some((k) => toHex(k.ratchetKey) === toHex(firstChainKey!))).toBe(false);
  });

  it('lets the responder send before receiving anything (both chains start as SK)', () => {
    const { alice, bob } = pair();
    const early = ratchetEncrypt(bob, utf8ToBytes('early'));
    expect(toHex(early.header.dh)).toBe(toHex(spk.publicKey));
    expect(mustRecv(alice, early).text).toBe('early');
  });

  it('survives a long ping-pong with state round-tripped through structuredClone', () => {
    let { alice, bob } = pair();
    for (let i = 0; i < 6; i++) {
      const a = ratchetEncrypt(alice, utf8ToBytes(`a${i}`));
      alice = structuredClone(a.state);
      const rb = mustRecv(bob, a);
      expect(rb.text).toBe(`a${i}`);
      const b = ratchetEncrypt(rb.state, utf8ToBytes(`b${i}`));
      bob = structuredClone(b.state);
      const ra = mustRecv(alice, b);
      expect(ra.text).toBe(`b${i}`);
      alice = ra.state;
    }
  });

  const BAD_HEADERS: [string, Partial<RatchetHeader>, string][] = [
    ['an empty ratchet key', { dh: new Uint8Array(0) }, 'RATCHET_INVALID_HEADER'],
    ['a 65-byte ratchet key', { dh: new Uint8Array(65) }, 'RATCHET_INVALID_HEADER'],
    ['a ratchet key off the curve', { dh: hex(`02${'00'.repeat(32)}`) }, 'RATCHET_INVALID_HEADER'],
    ['a negative n', { n: -1 }, 'RATCHET_INVALID_HEADER'],
    ['a fractional pn', { pn: 0.5 }, 'RATCHET_INVALID_HEADER'],
  ];
  it.each(BAD_HEADERS)('rejects %s', (_n, over, code) => {
    const { alice, bob } = pair();
    const e = ratchetEncrypt(alice, utf8ToBytes('x'));
    expect(recv(bob, { header: { ...e.header, ...over }, ciphertext: e.ciphertext })).toEqual({ ok: false, error: code });
  });

  it('rejects truncated ciphertexts', () => {
    const { alice, bob } = pair();
    const e = ratchetEncrypt(alice, utf8ToBytes('x'));
    for (const len of [0, 1, 47]) {
      expect(recv(bob, { header: e.header, ciphertext: e.ciphertext.subarray(0, len) })).toEqual({ ok: false, error: 'RATCHET_CIPHERTEXT_TOO_SHORT' });
    }
  });
});
