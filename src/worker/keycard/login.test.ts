/**
 * Full Keycard login through the emulator (test/keycard/emulator.ts stands in for a physical card,
 * which cannot be attached here), on secure channel v1 and v2: SELECT → PAIR → OPEN SECURE CHANNEL
 * → MUTUALLY AUTHENTICATE → VERIFY PIN (wrong PINs, blocking) → EXPORT KEY ×2, checked against the
 * identity layer's derivation from the same phrase.
 */
import { describe, it, expect } from 'vitest';
import { KeycardEmulator, EMULATOR_CA_PUBLIC_KEY } from '../../../test/keycard/emulator.ts';
import { KeycardClient, KEYCARD_CHAT_KEY_PATH, KEYCARD_DATABASE_KEY_PATH, type Pairing } from './index.ts';
import { parseMnemonic } from '../identity/mnemonic.ts';
import { deriveIdentityKeys } from '../identity/derive.ts';
import { encodeChatKey } from '../identity/chat-key.ts';
import { aliasFromPublicKey } from '../identity/alias.ts';
import { bytesToHex } from '../../lib/shared/bytes.ts';

const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
/** A 24-word phrase (BIP39 reference vectors), so the match is not a property of one seed. */
const PHRASE_24 = 'void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing screen patrol group space point ten exist slush involve unfold';
const PAIRING_PASSWORD = 'KeycardTest';

function identityOf(phrase: string) {
  const m = parseMnemonic(phrase);
  if (!m.ok) throw new Error('bad test phrase');
  return deriveIdentityKeys(m.value);
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('Keycard login through the emulator (no physical card here)', () => {
  for (const version of [1, 2] as const) {
    it.each([PHRASE, PHRASE_24])(`v${version}: select, pair, open, verify PIN, export chat and database keys (%s)`, async (phrase) => {
      const card = new KeycardEmulator({ mnemonic: phrase, secureChannel: version, pairingPassword: PAIRING_PASSWORD });
      const client = new KeycardClient(card.transmit, { trustAnchors: [EMULATOR_CA_PUBLIC_KEY] });
      const info = unwrap(await client.select());
      expect(info.secureChannel).toBe(version);
      let pairing: Pairing | undefined;
      if (version === 1) {
        expect(info.freePairingSlots).toBe(5);
        pairing = unwrap(await client.pair(PAIRING_PASSWORD));
        expect(pairing.index).toBe(0);
        expect(bytesToHex(pairing.instanceUid)).toBe(bytesToHex(card.instanceUid));
      } else {
        expect((await client.pair(PAIRING_PASSWORD)).ok).toBe(false);
      }
      unwrap(await client.openSecureChannel(pairing));
      expect(client.channelOpen).toBe(true);
      expect(unwrap(await client.getStatus())).toEqual({ pinRetries: 3, pukRetries: 5, keyInitialised: true });

      const wrong1 = await client.verifyPin('000000');
      expect(wrong1).toEqual({ ok: false, error: { code: 'keycard/wrong_pin', triesLeft: 2 } });
      unwrap(await client.verifyPin('123456'));

      const chat = unwrap(await client.exportKey(KEYCARD_CHAT_KEY_PATH));
      const db = unwrap(await client.exportKey(KEYCARD_DATABASE_KEY_PATH));
      const ids = identityOf(phrase);
      expect(bytesToHex(chat.privateKey)).toBe(bytesToHex(ids.chatKey.privateKey));
      expect(bytesToHex(db.privateKey)).toBe(bytesToHex(ids.databaseKey.privateKey));
      expect(bytesToHex(db.compressedPublicKey)).toBe(bytesToHex(ids.databaseKey.publicKey));
      expect(encodeChatKey(chat.compressedPublicKey)).toBe(encodeChatKey(ids.chatKey.publicKey));
      expect(aliasFromPublicKey(chat.compressedPublicKey)).toBe(aliasFromPublicKey(ids.chatKey.publicKey));
      chat.wipe();
      expect(chat.privateKey.every((b) => b === 0)).toBe(true);
    });

    it(`v${version}: the third wrong PIN blocks the card and no key can be exported`, async () => {
      const card = new KeycardEmulator({ mnemonic: PHRASE, secureChannel: version, pairingPassword: PAIRING_PASSWORD });
      const client = new KeycardClient(card.transmit, { trustAnchors: [EMULATOR_CA_PUBLIC_KEY] });
      unwrap(await client.select());
      const pairing = version === 1 ? unwrap(await client.pair(PAIRING_PASSWORD)) : undefined;
      unwrap(await client.openSecureChannel(pairing));
      const tries = [];
      for (const pin of ['111111', '222222', '333333', '123456']) tries.push(await client.verifyPin(pin));
      expect(tries.map((t) => (t.ok ? 'ok' : `${t.error.code}:${t.error.triesLeft}`))).toEqual([
        'keycard/wrong_pin:2',
        'keycard/wrong_pin:1',
        'keycard/pin_blocked:0',
        'keycard/pin_blocked:0',
      ]);
      expect(await client.exportKey(KEYCARD_CHAT_KEY_PATH)).toEqual({ ok: false, error: { code: 'keycard/conditions_not_satisfied' } });
      expect(card.pinTriesLeft).toBe(0);
    });
  }
});
