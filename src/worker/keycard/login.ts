/**
 * The Status login sequence of status-protocol.md §12.1 as one step helper: SELECT → (PAIR) →
 * OPEN SECURE CHANNEL → VERIFY PIN → EXPORT KEY (chat) → EXPORT KEY (database) → close the channel.
 * Owns: the order of steps and the cleanup on failure. Does not own: storing the pairing (the
 * caller persists `pairing` when `paired` is true) nor what the keys are used for afterwards.
 */
import { type Result, ok, err } from '../../lib/shared/result.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';
import { constantTimeEqual } from '../crypto/hashes.ts';
import type { ApplicationInfo } from './commands.ts';
import type { KeycardClient, Pairing } from './client.ts';
import { KEYCARD_CHAT_KEY_PATH, KEYCARD_DATABASE_KEY_PATH, type ExportedKey } from './keys.ts';

export interface KeycardLoginInput {
  /** Six digits. */
  readonly pin: string;
  /** A stored pairing for this card (v1), if any. Ignored when it belongs to another card. */
  readonly pairing?: Pairing;
  /** Used to pair (v1) when no usable pairing is given or the card no longer accepts it. */
  readonly pairingPassword?: string;
  /**
   * Called as soon as a new pairing exists, before the PIN is checked, so the caller can store it
   * even if a later step fails (otherwise every failed attempt would use up one of the 5 slots).
   */
  readonly onPaired?: (pairing: Pairing) => void | Promise<void>;
}

export interface KeycardLoginKeys {
  readonly info: ApplicationInfo;
  /** m/43'/60'/1581'/0'/0. Wipe when done. */
  readonly chatKey: ExportedKey;
  /** m/43'/60'/1581'/1'/0. Wipe when done. */
  readonly databaseKey: ExportedKey;
  /** The pairing used (v1), absent on v2. */
  readonly pairing?: Pairing;
  /** True when this login created a new pairing: the caller should store it (and may drop an old one). */
  readonly paired: boolean;
}

/**
 * Runs the login sequence on `client`. On failure nothing secret is left behind: any exported
 * key is wiped and the channel is closed. A wrong PIN returns `keycard/wrong_pin` with triesLeft;
 * the caller may retry with a fresh call.
 */
export async function loginExportKeys(client: KeycardClient, input: KeycardLoginInput): Promise<Result<KeycardLoginKeys, KeycardError>> {
  try {
    const selected = await client.select();
    if (!selected.ok) return selected;
    const info = selected.value;
    if (!info.initialised) return err('keycard/not_initialised');

    let pairing: Pairing | undefined;
    let paired = false;
    if (info.secureChannel === 1) {
      const stored = input.pairing && constantTimeEqual(input.pairing.instanceUid, info.instanceUid!) ? input.pairing : undefined;
      let opened: Result<void, KeycardError> | undefined;
      if (stored) {
        opened = await client.openSecureChannel(stored);
        if (opened.ok) pairing = stored;
        else if (opened.error.code !== 'keycard/pairing_invalid' || input.pairingPassword === undefined) return opened;
        else {
          // The slot was freed or reused: SELECT again (fresh card keys) and pair anew.
          const again = await client.select();
          if (!again.ok) return again;
        }
      }
      if (!pairing) {
        if (input.pairingPassword === undefined) return err('keycard/wrong_state', 'pairing_required');
        const p = await client.pair(input.pairingPassword);
        if (!p.ok) return p;
        pairing = p.value;
        paired = true;
        await input.onPaired?.(pairing);
        const o = await client.openSecureChannel(pairing);
        if (!o.ok) return o;
      }
    } else {
      const o = await client.openSecureChannel();
      if (!o.ok) return o;
    }

    const pin = await client.verifyPin(input.pin);
    if (!pin.ok) return pin;
    const chat = await client.exportKey(KEYCARD_CHAT_KEY_PATH);
    if (!chat.ok) return chat;
    const db = await client.exportKey(KEYCARD_DATABASE_KEY_PATH);
    if (!db.ok) {
      chat.value.wipe();
      return db;
    }
    return ok({ info, chatKey: chat.value, databaseKey: db.value, ...(pairing ? { pairing } : {}), paired });
  } finally {
    client.closeChannel();
  }
}
