/**
 * Keycard command data and response templates (status-protocol.md §12.2, §12.4): the Application
 * Info template of SELECT (v1 and v2 shapes), GET STATUS, EXPORT KEY and SIGN. Owns: turning bytes
 * into typed values and checking every field's length. Does not own: the secure channel nor
 * sending anything. Every malformed input is a `keycard/malformed_response` with a detail.
 */
import { type Result, ok, err } from '../../lib/shared/result.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';
import { isValidPrivateKey, isValidPublicKey, normalizePublicKey, publicKeyOf } from '../crypto/secp256k1.ts';
import { constantTimeEqual } from '../crypto/hashes.ts';
import { parseSingle, parseTemplate, parseChildTemplate, tlvError } from './tlv.ts';

export const TAG = {
  APPLICATION_INFO: 0xa4,
  APPLICATION_STATUS: 0xa3,
  KEYPAIR: 0xa1,
  SIGNATURE: 0xa0,
  INSTANCE_UID: 0x8f,
  PUBLIC_KEY: 0x80,
  PRIVATE_KEY: 0x81,
  CHAIN_CODE: 0x82,
  INT: 0x02,
  BOOL: 0x01,
  KEY_UID: 0x8e,
  CAPABILITIES: 0x8d,
  CARD_STATUS_V2: 0x8c,
  CERTIFICATE: 0x8a,
  ECDSA_TEMPLATE: 0x30,
} as const;

/** Capability bits of tag 8D. */
export const CAPABILITY = {
  SECURE_CHANNEL: 0x01,
  KEY_MANAGEMENT: 0x02,
  CREDENTIALS_MANAGEMENT: 0x04,
  NDEF: 0x08,
} as const;

/** SELECT versions at or above this use secure channel v2 (§12.4). */
export const V2_MIN_VERSION = 0x0400;
/** Oldest applet this client speaks. */
export const MIN_VERSION = 0x0300;
export const CERTIFICATE_BYTES = 98;

export interface AppletVersion {
  readonly major: number;
  readonly minor: number;
}

/** What SELECT tells about the card. Fields of the other channel version are absent. */
export interface ApplicationInfo {
  /** false: the card answered with only its public key (§12.2) and needs INIT first. */
  readonly initialised: boolean;
  readonly version: AppletVersion;
  /** 1 for applet 3.x, 2 for 4.0 and later. */
  readonly secureChannel: 1 | 2;
  /** v1: 16 bytes; identifies the card for stored pairings. */
  readonly instanceUid?: Uint8Array;
  /** v1: the card's secure-channel key for this session (65 bytes, regenerated per SELECT). */
  readonly secureChannelPublicKey?: Uint8Array;
  /** v1: free pairing slots. */
  readonly freePairingSlots?: number;
  /** sha256 of the master public key; empty when no key is loaded. */
  readonly keyUid: Uint8Array;
  readonly capabilities: number;
  /** v2: tag 8C, the status byte (0x10 initialised, 0x20 LEE seed loaded, low nibble PIN tries). */
  readonly cardStatus?: number;
  /** v2: identity certificate, compressed card key(33) ‖ r(32) ‖ s(32) ‖ v(1). */
  readonly certificate?: Uint8Array;
}

function malformed(detail: string): { readonly ok: false; readonly error: KeycardError } {
  return err('keycard/malformed_response', detail);
}

/** Parses the data of a `9000` SELECT response. */
export function parseApplicationInfo(data: Uint8Array): Result<ApplicationInfo, KeycardError> {
  if (data.length > 0 && data[0] === TAG.PUBLIC_KEY) {
    // Uninitialised card: a bare 80 pubkey.
    const bare = parseSingle(data, TAG.PUBLIC_KEY);
    if (!bare.ok) return bare;
    if (bare.value.value.length !== 65 || !isValidPublicKey(bare.value.value)) return malformed('select_public_key');
    return ok({
      initialised: false,
      version: { major: 0, minor: 0 },
      secureChannel: 1,
      secureChannelPublicKey: bare.value.value.slice(),
      keyUid: new Uint8Array(0),
      capabilities: 0,
    });
  }
  const t = parseTemplate(data, TAG.APPLICATION_INFO);
  if (!t.ok) return t;
  const tpl = t.value;
  const versionBytes = tpl.nth(TAG.INT, 0);
  if (!versionBytes || versionBytes.length !== 2) return malformed('select_version');
  const version = { major: versionBytes[0]!, minor: versionBytes[1]! };
  const v = (version.major << 8) | version.minor;
  if (v < MIN_VERSION) return err('keycard/unsupported_version', `${version.major}.${version.minor}`);
  const keyUid = tpl.find(TAG.KEY_UID);
  if (!keyUid || (keyUid.length !== 0 && keyUid.length !== 32)) return malformed('select_key_uid');
  const caps = tpl.find(TAG.CAPABILITIES);
  // Applet 3.0 omits capabilities; it then supports everything.
  if (caps !== undefined && caps.length !== 1) return malformed('select_capabilities');
  const capabilities = caps === undefined ? 0xff : caps[0]!;

  if (v >= V2_MIN_VERSION) {
    const status = tpl.find(TAG.CARD_STATUS_V2);
    if (!status || status.length !== 1) return malformed('select_card_status');
    const cert = tpl.find(TAG.CERTIFICATE);
    if (!cert || cert.length !== CERTIFICATE_BYTES) return malformed('select_certificate');
    return ok({
      initialised: (status[0]! & 0x10) !== 0,
      version,
      secureChannel: 2,
      keyUid: keyUid.slice(),
      capabilities,
      cardStatus: status[0]!,
      certificate: cert.slice(),
    });
  }

  const uid = tpl.find(TAG.INSTANCE_UID);
  if (!uid || uid.length !== 16) return malformed('select_instance_uid');
  const pub = tpl.find(TAG.PUBLIC_KEY);
  // Cards without the secure-channel capability answer an empty 80.
  if (!pub || (pub.length !== 65 && (capabilities & CAPABILITY.SECURE_CHANNEL) !== 0) || (pub.length > 0 && !isValidPublicKey(pub))) {
    return malformed('select_public_key');
  }
  const slots = tpl.nth(TAG.INT, 1);
  if (!slots || slots.length !== 1) return malformed('select_free_slots');
  return ok({
    initialised: true,
    version,
    secureChannel: 1,
    instanceUid: uid.slice(),
    secureChannelPublicKey: pub.slice(),
    freePairingSlots: slots[0]!,
    keyUid: keyUid.slice(),
    capabilities,
  });
}

export interface KeycardStatus {
  readonly pinRetries: number;
  readonly pukRetries: number;
  readonly keyInitialised: boolean;
}

/** GET STATUS P1 = 00: `A3{ 02 PIN retries, 02 PUK retries, 01 key initialised }`. */
export function parseApplicationStatus(data: Uint8Array): Result<KeycardStatus, KeycardError> {
  const t = parseTemplate(data, TAG.APPLICATION_STATUS);
  if (!t.ok) return t;
  const pin = t.value.nth(TAG.INT, 0);
  const puk = t.value.nth(TAG.INT, 1);
  const key = t.value.find(TAG.BOOL);
  if (!pin || pin.length !== 1 || !puk || puk.length !== 1) return malformed('status_retries');
  if (!key || key.length !== 1) return malformed('status_key_initialised');
  return ok({ pinRetries: pin[0]!, pukRetries: puk[0]!, keyInitialised: key[0] !== 0 });
}

export interface ExportedKeyMaterial {
  /** 32-byte scalar. */
  readonly privateKey: Uint8Array;
  /** 65-byte uncompressed public key. */
  readonly publicKey: Uint8Array;
}

/**
 * EXPORT KEY P2 = 00: `A1{ 80 public key?, 81 private key }`. A missing public key is computed;
 * a present one must match the private key.
 */
export function parseExportedPrivateKey(data: Uint8Array): Result<ExportedKeyMaterial, KeycardError> {
  const t = parseTemplate(data, TAG.KEYPAIR);
  if (!t.ok) return t;
  const priv = t.value.find(TAG.PRIVATE_KEY);
  if (!priv || !isValidPrivateKey(priv)) return malformed('export_private_key');
  const privateKey = priv.slice();
  const derived = publicKeyOf(privateKey, false);
  const pub = t.value.find(TAG.PUBLIC_KEY);
  if (pub !== undefined && pub.length !== 0) {
    if (pub.length !== 65 || !isValidPublicKey(pub) || !constantTimeEqual(normalizePublicKey(pub, false), derived)) {
      privateKey.fill(0);
      return malformed('export_public_key_mismatch');
    }
  }
  return ok({ privateKey, publicKey: derived });
}

/** EXPORT KEY P2 = 01: `A1{ 80 public key }` (65 bytes uncompressed). */
export function parseExportedPublicKey(data: Uint8Array): Result<Uint8Array, KeycardError> {
  const t = parseTemplate(data, TAG.KEYPAIR);
  if (!t.ok) return t;
  const pub = t.value.find(TAG.PUBLIC_KEY);
  if (!pub || pub.length !== 65 || !isValidPublicKey(pub)) return malformed('export_public_key');
  return ok(pub.slice());
}

export interface CardSignature {
  /** The signing key, 65 bytes uncompressed. */
  readonly publicKey: Uint8Array;
  /** Big-endian integers without the DER sign byte. */
  readonly r: Uint8Array;
  readonly s: Uint8Array;
}

/** DER INTEGER body → unsigned big-endian bytes (at most 32 significant bytes). */
function derUnsigned(v: Uint8Array | undefined): Uint8Array | undefined {
  if (!v || v.length === 0 || v.length > 33) return undefined;
  if ((v[0]! & 0x80) !== 0) return undefined; // negative
  const stripped = v[0] === 0 && v.length > 1 ? v.subarray(1) : v;
  return stripped.length > 32 ? undefined : stripped;
}

/** SIGN: `A0{ 80 public key(65), 30{ 02 r, 02 s } }`. */
export function parseSignResponse(data: Uint8Array): Result<CardSignature, KeycardError> {
  const t = parseTemplate(data, TAG.SIGNATURE);
  if (!t.ok) return t;
  const pub = t.value.find(TAG.PUBLIC_KEY);
  if (!pub || pub.length !== 65 || !isValidPublicKey(pub)) return malformed('sign_public_key');
  const seq = t.value.find(TAG.ECDSA_TEMPLATE);
  if (!seq) return tlvError('tlv_missing_tag', 'sign_ecdsa');
  const inner = parseChildTemplate(seq, TAG.ECDSA_TEMPLATE);
  if (!inner.ok) return inner;
  if (inner.value.children.length !== 2) return malformed('sign_ecdsa_shape');
  const r = derUnsigned(inner.value.nth(TAG.INT, 0));
  const s = derUnsigned(inner.value.nth(TAG.INT, 1));
  if (!r || !s) return malformed('sign_ecdsa_integers');
  return ok({ publicKey: pub.slice(), r: r.slice(), s: s.slice() });
}
