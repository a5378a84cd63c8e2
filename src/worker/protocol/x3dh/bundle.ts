/**
 * Prekey bundles: signature material, signing, verification by address recovery.
 * Owns the Bundle wire rules; does not own prekey storage, rotation or installation records
 * (services keep those, using the plain data returned here). Spec: status-protocol.md §3.1, §3.2.
 */
import { create } from '@bufbuild/protobuf';
import { keccak256 } from '../../crypto/hashes.ts';
import { normalizePublicKey, recoverPublicKey, signDigest } from '../../crypto/secp256k1.ts';
import { concatBytes, utf8ToBytes } from '../../../lib/shared/bytes.ts';
import { constantTimeEqual } from '../../crypto/hashes.ts';
import { BundleSchema } from '../generated/protocol_message_pb.ts';
import type { Bundle } from '../generated/protocol_message_pb.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type BundleError = 'BUNDLE_IDENTITY_INVALID' | 'BUNDLE_SIGNATURE_INVALID';

/** §3.2: protocol_version of all current clients (gates the negotiated topic, §5.3). */
export const CURRENT_PROTOCOL_VERSION = 1;

export interface SignedPreKeyEntry {
  readonly signedPreKey: Uint8Array;
  readonly version: number;
  readonly protocolVersion: number;
}

/** Orders strings by their UTF-8 bytes (Go's string order), not by UTF-16 code units. */
function compareUtf8(a: string, b: string): number {
  const x = utf8ToBytes(a);
  const y = utf8ToBytes(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * §3.2 material: for each installation id in UTF-8 byte order, utf8(id) ‖ signed_pre_key ‖
 * utf8(decimal(version)); then utf8(decimal(timestamp)) if timestamp ≠ 0.
 */
export function bundleSignatureMaterial(
  signedPreKeys: Readonly<Record<string, Pick<SignedPreKeyEntry, 'signedPreKey' | 'version'>>>,
  timestamp: bigint,
): Uint8Array {
  const ids = Object.keys(signedPreKeys).sort(compareUtf8);
  const parts: Uint8Array[] = [];
  for (const id of ids) {
    const spk = signedPreKeys[id]!;
    parts.push(utf8ToBytes(id), spk.signedPreKey, utf8ToBytes(spk.version.toString(10)));
  }
  if (timestamp !== 0n) parts.push(utf8ToBytes(timestamp.toString(10)));
  return concatBytes(...parts);
}

/** Ethereum address: the last 20 bytes of keccak256(uncomp(P)[1:65]). */
export function ethereumAddress(publicKey: Uint8Array): Uint8Array {
  return keccak256(normalizePublicKey(publicKey, false).subarray(1)).subarray(12);
}

/** Builds and signs a bundle. `timestamp` is Unix time in nanoseconds (the caller's clock). */
export function signBundle(opts: {
  readonly identityPrivateKey: Uint8Array;
  readonly identityPublicKey: Uint8Array;
  readonly signedPreKeys: Readonly<Record<string, SignedPreKeyEntry>>;
  readonly timestamp: bigint;
}): Bundle {
  const material = bundleSignatureMaterial(opts.signedPreKeys, opts.timestamp);
  const signature = signDigest(keccak256(material), opts.identityPrivateKey);
  return create(BundleSchema, {
    identity: normalizePublicKey(opts.identityPublicKey, true),
    signedPreKeys: { ...opts.signedPreKeys },
    signature,
    timestamp: opts.timestamp,
  });
}

export interface VerifiedBundle {
  /** uncomp(IK), 65 bytes. */
  readonly identity: Uint8Array;
  readonly timestamp: bigint;
  readonly signedPreKeys: Readonly<Record<string, SignedPreKeyEntry>>;
}

function tryOr<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** §3.2 verification: recover the signer and compare Ethereum addresses with `identity`. */
export function verifyBundle(bundle: Bundle): Result<VerifiedBundle, BundleError> {
  const identity = tryOr(() => normalizePublicKey(bundle.identity, false));
  if (identity === undefined) return err('BUNDLE_IDENTITY_INVALID');
  // Prekeys are not validated here (status-go does not either); an unusable prekey only makes
  // X3DH with that installation fail later (a typed error in x3dh/ and ratchet/).
  const material = bundleSignatureMaterial(bundle.signedPreKeys, bundle.timestamp);
  const signer = tryOr(() => recoverPublicKey(keccak256(material), bundle.signature));
  if (signer === undefined) return err('BUNDLE_SIGNATURE_INVALID');
  if (!constantTimeEqual(ethereumAddress(signer), ethereumAddress(identity))) return err('BUNDLE_SIGNATURE_INVALID');
  const signedPreKeys: Record<string, SignedPreKeyEntry> = {};
  for (const [id, e] of Object.entries(bundle.signedPreKeys)) {
    signedPreKeys[id] = { signedPreKey: e.signedPreKey, version: e.version, protocolVersion: e.protocolVersion };
  }
  return ok({ identity, timestamp: bundle.timestamp, signedPreKeys });
}
