import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../../lib/shared/bytes.ts';
import { keyPairFromPrivate } from '../keys.ts';
import { hex, loadVectors, toHex } from '../test-support/vectors.ts';
import { encodeHeader, kdfCk, kdfRk } from './primitives.ts';
import type { RatchetHeader } from './primitives.ts';
import { ratchetDecrypt, ratchetEncrypt } from './ratchet.ts';
import { initiatorState, responderState } from './state.ts';
import type { RatchetState } from './state.ts';

const v = loadVectors().double_ratchet;
const sk = hex(v.shared_key_SK);
type VKey = { name: string; private_key: string; public_key_compressed: string };
const ratchetKeys = (v.ratchet_keys as VKey[]).map((k) => keyPairFromPrivate(hex(k.private_key)));
const a1 = ratchetKeys[0]!;
const spkB = keyPairFromPrivate(hex(v.bob_signed_prekey_private));
type Msg = { name: string; plaintext_hex: string; header: { dh: string; n: number; pn: number }; associated_data: string; ciphertext: string };
const msgs = v.messages as Msg[];

/**
 * Fresh ratchet keys are drawn, in generation order, from ratchet_keys[1..] (A1 is Alice's
 * initial key); once exhausted, from a fixed filler (later keys are not covered by vectors).
 */
function keySource(): (n: number) => Uint8Array {
  const queue = ratchetKeys.slice(1).map((k) => k.privateKey);
  return () => Uint8Array.from(queue.shift() ?? hex('77'.repeat(32)));
}

interface Step {
  readonly header: RatchetHeader;
  readonly ciphertext: Uint8Array;
  readonly plaintext: Uint8Array;
}

/** Replays the whole conversation; the sender of each vector is whoever owns its header key. */
function conversation(): Step[] {
  const random = keySource();
  const parties: Record<'alice' | 'bob', RatchetState> = { alice: initiatorState(sk, spkB.publicKey, a1), bob: responderState(sk, spkB) };
  return msgs.map((m) => {
    const from = bytesEqual(parties.alice.self.publicKey, hex(m.header.dh)) ? 'alice' : 'bob';
    const to = from === 'alice' ? 'bob' : 'alice';
    const e = ratchetEncrypt(parties[from], hex(m.plaintext_hex));
    parties[from] = e.state;
    const d = ratchetDecrypt({ state: parties[to], header: e.header, ciphertext: e.ciphertext, random });
    if (!d.ok) throw new Error(d.error);
    parties[to] = d.value.state;
    return { header: e.header, ciphertext: e.ciphertext, plaintext: d.value.plaintext };
  });
}

describe('double_ratchet vectors', () => {
  it('double_ratchet.constants', () => {
    expect(v.constants.kdf_rk_info).toBe('rsZUpEuXUqqwXBvSy3EcievAh4cMj6QL');
    expect(v.constants.message_key_info).toBe('pcwSByyx2CRdryCffXJwy7xgVZWtW5Sh');
    expect(v.constants.kdf_ck_chain_input).toBe('0f');
    expect(v.constants.kdf_ck_message_input).toBe('10');
  });

  it('double_ratchet.alice_init', () => {
    const init = v.alice_init;
    const dhOut = hex(init['dh_out=DH(A1,SPK_B)']);
    const okm = kdfRk(sk, dhOut);
    expect(toHex(okm.rootKey)).toBe(init.root_key);
    expect(toHex(okm.chainKey)).toBe(init.sending_chain_key);
    const alice = initiatorState(sk, hex(init.remote_ratchet_key), a1);
    expect(toHex(alice.rootKey)).toBe(init.root_key);
    expect(toHex(alice.sendingChainKey)).toBe(init.sending_chain_key);
    expect(toHex(alice.receivingChainKey)).toBe(v.shared_key_SK);
    const ck = kdfCk(alice.sendingChainKey);
    expect(toHex(ck.chainKey)).toBe(init.chain_key_after_first_step);
    expect(toHex(ck.messageKey)).toBe(init.message_key_0);
  });

  for (const [i, m] of msgs.entries()) {
    it(`double_ratchet.messages[${i}] ${m.name}`, () => {
      const got = conversation()[i]!;
      expect(toHex(got.header.dh)).toBe(m.header.dh);
      expect(got.header.n).toBe(m.header.n);
      expect(got.header.pn).toBe(m.header.pn);
      expect(toHex(encodeHeader(got.header))).toBe(m.associated_data);
      expect(toHex(got.ciphertext)).toBe(m.ciphertext);
      expect(toHex(got.plaintext)).toBe(m.plaintext_hex);
    });
  }

  it('double_ratchet.messages decrypt from the vector bytes alone', () => {
    const random = keySource();
    const parties: Record<'alice' | 'bob', RatchetState> = { alice: initiatorState(sk, spkB.publicKey, a1), bob: responderState(sk, spkB) };
    let aliceKeys = [a1.publicKey];
    for (const m of msgs) {
      const fromAlice = aliceKeys.some((k) => bytesEqual(k, hex(m.header.dh)));
      const to = fromAlice ? 'bob' : 'alice';
      const header = { dh: hex(m.header.dh), n: m.header.n, pn: m.header.pn };
      const d = ratchetDecrypt({ state: parties[to], header, ciphertext: hex(m.ciphertext), random });
      expect(d.ok && toHex(d.value.plaintext)).toBe(m.plaintext_hex);
      if (!d.ok) return;
      parties[to] = d.value.state;
      if (to === 'alice') aliceKeys = [...aliceKeys, d.value.state.self.publicKey];
    }
  });
});
