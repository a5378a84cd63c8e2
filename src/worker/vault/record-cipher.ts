/**
 * Encryption of vault records under the profile's data key. Every record is sealed with
 * associated data naming its profile, store and key, so a record copied or swapped to another
 * place fails to open. Record keys are keyed hashes of their logical ids, so IndexedDB keys leak
 * no plaintext (no chat keys, no message ids). Pure apart from the random nonce.
 */
import { bytesToHex, utf8ToBytes } from '$lib/shared/bytes.ts';
import { aeadOpen, aeadSeal } from '../crypto/aead.ts';
import { hkdfSha256, hmacSha256 } from '../crypto/hashes.ts';
import { decodeValue, encodeValue } from './codec.ts';

export type StoreName = 'identity' | 'contacts' | 'chats' | 'messages' | 'settings' | 'sessions';

export class RecordCipher {
  readonly profileId: string;
  readonly #recordKey: Uint8Array;
  readonly #indexKey: Uint8Array;

  constructor(profileId: string, dataKey: Uint8Array) {
    this.profileId = profileId;
    const salt = utf8ToBytes(`parley/vault/v1/${profileId}`);
    this.#recordKey = hkdfSha256(dataKey, salt, utf8ToBytes('records'), 32);
    this.#indexKey = hkdfSha256(dataKey, salt, utf8ToBytes('index'), 32);
  }

  /** The opaque IndexedDB key of logical record `id` in `store`. */
  keyOf(store: StoreName, id: string): string {
    return bytesToHex(hmacSha256(this.#indexKey, utf8ToBytes(`${store}\u0000${id}`)));
  }

  seal(store: StoreName, key: string, value: unknown): Uint8Array {
    return aeadSeal(this.#recordKey, encodeValue(value), this.#aad(store, key));
  }

  /** The value, or null when the record does not authenticate at this place under this key. */
  open(store: StoreName, key: string, sealed: Uint8Array): { value: unknown } | null {
    const plain = aeadOpen(this.#recordKey, sealed, this.#aad(store, key));
    if (plain === null) return null;
    const value = decodeValue(plain);
    return value === undefined ? null : { value };
  }

  /** Zeroes the keys; the cipher is unusable afterwards. Called on lock. */
  destroy(): void {
    this.#recordKey.fill(0);
    this.#indexKey.fill(0);
  }

  toString(): string {
    return '[RecordCipher redacted]';
  }

  toJSON(): string {
    return this.toString();
  }

  #aad(store: StoreName, key: string): Uint8Array {
    return utf8ToBytes(`parley/vault/v1/${this.profileId}/${store}/${key}`);
  }
}
