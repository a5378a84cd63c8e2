/** Test support: fast-check arbitraries for secp256k1 keys. Test-only. */
import fc from 'fast-check';
import { isValidPrivateKey, publicKeyOf } from '../crypto/secp256k1.ts';

/** A valid private key (almost every 32-byte string is one). */
export const privateKeyArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((k) => isValidPrivateKey(k));

/** A valid public key, compressed (33 bytes) or uncompressed (65 bytes). */
export const publicKeyArb = fc
  .tuple(privateKeyArb, fc.boolean())
  .map(([k, compressed]) => publicKeyOf(k, compressed));
