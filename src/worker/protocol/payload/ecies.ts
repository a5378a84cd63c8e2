/**
 * ECIES over secp256k1 as in go-ethereum crypto/ecies with the "AES-128 + SHA-256" parameters:
 * concat-KDF (one SHA-256 block, empty shared info), AES-128-CTR, HMAC-SHA256 over iv ‖ c.
 * Wire: R(65, uncompressed) ‖ iv(16) ‖ c ‖ d(32). Randomness is injected (pure).
 * Spec: status-protocol.md §2.4 (asymmetric encryption).
 */
import { aesCtr } from '../../crypto/aes.ts';
import { constantTimeEqual, hmacSha256, sha256 } from '../../crypto/hashes.ts';
import { ecdh } from '../../crypto/secp256k1.ts';
import { concatBytes } from '../../../lib/shared/bytes.ts';
import { generateKeyPair } from '../keys.ts';
import type { RandomSource } from '../keys.ts';
import { publicKeyOf } from '../../crypto/secp256k1.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type EciesError = 'ECIES_TOO_SHORT' | 'ECIES_INVALID_KEY' | 'ECIES_MAC_INVALID';

const R_BYTES = 65;
const IV_BYTES = 16;
const MAC_BYTES = 32;
export const ECIES_OVERHEAD = R_BYTES + IV_BYTES + MAC_BYTES;

interface EciesKeys {
  readonly encKey: Uint8Array;
  readonly macKey: Uint8Array;
}

/** k = sha256(BE32(1) ‖ z); kE = k[0:16]; kM = sha256(k[16:32]). */
function deriveKeys(z: Uint8Array): EciesKeys {
  const k = sha256(concatBytes(new Uint8Array([0, 0, 0, 1]), z));
  const keys = { encKey: k.slice(0, 16), macKey: sha256(k.subarray(16, 32)) };
  k.fill(0);
  return keys;
}

/** Encrypts `plaintext` to `recipientPublicKey` (33 or 65 bytes). Throws only on an invalid key. */
export function eciesEncrypt(recipientPublicKey: Uint8Array, plaintext: Uint8Array, random: RandomSource): Uint8Array {
  const ephemeral = generateKeyPair(random);
  const keys = deriveKeys(ecdh(ephemeral.privateKey, recipientPublicKey));
  const iv = random(IV_BYTES);
  const ivCiphertext = concatBytes(iv, aesCtr(keys.encKey, iv, plaintext));
  const mac = hmacSha256(keys.macKey, ivCiphertext);
  const r = publicKeyOf(ephemeral.privateKey, false);
  ephemeral.privateKey.fill(0);
  return concatBytes(r, ivCiphertext, mac);
}

/** Decrypts; the MAC is checked in constant time before decrypting. */
export function eciesDecrypt(privateKey: Uint8Array, sealed: Uint8Array): Result<Uint8Array, EciesError> {
  if (sealed.length < ECIES_OVERHEAD) return err('ECIES_TOO_SHORT');
  if (sealed[0] !== 0x04) return err('ECIES_INVALID_KEY');
  let z: Uint8Array;
  try {
    z = ecdh(privateKey, sealed.subarray(0, R_BYTES));
  } catch {
    return err('ECIES_INVALID_KEY');
  }
  const keys = deriveKeys(z);
  z.fill(0);
  const ivCiphertext = sealed.subarray(R_BYTES, sealed.length - MAC_BYTES);
  const mac = sealed.subarray(sealed.length - MAC_BYTES);
  if (!constantTimeEqual(hmacSha256(keys.macKey, ivCiphertext), mac)) return err('ECIES_MAC_INVALID');
  return ok(aesCtr(keys.encKey, ivCiphertext.subarray(0, IV_BYTES), ivCiphertext.subarray(IV_BYTES)));
}
