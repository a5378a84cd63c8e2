/**
 * Keys out of a Keycard (status-protocol.md §12.1–12.2): the EIP-1581 paths whose private keys
 * the card exports, the exported key (wipeable, redacted in logs) and a card signature. Pure.
 */
import { normalizePublicKey } from '../crypto/secp256k1.ts';

/** The EIP-1581 subtree: the only one whose private keys the card exports (§12.2 EXPORT KEY). */
export const EIP1581_PREFIX = [0x8000002b, 0x8000003c, 0x8000062d] as const;
/** §12.1 paths. */
export const KEYCARD_CHAT_KEY_PATH = "m/43'/60'/1581'/0'/0";
export const KEYCARD_DATABASE_KEY_PATH = "m/43'/60'/1581'/1'/0";

/** A private key exported from the card. Wipe it when done; it never appears in JSON or String(). */
export class ExportedKey {
  readonly #privateKey: Uint8Array;
  /** The derivation path it was exported from. */
  readonly path: string;
  /** 65-byte uncompressed public key. */
  readonly publicKey: Uint8Array;

  constructor(path: string, privateKey: Uint8Array, publicKey: Uint8Array) {
    this.path = path;
    this.#privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The 32-byte scalar (the live buffer: wipe() zeroes it). Hand it only to worker code. */
  get privateKey(): Uint8Array {
    return this.#privateKey;
  }

  /** 33-byte compressed public key. */
  get compressedPublicKey(): Uint8Array {
    return normalizePublicKey(this.publicKey, true);
  }

  /** Overwrites the private key with zeros. */
  wipe(): void {
    this.#privateKey.fill(0);
  }

  toJSON(): string {
    return `ExportedKey(${this.path}, private key redacted)`;
  }

  toString(): string {
    return this.toJSON();
  }
}

export interface KeycardSignature {
  /** 65 bytes r ‖ s ‖ v, v ∈ {0,1}, low s (the Status form of §0). */
  readonly signature: Uint8Array;
  /** 65-byte uncompressed public key of the signing key. */
  readonly publicKey: Uint8Array;
}
