/**
 * Double-ratchet session state as plain, structured-cloneable data (the vault persists it as is),
 * initialisation of both roles, and the skipped-message-key store with its limits.
 * Owns state shape and bookkeeping; the ratchet steps are in ratchet.ts.
 * Spec: status-protocol.md §4.2, §4.3, §4.5 (limits).
 */
import { ecdh } from '../../crypto/secp256k1.ts';
import { bytesEqual } from '../../../lib/shared/bytes.ts';
import type { KeyPair } from '../keys.ts';
import { kdfRk } from './primitives.ts';

/** §4.5: at most 1000 keys skipped in one step. */
export const MAX_SKIP = 1000;
/** §4.5: at most 2000 stored keys per session, oldest dropped first. */
export const MAX_SKIPPED_KEYS_PER_SESSION = 2000;
/** §4.5: keys older than the last 3000 stored are dropped. */
export const MAX_KEEP_KEYS = 3000;

export interface SkippedKey {
  /** Ratchet public key of the chain (compressed), empty when the chain had no remote key yet. */
  readonly ratchetKey: Uint8Array;
  readonly n: number;
  readonly messageKey: Uint8Array;
  /** Position in the session's stream of stored keys (for the MAX_KEEP_KEYS rule). */
  readonly seq: number;
}

export interface RatchetState {
  readonly rootKey: Uint8Array;
  readonly sendingChainKey: Uint8Array;
  readonly receivingChainKey: Uint8Array;
  /** DHs: own ratchet key pair. */
  readonly self: KeyPair;
  /** DHr: peer ratchet public key (compressed), or empty when none yet. */
  readonly remote: Uint8Array;
  readonly ns: number;
  readonly nr: number;
  readonly pn: number;
  readonly skipped: readonly SkippedKey[];
  /** Number of keys ever stored in `skipped` (next seq). */
  readonly storedKeys: number;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NO_KEY = new Uint8Array(0);

/**
 * §4.3 initiator: RK = SK, CKr = SK (sic), DHs fresh, DHr = SPK_B, (RK, CKs) = KDF_RK(SK, DH(DHs, SPK_B)).
 * Throws on an invalid SPK_B; callers pass keys they have validated (bundle verification).
 */
export function initiatorState(sharedKey: Uint8Array, theirSignedPreKey: Uint8Array, self: KeyPair): RatchetState {
  const step = kdfRk(sharedKey, ecdh(self.privateKey, theirSignedPreKey));
  return {
    rootKey: step.rootKey,
    sendingChainKey: step.chainKey,
    receivingChainKey: Uint8Array.from(sharedKey),
    self,
    remote: Uint8Array.from(theirSignedPreKey),
    ns: 0, nr: 0, pn: 0,
    skipped: [],
    storedKeys: 0,
  };
}

/** §4.3 responder: RK = SK, DHs = SPK_B, DHr none, CKs = CKr = SK. */
export function responderState(sharedKey: Uint8Array, signedPreKey: KeyPair): RatchetState {
  return {
    rootKey: Uint8Array.from(sharedKey),
    sendingChainKey: Uint8Array.from(sharedKey),
    receivingChainKey: Uint8Array.from(sharedKey),
    self: signedPreKey,
    remote: NO_KEY,
    ns: 0, nr: 0, pn: 0,
    skipped: [],
    storedKeys: 0,
  };
}

/** Deep copy: decryption works on a copy and the caller commits the returned state. */
export function cloneState(s: RatchetState): Mutable<RatchetState> {
  return {
    ...s,
    rootKey: Uint8Array.from(s.rootKey),
    sendingChainKey: Uint8Array.from(s.sendingChainKey),
    receivingChainKey: Uint8Array.from(s.receivingChainKey),
    self: { privateKey: Uint8Array.from(s.self.privateKey), publicKey: Uint8Array.from(s.self.publicKey) },
    remote: Uint8Array.from(s.remote),
    skipped: s.skipped.map((k) => ({ ...k, ratchetKey: Uint8Array.from(k.ratchetKey), messageKey: Uint8Array.from(k.messageKey) })),
  };
}

export function findSkipped(s: RatchetState, ratchetKey: Uint8Array, n: number): SkippedKey | undefined {
  return s.skipped.find((k) => k.n === n && bytesEqual(k.ratchetKey, ratchetKey));
}

/** Removes one stored key (after use). */
export function withoutSkipped(s: RatchetState, used: SkippedKey): RatchetState {
  return { ...s, skipped: s.skipped.filter((k) => k !== used) };
}

/** §4.5 retention: drop keys older than the last MAX_KEEP_KEYS stored, then keep the newest 2000. */
export function applyRetentionLimits(s: Mutable<RatchetState>): void {
  const oldestKept = s.storedKeys - MAX_KEEP_KEYS;
  const kept = s.skipped.filter((k) => k.seq >= oldestKept);
  const excess = kept.length - MAX_SKIPPED_KEYS_PER_SESSION;
  s.skipped = excess > 0 ? kept.slice(excess) : kept;
}
