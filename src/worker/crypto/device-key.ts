/**
 * The device key of a try-now profile (no password yet): a non-extractable WebCrypto AES-GCM key
 * that lives in IndexedDB. It protects the vault against someone copying the database files out
 * of the browser profile, but not against anyone who can run code in this origin or use this
 * browser profile. The UI says so. WebCrypto only; noble is not used for this primitive.
 */

const ALGORITHM = 'AES-GCM';

/** WebCrypto wants ArrayBuffer-backed views; copy when a view sits on a shared or resizable buffer. */
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
export const DEVICE_IV_BYTES = 12;

export function createDeviceKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: ALGORITHM, length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function deviceWrap(key: CryptoKey, plaintext: Uint8Array, aad: Uint8Array): Promise<{ iv: Uint8Array; sealed: Uint8Array }> {
  const iv = crypto.getRandomValues(new Uint8Array(DEVICE_IV_BYTES));
  const sealed = await crypto.subtle.encrypt({ name: ALGORITHM, iv, additionalData: own(aad) }, key, own(plaintext));
  return { iv, sealed: new Uint8Array(sealed) };
}

export async function deviceUnwrap(key: CryptoKey, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: ALGORITHM, iv: own(iv), additionalData: own(aad) }, key, own(sealed)));
  } catch {
    return null;
  }
}
