/**
 * This installation's encryption identity (status-protocol.md §3.1, §3.2): a random UUID v4
 * installation id and its signed prekeys, rotated lazily after 24 h (old private keys are kept,
 * because peers may still start sessions with them). Builds the freshly signed own bundle that is
 * attached to every ProtocolMessage. Plain data, persisted in the vault's 'sessions' store.
 */
import type { Bundle } from '../../protocol/generated/protocol_message_pb.ts';
import { CURRENT_PROTOCOL_VERSION, generateKeyPair, signBundle, type KeyPair, type RandomSource } from '../../protocol/index.ts';

export const DEVICE_RECORD_ID = 'device';
/** §3.2: a prekey older than this is replaced when a bundle is next needed. */
export const PREKEY_ROTATION_MS = 24 * 3600 * 1000;
/** Old prekeys we keep decrypting with (a rotation a day: about a month). */
const MAX_KEPT_PREKEYS = 32;

export interface SignedPreKeyRecord {
  readonly version: number;
  readonly keyPair: KeyPair;
  readonly createdAt: number;
}

export interface DeviceRecord {
  readonly v: 1;
  readonly installationId: string;
  /** Newest last. */
  readonly preKeys: readonly SignedPreKeyRecord[];
}

/** A random UUID v4, lowercase with hyphens (§3.1), from injected randomness. */
export function newInstallationId(random: RandomSource): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function newDevice(random: RandomSource, now: number): DeviceRecord {
  // §3.2: a new client starts its prekey versions at 1.
  return { v: 1, installationId: newInstallationId(random), preKeys: [{ version: 1, keyPair: generateKeyPair(random), createdAt: now }] };
}

export function currentPreKey(device: DeviceRecord): SignedPreKeyRecord {
  const last = device.preKeys[device.preKeys.length - 1];
  if (!last) throw new Error('device has no prekey');
  return last;
}

/** Rotates when the current prekey is older than 24 h; returns the same record otherwise. */
export function rotateIfStale(device: DeviceRecord, random: RandomSource, now: number): DeviceRecord {
  const current = currentPreKey(device);
  if (now - current.createdAt < PREKEY_ROTATION_MS) return device;
  const next = { version: current.version + 1, keyPair: generateKeyPair(random), createdAt: now };
  return { ...device, preKeys: [...device.preKeys, next].slice(-MAX_KEPT_PREKEYS) };
}

/** Own prekey (expired ones included) whose compressed public key is `bundleId` (§3.3). */
export function findPreKey(device: DeviceRecord, bundleId: Uint8Array): KeyPair | undefined {
  return device.preKeys.find((p) => equal(p.keyPair.publicKey, bundleId))?.keyPair;
}

export function ownBundle(device: DeviceRecord, identity: { privateKey: Uint8Array; publicKey: Uint8Array }, now: number): Bundle {
  const spk = currentPreKey(device);
  return signBundle({
    identityPrivateKey: identity.privateKey,
    identityPublicKey: identity.publicKey,
    timestamp: BigInt(now) * 1_000_000n,
    signedPreKeys: {
      [device.installationId]: { signedPreKey: spk.keyPair.publicKey, version: spk.version, protocolVersion: CURRENT_PROTOCOL_VERSION },
    },
  });
}

export function isDeviceRecord(v: unknown): v is DeviceRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r['v'] === 1 && typeof r['installationId'] === 'string' && Array.isArray(r['preKeys']) && r['preKeys'].length > 0;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
