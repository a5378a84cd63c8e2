/**
 * Double-ratchet encrypt/decrypt over plain RatchetState values. Decryption runs on a copy and
 * returns the new state; the caller commits it together with the message (ARCHITECTURE rule 3),
 * so a failure leaves the caller's state untouched.
 * Spec: status-protocol.md §4.4 (sending), §4.5 (receiving).
 *
 * Message keys: status-go keeps the key of a processed message until the application confirms
 * processing. Here the returned state already lacks it ("deletion after use"): committing that
 * state atomically with the stored message gives the same guarantee without a second step.
 */
import { ecdh } from '../../crypto/secp256k1.ts';
import { bytesEqual } from '../../../lib/shared/bytes.ts';
import { generateKeyPair } from '../keys.ts';
import type { RandomSource } from '../keys.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';
import { encodeHeader, kdfCk, kdfRk, ratchetOpen, ratchetSeal } from './primitives.ts';
import type { CipherError, RatchetHeader } from './primitives.ts';
import { applyRetentionLimits, cloneState, findSkipped, MAX_SKIP, withoutSkipped } from './state.ts';
import type { Mutable, RatchetState } from './state.ts';

export type RatchetError =
  | CipherError
  | 'RATCHET_INVALID_HEADER'
  | 'RATCHET_MESSAGE_KEY_DELETED'
  | 'RATCHET_TOO_MANY_SKIPPED';

const COMPRESSED_KEY_BYTES = 33;
const UINT32_MAX = 0xffff_ffff;

export interface Encrypted {
  readonly state: RatchetState;
  readonly header: RatchetHeader;
  readonly ciphertext: Uint8Array;
}

/** §4.4: header (DHs, Ns, PN); (CKs, mk) = KDF_CK(CKs); Ns += 1; ENCRYPT with the header as AD. */
export function ratchetEncrypt(state: RatchetState, plaintext: Uint8Array): Encrypted {
  const header: RatchetHeader = { dh: Uint8Array.from(state.self.publicKey), n: state.ns, pn: state.pn };
  const step = kdfCk(state.sendingChainKey);
  const ciphertext = ratchetSeal(step.messageKey, plaintext, encodeHeader(header));
  step.messageKey.fill(0);
  return { state: { ...state, sendingChainKey: step.chainKey, ns: state.ns + 1 }, header, ciphertext };
}

/** §4.5 step 3: store keys of the receiving chain until Nr = `until`. */
function skipKeys(s: Mutable<RatchetState>, until: number): Result<void, RatchetError> {
  if (until < s.nr) return err('RATCHET_MESSAGE_KEY_DELETED');
  if (until - s.nr > MAX_SKIP) return err('RATCHET_TOO_MANY_SKIPPED');
  const skipped = [...s.skipped];
  s.skipped = skipped;
  while (s.nr < until) {
    const step = kdfCk(s.receivingChainKey);
    const seq = s.storedKeys;
    s.storedKeys = seq + 1;
    skipped.push({ ratchetKey: Uint8Array.from(s.remote), n: s.nr, messageKey: step.messageKey, seq });
    s.receivingChainKey = step.chainKey;
    s.nr += 1;
  }
  return ok(undefined);
}

/** §4.5 step 2.1: DH ratchet step towards the peer's new ratchet key. */
function dhRatchet(s: Mutable<RatchetState>, theirKey: Uint8Array, random: RandomSource): void {
  s.pn = s.ns;
  s.ns = 0;
  s.nr = 0;
  s.remote = Uint8Array.from(theirKey);
  const recv = kdfRk(s.rootKey, ecdh(s.self.privateKey, s.remote));
  s.self = generateKeyPair(random);
  const send = kdfRk(recv.rootKey, ecdh(s.self.privateKey, s.remote));
  s.rootKey = send.rootKey;
  s.receivingChainKey = recv.chainKey;
  s.sendingChainKey = send.chainKey;
}

function validHeader(h: RatchetHeader): boolean {
  const isU32 = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= UINT32_MAX;
  return h.dh.length === COMPRESSED_KEY_BYTES && isU32(h.n) && isU32(h.pn);
}

export interface Decrypted {
  readonly state: RatchetState;
  readonly plaintext: Uint8Array;
}

/** §4.5. Never mutates `state`; on any failure the caller keeps its state unchanged. */
export function ratchetDecrypt(opts: {
  readonly state: RatchetState;
  readonly header: RatchetHeader;
  readonly ciphertext: Uint8Array;
  readonly random: RandomSource;
}): Result<Decrypted, RatchetError> {
  const { state, header, ciphertext } = opts;
  if (!validHeader(header)) return err('RATCHET_INVALID_HEADER');
  const ad = encodeHeader(header);
  const stored = findSkipped(state, header.dh, header.n);
  if (stored !== undefined) {
    const opened = ratchetOpen(stored.messageKey, ciphertext, ad);
    return opened.ok ? ok({ state: withoutSkipped(state, stored), plaintext: opened.value }) : opened;
  }
  const s = cloneState(state);
  if (!bytesEqual(header.dh, s.remote)) {
    const skipped = skipKeys(s, header.pn);
    if (!skipped.ok) return skipped;
    try {
      dhRatchet(s, header.dh, opts.random);
    } catch {
      return err('RATCHET_INVALID_HEADER');
    }
  }
  const skipped = skipKeys(s, header.n);
  if (!skipped.ok) return skipped;
  const step = kdfCk(s.receivingChainKey);
  s.receivingChainKey = step.chainKey;
  s.nr += 1;
  const opened = ratchetOpen(step.messageKey, ciphertext, ad);
  step.messageKey.fill(0);
  if (!opened.ok) return opened;
  applyRetentionLimits(s);
  return ok({ state: s, plaintext: opened.value });
}
