import { describe, expect, it } from 'vitest';
import { keyPairFromPrivate } from '../keys.ts';
import { hex, loadVectors, toHex } from '../test-support/vectors.ts';
import { encodeHeader, kdfCk, kdfRk } from './primitives.ts';
import { ratchetDecrypt, ratchetEncrypt } from './ratchet.ts';
import { initiatorState, responderState } from './state.ts';
import type { RatchetState } from './state.ts';

const v = loadVectors().double_ratchet;
const sk = hex(v.shared_key_SK);
const [a1, b1] = (v.ratchet_keys as { private_key: string; public_key_compressed: string }[]).map((k) => keyPairFromPrivate(hex(k.private_key)));
const spkB = keyPairFromPrivate(hex(v.bob_signed_prekey_private));
type Msg = { plaintext_hex: string; header: { dh: string; n: number; pn: number }; associated_data: string; ciphertext: string };
const msgs = v.messages as Msg[];
const fixed = (bytes: Uint8Array) => () => Uint8Array.from(bytes);

/** Replays the vector conversation; Alice's ratchet key after Bob's reply is arbitrary. */
function conversation() {
  let alice: RatchetState = initiatorState(sk, spkB.publicKey, a1!);
  let bob: RatchetState = responderState(sk, spkB);
  const out: { ciphertext: Uint8Array; header: { dh: Uint8Array; n: number; pn: number }; plaintext?: Uint8Array }[] = [];
  for (const m of msgs.slice(0, 2)) {
    const e = ratchetEncrypt(alice, hex(m.plaintext_hex));
    alice = e.state;
    const d = ratchetDecrypt({ state: bob, header: e.header, ciphertext: e.ciphertext, random: fixed(b1!.privateKey) });
    if (!d.ok) throw new Error(d.error);
    bob = d.value.state;
    out.push({ ...e, plaintext: d.value.plaintext });
  }
  const reply = ratchetEncrypt(bob, hex(msgs[2]!.plaintext_hex));
  const d = ratchetDecrypt({ state: alice, header: reply.header, ciphertext: reply.ciphertext, random: fixed(hex('77'.repeat(32))) });
  if (!d.ok) throw new Error(d.error);
  out.push({ ...reply, plaintext: d.value.plaintext });
  return out;
}

describe('double_ratchet vectors', () => {
  it('double_ratchet.constants', () => {
    const dhOut = hex(v.alice_init['dh_out=DH(A1,SPK_B)']);
    const step = kdfRk(sk, dhOut);
    expect(toHex(step.rootKey)).toBe(v.alice_init.root_key);
    expect(toHex(step.chainKey)).toBe(v.alice_init.sending_chain_key);
    expect(v.constants.kdf_ck_chain_input).toBe('0f');
    expect(v.constants.kdf_ck_message_input).toBe('10');
  });

  it('double_ratchet.alice_init', () => {
    const init = v.alice_init;
    const alice = initiatorState(sk, hex(init.remote_ratchet_key), a1!);
    expect(toHex(alice.rootKey)).toBe(init.root_key);
    expect(toHex(alice.sendingChainKey)).toBe(init.sending_chain_key);
    expect(toHex(alice.receivingChainKey)).toBe(v.shared_key_SK);
    expect(toHex(alice.remote)).toBe(init.remote_ratchet_key);
    const ck = kdfCk(alice.sendingChainKey);
    expect(toHex(ck.chainKey)).toBe(init.chain_key_after_first_step);
    expect(toHex(ck.messageKey)).toBe(init.message_key_0);
  });

  for (const [i, m] of msgs.entries()) {
    it(`double_ratchet.messages[${i}] (${(m as { name?: string }).name ?? ''})`, () => {
      const got = conversation()[i]!;
      expect(toHex(got.header.dh)).toBe(m.header.dh);
      expect(got.header.n).toBe(m.header.n);
      expect(got.header.pn).toBe(m.header.pn);
      expect(toHex(encodeHeader(got.header))).toBe(m.associated_data);
      expect(toHex(got.ciphertext)).toBe(m.ciphertext);
      expect(toHex(got.plaintext!)).toBe(m.plaintext_hex);
    });
  }

  it('double_ratchet.messages decrypt from the vector bytes alone', () => {
    let bob: RatchetState = responderState(sk, spkB);
    for (const m of msgs.slice(0, 2)) {
      const header = { dh: hex(m.header.dh), n: m.header.n, pn: m.header.pn };
      const d = ratchetDecrypt({ state: bob, header, ciphertext: hex(m.ciphertext), random: fixed(b1!.privateKey) });
      expect(d.ok && toHex(d.value.plaintext)).toBe(m.plaintext_hex);
      if (d.ok) bob = d.value.state;
    }
    const alice = initiatorState(sk, spkB.publicKey, a1!);
    const m = msgs[2]!;
    const d = ratchetDecrypt({ state: alice, header: { dh: hex(m.header.dh), n: m.header.n, pn: m.header.pn }, ciphertext: hex(m.ciphertext), random: fixed(hex('77'.repeat(32))) });
    expect(d.ok && toHex(d.value.plaintext)).toBe(m.plaintext_hex);
  });
});
