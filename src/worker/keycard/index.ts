/**
 * The pure Keycard layer (status-protocol.md §12): APDUs, BER-TLV, secure channels v1 and v2, and
 * the KeycardClient that drives a card through a `Transmit` function. Re-exports only.
 *
 * Public interface (for the worker's device layer and login service):
 *
 * - `type Transmit = (apdu: Uint8Array) => Promise<Uint8Array>`: raw command APDU in, raw response
 *   (data ‖ SW1 ‖ SW2) out; a rejection becomes `keycard/transport`.
 * - `new KeycardClient(transmit, { randomBytes?, trustAnchors? })`, one per card session. Calls are
 *   serialised. Each returns `Result<T, KeycardError>` (codes in src/lib/shared/keycard.ts):
 *   - `select()` → `ApplicationInfo` (version, `secureChannel` 1|2, instanceUid, freePairingSlots,
 *     keyUid, capabilities, …). On v2 the identity certificate is checked against `trustAnchors`.
 *   - `pair(pairingPassword)` / `pairWithSecret(secret32)` → `Pairing { instanceUid, index, key }` (v1).
 *   - `openSecureChannel(pairing?)` → OPEN SECURE CHANNEL + MUTUALLY AUTHENTICATE (v1) or the v2
 *     handshake (no pairing).
 *   - `getStatus()` → `{ pinRetries, pukRetries, keyInitialised }`.
 *   - `verifyPin(pin)` → `keycard/wrong_pin` (+ `triesLeft`) / `keycard/pin_blocked`.
 *   - `exportKey(path)` → `ExportedKey { path, privateKey, publicKey(65), compressedPublicKey, wipe() }`
 *     (EIP-1581 paths only: `KEYCARD_CHAT_KEY_PATH`, `KEYCARD_DATABASE_KEY_PATH`).
 *   - `exportPublicKey(path)`, `sign(hash32, path?)` → `{ signature(65, r‖s‖v), publicKey }`,
 *     `unpair(index)`, `changePin(newPin)`, `closeChannel()`; getters `info`, `channelOpen`.
 *   A MAC failure drops the session (`keycard/mac_failure`); call openSecureChannel again.
 * - `loginExportKeys(client, { pin, pairing?, pairingPassword?, onPaired? })` → `{ info, chatKey,
 *   databaseKey, pairing?, paired }`: the §12.1 login sequence; the channel is closed afterwards.
 */
export * from './apdu.ts';
export * from './tlv.ts';
export * from './commands.ts';
export * from './secure-channel-v1.ts';
export * from './secure-channel-v2.ts';
export * from './exchange.ts';
export * from './keys.ts';
export * from './client.ts';
export type { KeycardError, KeycardErrorCode } from '../../lib/shared/keycard.ts';
export * from './login.ts';
