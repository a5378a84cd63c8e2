/**
 * KeycardClient behaviour against the Keycard emulator (test/keycard/emulator.ts; no physical card
 * can be attached here): PIN tries and blocking, pairing failures and slots, MAC failures on either
 * side and recovery, transport failures, GET RESPONSE chaining, signatures, and garbage from the
 * "card" — always a typed error, never a throw.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { KeycardEmulator, EMULATOR_CA_PUBLIC_KEY } from '../../../test/keycard/emulator.ts';
import { KeycardClient, type Pairing } from './client.ts';
import type { Transmit } from './exchange.ts';
import { KEYCARD_CHAT_KEY_PATH } from './keys.ts';
import { loginExportKeys } from './login.ts';
import { recoverPublicKey, publicKeyOf } from '../crypto/secp256k1.ts';
import { sha256 } from '../crypto/hashes.ts';
import { bytesToHex, utf8ToBytes } from '../../lib/shared/bytes.ts';
import { parseMnemonic } from '../identity/mnemonic.ts';
import { mnemonicToSeed } from '../identity/derive.ts';
import { HDKey } from '@scure/bip32';
import { keycardPairingSecret } from '../crypto/keycard.ts';

const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const PASSWORD = 'KeycardTest';
const PIN = '123456';
/** PBKDF2 of PASSWORD, computed once: most tests pair with the secret to stay fast. */
const SECRET = keycardPairingSecret(PASSWORD);

function emulator(version: 1 | 2 = 1, extra: Partial<ConstructorParameters<typeof KeycardEmulator>[0]> = {}) {
  return new KeycardEmulator({ mnemonic: PHRASE, secureChannel: version, pairingPassword: PASSWORD, pin: PIN, ...extra });
}

function clientFor(card: KeycardEmulator, transmit: Transmit = card.transmit) {
  return new KeycardClient(transmit, { trustAnchors: [EMULATOR_CA_PUBLIC_KEY] });
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** SELECT, PAIR (v1), OPEN SECURE CHANNEL. */
async function opened(card: KeycardEmulator, client = clientFor(card)): Promise<{ client: KeycardClient; pairing?: Pairing }> {
  must(await client.select());
  const pairing = card.secureChannelVersion === 1 ? must(await client.pairWithSecret(SECRET)) : undefined;
  must(await client.openSecureChannel(pairing));
  return { client, ...(pairing ? { pairing } : {}) };
}

function masterPublicKeyAt(path: string): Uint8Array {
  const m = parseMnemonic(PHRASE);
  if (!m.ok) throw new Error('phrase');
  const node = HDKey.fromMasterSeed(mnemonicToSeed(m.value)).derive(path);
  return publicKeyOf(node.privateKey!, false);
}

describe.each([1, 2] as const)('KeycardClient on secure channel v%i (emulator)', (version) => {
  it('counts PIN tries down, blocks at 0, and a correct PIN no longer helps', async () => {
    const card = emulator(version);
    const { client } = await opened(card);
    expect(await client.verifyPin('111111')).toEqual({ ok: false, error: { code: 'keycard/wrong_pin', triesLeft: 2 } });
    expect(await client.verifyPin('222222')).toEqual({ ok: false, error: { code: 'keycard/wrong_pin', triesLeft: 1 } });
    expect(await client.verifyPin('333333')).toEqual({ ok: false, error: { code: 'keycard/pin_blocked', triesLeft: 0 } });
    expect(await client.verifyPin(PIN)).toEqual({ ok: false, error: { code: 'keycard/pin_blocked', triesLeft: 0 } });
    expect(must(await client.getStatus()).pinRetries).toBe(0);
    expect(card.counters.wrongPins).toBe(3);
  });

  it('a correct PIN resets the tries; malformed PINs never reach the card', async () => {
    const card = emulator(version);
    const { client } = await opened(card);
    expect((await client.verifyPin('000000')).ok).toBe(false);
    must(await client.verifyPin(PIN));
    expect(must(await client.getStatus()).pinRetries).toBe(3);
    const before = card.counters.apdus;
    for (const bad of ['12345', '1234567', 'abcdef', '12 456', '１２３４５６']) {
      expect(await client.verifyPin(bad)).toEqual({ ok: false, error: { code: 'keycard/invalid_argument', detail: 'pin' } });
    }
    expect(card.counters.apdus).toBe(before);
  });

  it('a tampered response MAC is keycard/mac_failure; the session is dropped; a new OPEN SECURE CHANNEL recovers', async () => {
    const card = emulator(version);
    const { client, pairing } = await opened(card);
    must(await client.verifyPin(PIN));
    card.tamperNextResponseMac();
    expect(await client.getStatus()).toEqual({ ok: false, error: { code: 'keycard/mac_failure', detail: 'response' } });
    expect(client.channelOpen).toBe(false);
    expect(card.counters.tamperedResponses).toBe(1);
    expect(await client.exportKey(KEYCARD_CHAT_KEY_PATH)).toEqual({ ok: false, error: { code: 'keycard/wrong_state', detail: 'secure_channel' } });
    must(await client.openSecureChannel(pairing));
    // A new channel means a new PIN verification.
    expect((await client.exportKey(KEYCARD_CHAT_KEY_PATH)).ok).toBe(false);
    must(await client.verifyPin(PIN));
    expect(must(await client.exportKey(KEYCARD_CHAT_KEY_PATH)).publicKey.length).toBe(65);
  });

  it('a command corrupted on the way is rejected by the card (6982 in clear) → keycard/mac_failure, card_6982', async () => {
    const card = emulator(version);
    let corrupt = false;
    const transmit: Transmit = (apdu) => {
      const a = apdu.slice();
      if (corrupt) {
        corrupt = false;
        a[a.length - 1]! ^= 0x01;
      }
      return card.transmit(a);
    };
    const { client, pairing } = await opened(card, clientFor(card, transmit));
    corrupt = true;
    expect(await client.getStatus()).toEqual({ ok: false, error: { code: 'keycard/mac_failure', detail: 'card_6982' } });
    expect(card.counters.cardMacFailures).toBe(1);
    expect(card.secureChannelOpen).toBe(false);
    must(await client.openSecureChannel(pairing));
    expect(must(await client.getStatus()).pinRetries).toBe(3);
  });

  it('refuses non-EIP-1581 private export before any exchange; needs the PIN; exports public keys anywhere', async () => {
    const card = emulator(version);
    const { client } = await opened(card);
    expect(await client.exportKey(KEYCARD_CHAT_KEY_PATH)).toEqual({ ok: false, error: { code: 'keycard/conditions_not_satisfied' } });
    must(await client.verifyPin(PIN));
    const before = card.counters.apdus;
    expect(await client.exportKey("m/44'/60'/0'/0/0")).toEqual({ ok: false, error: { code: 'keycard/invalid_argument', detail: 'path_not_exportable' } });
    expect(await client.exportKey("m/43'/60'")).toEqual({ ok: false, error: { code: 'keycard/invalid_argument', detail: 'path_not_exportable' } });
    expect(card.counters.apdus).toBe(before);
    const wallet = must(await client.exportPublicKey("m/44'/60'/0'/0/0"));
    expect(bytesToHex(wallet)).toBe(bytesToHex(masterPublicKeyAt("m/44'/60'/0'/0/0")));
  });

  it('signs a hash with the key at a path; the signature recovers to that key', async () => {
    const card = emulator(version);
    const { client } = await opened(card);
    must(await client.verifyPin(PIN));
    const hash = sha256(utf8ToBytes('hello keycard'));
    const path = "m/44'/60'/0'/0/0";
    const s = must(await client.sign(hash, path));
    expect(s.signature.length).toBe(65);
    expect(bytesToHex(recoverPublicKey(hash, s.signature))).toBe(bytesToHex(masterPublicKeyAt(path)));
    expect(bytesToHex(s.publicKey)).toBe(bytesToHex(masterPublicKeyAt(path)));
    expect(await client.sign(new Uint8Array(31), path)).toEqual({ ok: false, error: { code: 'keycard/invalid_argument', detail: 'hash' } });
  });

  it('CHANGE PIN takes effect', async () => {
    const card = emulator(version);
    const { client, pairing } = await opened(card);
    must(await client.verifyPin(PIN));
    must(await client.changePin('654321'));
    must(await client.select());
    must(await client.openSecureChannel(pairing));
    expect((await client.verifyPin(PIN)).ok).toBe(false);
    must(await client.verifyPin('654321'));
  });

  it('transport failures become keycard/transport with the transport code, and drop the channel', async () => {
    const card = emulator(version);
    let fail = false;
    const transmit: Transmit = (apdu) => (fail ? Promise.reject(Object.assign(new Error('gone'), { code: 'device/disconnected' })) : card.transmit(apdu));
    const { client } = await opened(card, clientFor(card, transmit));
    fail = true;
    expect(await client.getStatus()).toEqual({ ok: false, error: { code: 'keycard/transport', detail: 'device/disconnected' } });
    expect(client.channelOpen).toBe(false);
    const plain = new KeycardClient(() => Promise.reject(new TypeError('x')));
    expect(await plain.select()).toEqual({ ok: false, error: { code: 'keycard/transport', detail: 'TypeError' } });
  });

  it('garbage from the card at any step is a typed error, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6 }), fc.uint8Array({ maxLength: 120 }), fc.boolean(), async (step, junk, withOkSw) => {
        const card = emulator(version);
        let n = 0;
        const answer = withOkSw ? Uint8Array.of(...junk, 0x90, 0x00) : junk;
        const transmit: Transmit = (apdu) => (n++ === step ? Promise.resolve(answer) : card.transmit(apdu));
        const client = clientFor(card, transmit);
        const results = [];
        results.push(await client.select());
        if (version === 1) {
          const p = await client.pairWithSecret(SECRET);
          results.push(p);
          results.push(await client.openSecureChannel(p.ok ? p.value : undefined));
        } else {
          results.push(await client.openSecureChannel());
        }
        results.push(await client.verifyPin(PIN));
        results.push(await client.exportKey(KEYCARD_CHAT_KEY_PATH));
        for (const r of results) if (!r.ok) expect(r.error.code).toMatch(/^keycard\//);
        expect(results.some((r) => !r.ok) || step >= n).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('KeycardClient, v1 pairing (emulator)', () => {
  it('a wrong pairing password is detected from the card cryptogram', async () => {
    const card = emulator(1);
    const client = clientFor(card);
    must(await client.select());
    expect(await client.pair('not the password')).toEqual({ ok: false, error: { code: 'keycard/wrong_pairing_password', detail: 'card_cryptogram' } });
    expect(card.pairedSlots).toEqual([]);
  });

  it('fills the 5 slots, then keycard/no_free_pairing_slot; UNPAIR frees one', async () => {
    const card = emulator(1);
    const client = clientFor(card);
    must(await client.select());
    const first = must(await client.pair(PASSWORD));
    expect(first.index).toBe(0);
    for (let i = 1; i < 5; i++) expect(must(await client.pairWithSecret(SECRET)).index).toBe(i);
    expect(await client.pairWithSecret(SECRET)).toEqual({ ok: false, error: { code: 'keycard/no_free_pairing_slot' } });
    must(await client.openSecureChannel(first));
    must(await client.verifyPin(PIN));
    must(await client.unpair(3));
    expect(card.pairedSlots).toEqual([0, 1, 2, 4]);
    client.closeChannel();
    must(await client.select());
    expect(client.info?.freePairingSlots).toBe(1);
    expect(must(await client.pairWithSecret(SECRET)).index).toBe(3);
    expect(await client.pairWithSecret(SECRET.subarray(1))).toEqual({ ok: false, error: { code: 'keycard/invalid_argument', detail: 'pairing_secret' } });
  });

  it('a pairing of another card, or a freed slot, is keycard/pairing_invalid', async () => {
    const card = emulator(1);
    const client = clientFor(card);
    must(await client.select());
    const pairing = must(await client.pairWithSecret(SECRET));
    const other = emulator(1);
    const otherClient = clientFor(other);
    must(await otherClient.select());
    expect(await otherClient.openSecureChannel(pairing)).toEqual({ ok: false, error: { code: 'keycard/pairing_invalid', detail: 'other_card' } });
    // Free the slot, then try to use it.
    must(await client.openSecureChannel(pairing));
    must(await client.verifyPin(PIN));
    must(await client.unpair(pairing.index));
    must(await client.select());
    expect(await client.openSecureChannel(pairing)).toEqual({ ok: false, error: { code: 'keycard/pairing_invalid', detail: 'slot' } });
    // Slot reused by someone else: OPEN works, MUTUALLY AUTHENTICATE cannot.
    must(await otherClient.select());
    const stranger = clientFor(card);
    must(await stranger.select());
    must(await stranger.pairWithSecret(SECRET));
    must(await client.select());
    expect(await client.openSecureChannel(pairing)).toEqual({ ok: false, error: { code: 'keycard/pairing_invalid', detail: 'mutually_authenticate' } });
    expect(client.channelOpen).toBe(false);
  });

  it('PAIR and UNPAIR are not offered on v2; the v2 certificate must chain to a trusted anchor', async () => {
    const card = emulator(2);
    const trusting = clientFor(card);
    must(await trusting.select());
    expect(await trusting.pair(PASSWORD)).toEqual({ ok: false, error: { code: 'keycard/not_supported', detail: 'pair_v2' } });
    expect(await trusting.unpair(0)).toEqual({ ok: false, error: { code: 'keycard/not_supported', detail: 'unpair_v2' } });
    const production = new KeycardClient(card.transmit);
    expect(await production.select()).toEqual({ ok: false, error: { code: 'keycard/card_authentication_failed', detail: 'certificate_untrusted' } });
    expect(await production.openSecureChannel()).toEqual({ ok: false, error: { code: 'keycard/wrong_state', detail: 'select' } });
  });
});

describe('KeycardClient plumbing', () => {
  it('follows 61xx with GET RESPONSE and reassembles the answer', async () => {
    const card = emulator(1);
    let pending: Uint8Array | undefined;
    let getResponses = 0;
    // A T=0-style reader: hands out at most 20 data bytes per exchange.
    const transmit: Transmit = async (apdu) => {
      let full: Uint8Array;
      if (apdu[0] === 0x00 && apdu[1] === 0xc0) {
        getResponses++;
        full = pending!;
      } else {
        const r = await card.transmit(apdu);
        if (r.length <= 22) return r;
        full = r;
      }
      const data = full.subarray(0, full.length - 2);
      if (data.length <= 20) {
        pending = undefined;
        return full;
      }
      pending = full.subarray(20);
      return Uint8Array.of(...data.subarray(0, 20), 0x61, Math.min(0xff, data.length - 20));
    };
    const client = clientFor(card, transmit);
    const info = must(await client.select());
    expect(bytesToHex(info.instanceUid!)).toBe(bytesToHex(card.instanceUid));
    expect(getResponses).toBeGreaterThan(3);
  });

  it('runs concurrent calls one at a time, in order', async () => {
    const card = emulator(1);
    const { client } = await opened(card);
    const [a, b, c] = await Promise.all([client.verifyPin('000000'), client.verifyPin(PIN), client.exportKey(KEYCARD_CHAT_KEY_PATH)]);
    expect(a).toEqual({ ok: false, error: { code: 'keycard/wrong_pin', triesLeft: 2 } });
    expect(b.ok).toBe(true);
    expect(c.ok).toBe(true);
  });

  it('SELECT of a card without the applet → keycard/applet_not_found', async () => {
    const client = new KeycardClient(() => Promise.resolve(Uint8Array.of(0x6a, 0x82)));
    expect(await client.select()).toEqual({ ok: false, error: { code: 'keycard/applet_not_found' } });
  });

  it('secured calls before a channel → keycard/wrong_state', async () => {
    const card = emulator(1);
    const client = clientFor(card);
    expect(await client.getStatus()).toEqual({ ok: false, error: { code: 'keycard/wrong_state', detail: 'secure_channel' } });
    expect(await client.pair(PASSWORD)).toEqual({ ok: false, error: { code: 'keycard/wrong_state', detail: 'select' } });
  });
});

describe('loginExportKeys (emulator)', () => {
  it('pairs once (reporting the new pairing before the PIN check), then reuses the stored pairing', async () => {
    const card = emulator(1);
    const client = clientFor(card);
    const stored: Pairing[] = [];
    const wrong = await loginExportKeys(client, { pin: '999999', pairingPassword: PASSWORD, onPaired: (p) => void stored.push(p) });
    expect(wrong).toEqual({ ok: false, error: { code: 'keycard/wrong_pin', triesLeft: 2 } });
    expect(stored.length).toBe(1);
    expect(client.channelOpen).toBe(false);
    const r = must(await loginExportKeys(client, { pin: PIN, pairing: stored[0]!, pairingPassword: PASSWORD, onPaired: (p) => void stored.push(p) }));
    expect(r.paired).toBe(false);
    expect(stored.length).toBe(1);
    expect(card.pairedSlots).toEqual([0]);
    expect(r.chatKey.path).toBe(KEYCARD_CHAT_KEY_PATH);
    expect(JSON.stringify(r.chatKey)).not.toContain(bytesToHex(r.chatKey.privateKey));
    r.chatKey.wipe();
    r.databaseKey.wipe();
    expect(client.channelOpen).toBe(false);
  });

  it('re-pairs when the stored pairing was freed, and says so', async () => {
    const card = emulator(1);
    const client = clientFor(card);
    const first = must(await loginExportKeys(client, { pin: PIN, pairingPassword: PASSWORD }));
    must(await client.select());
    must(await client.openSecureChannel(first.pairing));
    must(await client.verifyPin(PIN));
    must(await client.unpair(first.pairing!.index));
    const again = must(await loginExportKeys(client, { pin: PIN, pairing: first.pairing!, pairingPassword: PASSWORD }));
    expect(again.paired).toBe(true);
    expect(await loginExportKeys(client, { pin: PIN })).toEqual({ ok: false, error: { code: 'keycard/wrong_state', detail: 'pairing_required' } });
  });

  it('v2 needs no pairing', async () => {
    const card = emulator(2);
    const r = must(await loginExportKeys(clientFor(card), { pin: PIN }));
    expect(r.pairing).toBeUndefined();
    expect(r.info.secureChannel).toBe(2);
  });
});
