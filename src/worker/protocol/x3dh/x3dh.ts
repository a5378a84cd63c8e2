/**
 * X3DH key agreement, Status variant: secp256k1 everywhere, three DHs, SK = keccak256 of their
 * concatenation (no HKDF, no one-time prekey). Owns the agreement only; sessions live in ratchet/.
 * Spec: status-protocol.md §3.3.
 */
import { keccak256 } from '../../crypto/hashes.ts';
import { ecdh, normalizePublicKey } from '../../crypto/secp256k1.ts';
import { concatBytes } from '../../../lib/shared/bytes.ts';
import type { KeyPair } from '../keys.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type X3dhError = 'X3DH_INVALID_KEY';

export interface X3dhInitiatorResult {
  /** SK, 32 bytes. */
  readonly sharedKey: Uint8Array;
  /** comp(EK_A): X3DHHeader.key. */
  readonly ephemeralPublicKey: Uint8Array;
  /** comp(SPK_B): the session's bundle id (X3DHHeader.id and DRHeader.id). */
  readonly bundleId: Uint8Array;
}

function guard<T>(f: () => T): Result<T, X3dhError> {
  try {
    return ok(f());
  } catch {
    return err('X3DH_INVALID_KEY');
  }
}

/** Initiator: DH1 = DH(IK_A, SPK_B), DH2 = DH(EK_A, IK_B), DH3 = DH(EK_A, SPK_B). */
export function x3dhInitiate(opts: {
  readonly identityPrivateKey: Uint8Array;
  readonly ephemeral: KeyPair;
  readonly theirIdentityKey: Uint8Array;
  readonly theirSignedPreKey: Uint8Array;
}): Result<X3dhInitiatorResult, X3dhError> {
  return guard(() => {
    const dh1 = ecdh(opts.identityPrivateKey, opts.theirSignedPreKey);
    const dh2 = ecdh(opts.ephemeral.privateKey, opts.theirIdentityKey);
    const dh3 = ecdh(opts.ephemeral.privateKey, opts.theirSignedPreKey);
    return {
      sharedKey: keccak256(concatBytes(dh1, dh2, dh3)),
      ephemeralPublicKey: normalizePublicKey(opts.ephemeral.publicKey, true),
      bundleId: normalizePublicKey(opts.theirSignedPreKey, true),
    };
  });
}

/** Responder: DH(SPK_B, IK_A), DH(IK_B, EK_A), DH(SPK_B, EK_A) — the same SK. */
export function x3dhRespond(opts: {
  readonly identityPrivateKey: Uint8Array;
  readonly signedPreKeyPrivateKey: Uint8Array;
  readonly theirIdentityKey: Uint8Array;
  readonly theirEphemeralKey: Uint8Array;
}): Result<Uint8Array, X3dhError> {
  return guard(() => {
    const dh1 = ecdh(opts.signedPreKeyPrivateKey, opts.theirIdentityKey);
    const dh2 = ecdh(opts.identityPrivateKey, opts.theirEphemeralKey);
    const dh3 = ecdh(opts.signedPreKeyPrivateKey, opts.theirEphemeralKey);
    return keccak256(concatBytes(dh1, dh2, dh3));
  });
}
