/**
 * Keys of an account from its recovery phrase (status-protocol.md §1.1). Owns: BIP39 seed with
 * the empty passphrase, BIP32 derivation of the chat key `m/43'/60'/1581'/0'/0` and of the
 * database-encryption key `m/43'/60'/1581'/1'/0`, and the redacting key-pair type. Does not own:
 * what the keys are used for, nor wallet paths. Intermediate secrets it creates are zeroed.
 */
import { mnemonicToSeedSync } from '@scure/bip39';
import { HARDENED_OFFSET, HDKey } from '@scure/bip32';
import { bytesToHex } from '../../lib/shared/bytes.ts';
import { normalizePublicKey, publicKeyOf, isValidPrivateKey } from '../crypto/secp256k1.ts';
import { Redacted } from './_redact.ts';
import { IdentityArgumentError } from './errors.ts';
import type { Mnemonic } from './mnemonic.ts';

/** §1.1: EIP-1581 non-wallet subtree, key type 0' = messaging ("whisper key"). */
export const CHAT_KEY_PATH = "m/43'/60'/1581'/0'/0";
/** §1.1: EIP-1581 non-wallet subtree, key type 1' = storage encryption. */
export const DATABASE_KEY_PATH = "m/43'/60'/1581'/1'/0";
/** §1.1: Status uses an empty BIP39 passphrase (UNCONFIRMED for every historical client). */
export const BIP39_PASSPHRASE = '';
export const SEED_BYTES = 64;

/** A secp256k1 key pair whose private half never appears in String(), JSON or console output. */
export class SecretKeyPair extends Redacted {
  readonly #privateKey: Uint8Array;
  /** SEC1 compressed, 33 bytes. */
  readonly publicKey: Uint8Array;

  constructor(privateKey: Uint8Array) {
    super();
    if (!(privateKey instanceof Uint8Array) || !isValidPrivateKey(privateKey)) {
      throw new IdentityArgumentError('privateKey', 'expected a valid 32-byte secp256k1 scalar');
    }
    this.#privateKey = Uint8Array.from(privateKey);
    this.publicKey = publicKeyOf(this.#privateKey, true);
  }

  /** The 32-byte secret scalar. Hand it only to worker/crypto. */
  get privateKey(): Uint8Array {
    return this.#privateKey;
  }

  /** SEC1 uncompressed, 65 bytes (`04 ‖ X ‖ Y`), the form inside `pkhex` (§0). */
  get uncompressedPublicKey(): Uint8Array {
    return normalizePublicKey(this.publicKey, false);
  }

  /** Overwrites the private key with zeros; the pair is unusable afterwards. */
  wipe(): void {
    this.#privateKey.fill(0);
  }

  protected redactedLabel(): string {
    return `SecretKeyPair(pub 0x${bytesToHex(this.publicKey)}, private key redacted)`;
  }
}

/** The keys an account derives from its phrase. */
export interface IdentityKeys {
  /** `IK` of §1: the messaging identity. */
  readonly chatKey: SecretKeyPair;
  /** Encrypts local storage (§1.1 "database-encryption key"). */
  readonly databaseKey: SecretKeyPair;
}

/** Path indices of "m/a'/b/…"; hardened components get HARDENED_OFFSET added. */
export function parsePath(path: string): number[] {
  const parts = path.split('/');
  if (parts[0] !== 'm') throw new IdentityArgumentError('path', `must start with "m/", got ${JSON.stringify(path)}`);
  return parts.slice(1).map((p) => {
    const m = /^(\d+)(')?$/.exec(p);
    const n = m ? Number(m[1]) : NaN;
    if (!m || n >= HARDENED_OFFSET) throw new IdentityArgumentError('path', `bad component ${JSON.stringify(p)}`);
    return m[2] ? n + HARDENED_OFFSET : n;
  });
}

/** Derives the private key at `path`, wiping every intermediate node (not the given root). */
export function derivePrivateKey(root: HDKey, path: string): Uint8Array {
  let node = root;
  for (const index of parsePath(path)) {
    const child = node.deriveChild(index);
    if (node !== root) node.wipePrivateData();
    node = child;
  }
  const key = node.privateKey;
  if (!key) throw new IdentityArgumentError('root', 'has no private key');
  const out = Uint8Array.from(key);
  if (node !== root) node.wipePrivateData();
  return out;
}

function keyPairAt(root: HDKey, path: string): SecretKeyPair {
  const priv = derivePrivateKey(root, path);
  try {
    return new SecretKeyPair(priv);
  } finally {
    priv.fill(0);
  }
}

/** §1.1 from a 64-byte BIP39 seed. The seed is the caller's; it is not modified. */
export function deriveIdentityKeysFromSeed(seed: Uint8Array): IdentityKeys {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) {
    throw new IdentityArgumentError('seed', `expected ${SEED_BYTES} bytes`);
  }
  const root = HDKey.fromMasterSeed(seed);
  try {
    return { chatKey: keyPairAt(root, CHAT_KEY_PATH), databaseKey: keyPairAt(root, DATABASE_KEY_PATH) };
  } finally {
    root.wipePrivateData();
  }
}

/** BIP39 seed of §1.1: PBKDF2-HMAC-SHA512(NFKD(phrase), "mnemonic" ‖ "", 2048, 64). A secret. */
export function mnemonicToSeed(mnemonic: Mnemonic): Uint8Array {
  return mnemonicToSeedSync(mnemonic.phrase, BIP39_PASSPHRASE);
}

/** §1.1: phrase → chat key and database key. Slow by design (PBKDF2, 2048 rounds). */
export function deriveIdentityKeys(mnemonic: Mnemonic): IdentityKeys {
  const seed = mnemonicToSeed(mnemonic);
  try {
    return deriveIdentityKeysFromSeed(seed);
  } finally {
    seed.fill(0);
  }
}
