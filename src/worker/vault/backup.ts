/**
 * The encrypted backup file. Layout (all integers big-endian):
 *   magic "PARLEYBK" (8) ‖ version (1) = 1 ‖ argon2id m (4) ‖ t (1) ‖ p (1) ‖ salt (16) ‖ sealed
 * where sealed = XChaCha20-Poly1305 under Argon2id(password, salt), with the whole header as
 * associated data, over the JSON contents. Decoding checks everything and never throws.
 */
import { bytesEqual, concatBytes, utf8ToBytes } from '$lib/shared/bytes.ts';
import type { BackupErrorInfo } from '$lib/shared/api.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { aeadOpen, aeadSeal } from '../crypto/aead.ts';
import { KDF_SALT_BYTES, VAULT_ARGON2ID, deriveKeyFromPassword, isAcceptableArgon2id } from '../crypto/kdf.ts';
import { randomBytes } from '../crypto/random.ts';
import { decodeValue, encodeValue } from './codec.ts';
import type { RecordWrite } from './vault.ts';

const MAGIC = utf8ToBytes('PARLEYBK');
export const BACKUP_VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1 + 4 + 1 + 1 + KDF_SALT_BYTES;
/** Refuse files larger than this before doing any work (a backup of 100k messages is ~50 MB). */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
const STORES = new Set(['identity', 'contacts', 'chats', 'messages', 'settings', 'sessions']);

/** The codes are part of the UI contract, so they are declared once in lib/shared/api.ts. */
export type BackupError = BackupErrorInfo;
export type BackupErrorCode = BackupErrorInfo['code'];

export interface BackupContents {
  readonly format: 'parley-backup';
  readonly createdAt: number;
  readonly records: readonly RecordWrite[];
}

export async function encodeBackup(contents: BackupContents, password: string): Promise<Uint8Array> {
  const salt = randomBytes(KDF_SALT_BYTES);
  const { m, t, p } = VAULT_ARGON2ID;
  const params = new Uint8Array(6);
  new DataView(params.buffer).setUint32(0, m);
  params[4] = t;
  params[5] = p;
  const header = concatBytes(MAGIC, Uint8Array.of(BACKUP_VERSION), params, salt);
  const key = await deriveKeyFromPassword(password, salt, VAULT_ARGON2ID);
  const sealed = aeadSeal(key, encodeValue(contents), header);
  key.fill(0);
  return concatBytes(header, sealed);
}

function isContents(v: unknown): v is BackupContents {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  if (c['format'] !== 'parley-backup' || typeof c['createdAt'] !== 'number' || !Array.isArray(c['records'])) return false;
  return (c['records'] as unknown[]).every((r) => {
    if (typeof r !== 'object' || r === null) return false;
    const w = r as Record<string, unknown>;
    return (
      typeof w['store'] === 'string' && STORES.has(w['store']) && typeof w['id'] === 'string' && 'value' in w && (w['group'] === undefined || typeof w['group'] === 'string')
    );
  });
}

export async function decodeBackup(file: Uint8Array, password: string): Promise<Result<BackupContents, BackupError>> {
  if (!(file instanceof Uint8Array)) return err('backup/not_parley');
  if (file.length > MAX_BACKUP_BYTES) return err('backup/too_large');
  if (file.length < MAGIC.length || !bytesEqual(file.subarray(0, MAGIC.length), MAGIC)) return err('backup/not_parley');
  if (file.length < MAGIC.length + 1) return err('backup/truncated');
  if (file[MAGIC.length] !== BACKUP_VERSION) return err('backup/unsupported_version', String(file[MAGIC.length]));
  if (file.length < HEADER_BYTES + 40) return err('backup/truncated');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const params = { m: view.getUint32(MAGIC.length + 1), t: file[MAGIC.length + 5]!, p: file[MAGIC.length + 6]! };
  if (!isAcceptableArgon2id(params)) return err('backup/bad_parameters');
  const header = file.subarray(0, HEADER_BYTES);
  const key = await deriveKeyFromPassword(password, file.slice(HEADER_BYTES - KDF_SALT_BYTES, HEADER_BYTES), params);
  const plain = aeadOpen(key, file.subarray(HEADER_BYTES), header);
  key.fill(0);
  if (plain === null) return err('backup/wrong_password');
  const contents = decodeValue(plain);
  return isContents(contents) ? ok(contents) : err('backup/bad_contents');
}
