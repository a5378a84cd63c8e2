/** Node side of the vault micro-benchmarks: Argon2id unlock and record seal/open (bundled, see parley-src.d.ts). */
import { VAULT_ARGON2ID, deriveKeyFromPassword } from 'parley-src/crypto/kdf.ts';
import { RecordCipher } from 'parley-src/vault/record-cipher.ts';

export { VAULT_ARGON2ID };

export function kdf(): Promise<Uint8Array> {
  return deriveKeyFromPassword('correct horse battery staple', crypto.getRandomValues(new Uint8Array(16)));
}

export function recordCipher(): RecordCipher {
  return new RecordCipher('bench-profile', crypto.getRandomValues(new Uint8Array(32)));
}
