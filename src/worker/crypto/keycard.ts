/**
 * Cryptographic primitives of the Keycard secure channels (status-protocol.md §12.2–§12.4):
 * raw AES-CBC (no padding; the applet's ISO 9797-1 M2 padding is framing and lives in
 * worker/keycard), CBC-MAC, AES-CCM (RFC 3610 / NIST SP 800-38C, built here from AES-CBC and
 * AES-CTR because @noble/ciphers has no CCM), the pairing-password KDF, and the ECDSA helpers the
 * card's DER-style signatures need. Owns no protocol state. Backend: @noble/ciphers, @noble/curves.
 */
import { cbc, ctr } from '@noble/ciphers/aes.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { pbkdf2Sha256, constantTimeEqual } from './hashes.ts';
import { recoverPublicKey, normalizePublicKey, SIGNATURE_BYTES } from './secp256k1.ts';

export const AES_BLOCK = 16;

function expectLength(name: string, b: Uint8Array, ...lens: number[]): void {
  if (!(b instanceof Uint8Array) || !lens.includes(b.length)) {
    const got = b instanceof Uint8Array ? `${b.length}` : typeof b;
    throw new RangeError(`${name}: expected ${lens.join(' or ')} bytes, got ${got}`);
  }
}

function expectBlocks(name: string, b: Uint8Array): void {
  if (b.length % AES_BLOCK !== 0) throw new RangeError(`${name}: length ${b.length} is not a multiple of ${AES_BLOCK}`);
}

/** AES-CBC encryption without padding (key 16 or 32 bytes); `data` must be whole blocks. */
export function aesCbcEncryptRaw(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  expectLength('AES-CBC key', key, 16, 32);
  expectLength('AES-CBC iv', iv, AES_BLOCK);
  expectBlocks('AES-CBC data', data);
  return cbc(key, iv, { disablePadding: true }).encrypt(data);
}

/** AES-CBC decryption without padding; `data` must be whole blocks. */
export function aesCbcDecryptRaw(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  expectLength('AES-CBC key', key, 16, 32);
  expectLength('AES-CBC iv', iv, AES_BLOCK);
  expectBlocks('AES-CBC data', data);
  return cbc(key, iv, { disablePadding: true }).decrypt(data);
}

/** CBC-MAC: the last block of AES-CBC(key, zero IV, data); `data` must be whole, non-empty blocks. */
export function aesCbcMac(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length === 0) throw new RangeError('CBC-MAC: empty input');
  const out = aesCbcEncryptRaw(key, new Uint8Array(AES_BLOCK), data);
  return out.slice(out.length - AES_BLOCK);
}

// ---------------------------------------------------------------------------------------------
// AES-CCM (RFC 3610 §2; identical to NIST SP 800-38C with the same parameters)

const CCM_TAG_LENGTHS = [4, 6, 8, 10, 12, 14, 16];

function ccmCheck(key: Uint8Array, nonce: Uint8Array, tagLength: number): number {
  expectLength('AES-CCM key', key, 16, 24, 32);
  if (!(nonce instanceof Uint8Array) || nonce.length < 7 || nonce.length > 13) {
    throw new RangeError('AES-CCM nonce: expected 7 to 13 bytes');
  }
  if (!CCM_TAG_LENGTHS.includes(tagLength)) throw new RangeError(`AES-CCM tag length ${tagLength} not allowed`);
  return 15 - nonce.length; // L: bytes of the length field
}

/** Big-endian `value` in `width` bytes; throws when it does not fit. */
function beBytes(value: number, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = v & 0xff;
    v = Math.floor(v / 256);
  }
  if (v !== 0) throw new RangeError(`value ${value} does not fit in ${width} bytes`);
  return out;
}

/** The unencrypted CBC-MAC value T (RFC 3610 §2.2), full 16 bytes. */
function ccmMac(key: Uint8Array, nonce: Uint8Array, L: number, tagLength: number, aad: Uint8Array, msg: Uint8Array): Uint8Array {
  const flags = (aad.length > 0 ? 0x40 : 0) | (((tagLength - 2) / 2) << 3) | (L - 1);
  const b0 = new Uint8Array(AES_BLOCK);
  b0[0] = flags;
  b0.set(nonce, 1);
  b0.set(beBytes(msg.length, L), 1 + nonce.length);
  let aadEncoded: Uint8Array = new Uint8Array(0);
  if (aad.length > 0) {
    // Lengths below 2^16 − 2^8 are two bytes; longer ones are 0xFFFE ‖ 4 bytes (32-bit is plenty here).
    const prefix = aad.length < 0xff00 ? beBytes(aad.length, 2) : Uint8Array.of(0xff, 0xfe, ...beBytes(aad.length, 4));
    const header = new Uint8Array(prefix.length + aad.length);
    header.set(prefix, 0);
    header.set(aad, prefix.length);
    aadEncoded = zeroPadded(header);
  }
  const blocks = new Uint8Array(AES_BLOCK + aadEncoded.length + roundUp(msg.length));
  blocks.set(b0, 0);
  blocks.set(aadEncoded, AES_BLOCK);
  blocks.set(msg, AES_BLOCK + aadEncoded.length);
  const mac = aesCbcMac(key, blocks);
  blocks.fill(0);
  return mac;
}

function roundUp(n: number): number {
  return Math.ceil(n / AES_BLOCK) * AES_BLOCK;
}

function zeroPadded(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(roundUp(b.length));
  out.set(b);
  return out;
}

/** S0 ‖ (data XOR S1, S2, …): the CTR part of CCM with counter blocks A_i = flags ‖ nonce ‖ i. */
function ccmCtr(key: Uint8Array, nonce: Uint8Array, L: number, data: Uint8Array): { s0: Uint8Array; out: Uint8Array } {
  const a0 = new Uint8Array(AES_BLOCK);
  a0[0] = L - 1;
  a0.set(nonce, 1);
  // The counter field (last L bytes) never overflows: the message length already fits in L bytes.
  const input = new Uint8Array(AES_BLOCK + data.length);
  input.set(data, AES_BLOCK);
  const stream = ctr(key, a0).encrypt(input);
  const result = { s0: stream.slice(0, AES_BLOCK), out: stream.slice(AES_BLOCK) };
  // Plaintext may be key material: keep one copy only.
  stream.fill(0);
  return result;
}

/** AES-CCM encryption: returns ciphertext ‖ tag(tagLength). */
export function aesCcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, tagLength: number, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  const L = ccmCheck(key, nonce, tagLength);
  const t = ccmMac(key, nonce, L, tagLength, aad, plaintext);
  const { s0, out } = ccmCtr(key, nonce, L, plaintext);
  const sealed = new Uint8Array(out.length + tagLength);
  sealed.set(out, 0);
  for (let i = 0; i < tagLength; i++) sealed[out.length + i] = t[i]! ^ s0[i]!;
  return sealed;
}

/** AES-CCM decryption of ciphertext ‖ tag; undefined when the tag does not verify (or input is short). */
export function aesCcmDecrypt(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, tagLength: number, aad: Uint8Array = new Uint8Array(0)): Uint8Array | undefined {
  const L = ccmCheck(key, nonce, tagLength);
  if (sealed.length < tagLength) return undefined;
  const body = sealed.subarray(0, sealed.length - tagLength);
  const { s0, out } = ccmCtr(key, nonce, L, body);
  const t = ccmMac(key, nonce, L, tagLength, aad, out);
  const expected = new Uint8Array(tagLength);
  for (let i = 0; i < tagLength; i++) expected[i] = t[i]! ^ s0[i]!;
  if (!constantTimeEqual(expected, sealed.subarray(sealed.length - tagLength))) {
    out.fill(0);
    return undefined;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pairing password and signatures

export const PAIRING_SALT = 'Keycard Pairing Password Salt';
export const PAIRING_ITERATIONS = 50_000;

/** §12.2: pairing secret = PBKDF2-HMAC-SHA256(NFKD(password), NFKD(salt), 50 000, 32). Slow by design. */
export function keycardPairingSecret(password: string): Uint8Array {
  const enc = new TextEncoder();
  return pbkdf2Sha256(enc.encode(password.normalize('NFKD')), enc.encode(PAIRING_SALT.normalize('NFKD')), PAIRING_ITERATIONS, 32);
}

const CURVE_N = secp256k1.Point.CURVE().n;

function bytesToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function bigTo32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Turns the card's (r, s) over `digest` into the Status 65-byte r ‖ s ‖ v form by finding the
 * recovery id that yields `publicKey` (§12.2 SIGN: "the client computes the recovery id by trying
 * both"). A high s is normalised to low s (flipping the parity). Integers are big-endian, any
 * length up to 33 (DER may add a leading zero). Returns undefined when no recovery id matches.
 */
export function recoverableSignature(digest: Uint8Array, r: Uint8Array, s: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined {
  expectLength('digest', digest, 32);
  const rv = bytesToBig(r);
  let sv = bytesToBig(s);
  if (rv <= 0n || rv >= CURVE_N || sv <= 0n || sv >= CURVE_N) return undefined;
  let want: Uint8Array;
  try {
    want = normalizePublicKey(publicKey, false);
  } catch {
    return undefined;
  }
  if (sv > CURVE_N / 2n) sv = CURVE_N - sv;
  const sig = new Uint8Array(SIGNATURE_BYTES);
  sig.set(bigTo32(rv), 0);
  sig.set(bigTo32(sv), 32);
  for (const v of [0, 1]) {
    sig[64] = v;
    try {
      const got = recoverPublicKey(digest, sig);
      if (constantTimeEqual(got, want)) return sig;
    } catch {
      // not this recovery id
    }
  }
  return undefined;
}

/** ECDSA verification of a DER signature over a 32-byte digest (no low-s requirement). */
export function verifyDerSignature(digest: Uint8Array, der: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return secp256k1.verify(der, digest, publicKey, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}
