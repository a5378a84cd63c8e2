/**
 * KeycardClient: drives a Keycard through a caller-supplied `Transmit` function (status-protocol.md
 * §12): SELECT, PAIR, OPEN SECURE CHANNEL (+ MUTUALLY AUTHENTICATE on v1), GET STATUS, VERIFY PIN,
 * CHANGE PIN, EXPORT KEY, SIGN, UNPAIR, on secure channel v1 (applet 3.x) or v2 (applet 4.0),
 * chosen from the SELECT version. Owns: the session state of one card connection and the order of
 * exchanges (one at a time). Does not own: the transport (page-side, src/lib/keycard/, relayed as
 * `Transmit`), the clear-text exchange (exchange.ts), nor storing pairings (the vault). Every
 * failure is a typed Result.
 */
import { type Result, ok, err } from '../../lib/shared/result.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';
import { hexToBytes } from '../../lib/shared/bytes.ts';
import { randomBytes as cryptoRandomBytes } from '../crypto/random.ts';
import { ecdh, isValidPrivateKey, publicKeyOf } from '../crypto/secp256k1.ts';
import { keycardPairingSecret, recoverableSignature } from '../crypto/keycard.ts';
import { constantTimeEqual } from '../crypto/hashes.ts';
import {
  CLA_ISO,
  CLA_PROPRIETARY,
  INS,
  KEYCARD_INSTANCE_AID,
  SW,
  command,
  encodeKeyPath,
  parseKeyPath,
  statusError,
  type CommandApdu,
  type ResponseApdu,
} from './apdu.ts';
import {
  parseApplicationInfo,
  parseApplicationStatus,
  parseExportedPrivateKey,
  parseExportedPublicKey,
  type ApplicationInfo,
  type KeycardStatus,
} from './commands.ts';
import {
  SecureChannelV1,
  clientCryptogram,
  deriveSessionKeysV1,
  expectedCardCryptogram,
  pairingKeyFrom,
  PAIRING_CHALLENGE_BYTES,
} from './secure-channel-v1.ts';
import { SecureChannelV2, completeHandshakeV2, verifyCertificate, KEYCARD_CA_PRODUCTION, V2_SALT_BYTES } from './secure-channel-v2.ts';
import { parseSignResponse } from './commands.ts';
import { exchangeInClear, type Transmit } from './exchange.ts';
import { EIP1581_PREFIX, ExportedKey, type KeycardSignature } from './keys.ts';

export interface KeycardClientOptions {
  /** Source of randomness (challenges, ephemeral keys, salts). Default: WebCrypto. */
  readonly randomBytes?: (length: number) => Uint8Array;
  /**
   * Accepted card-identity CA keys for secure channel v2 (33-byte compressed). Default: the
   * production anchor only. Tests against the emulator pass the emulator's CA key.
   */
  readonly trustAnchors?: readonly Uint8Array[];
}

/** A pairing of this client with one card (v1 only). Store it per card instance UID. */
export interface Pairing {
  /** The card's instance UID (16 bytes) this pairing belongs to. */
  readonly instanceUid: Uint8Array;
  /** Pairing slot on the card, 0–4. */
  readonly index: number;
  /** 32-byte pairing key: a secret. */
  readonly key: Uint8Array;
}

type R<T> = Result<T, KeycardError>;
const PIN_PATTERN = /^[0-9]{6}$/;

export class KeycardClient {
  readonly #transmit: Transmit;
  readonly #random: (n: number) => Uint8Array;
  readonly #anchors: readonly Uint8Array[];
  #info: ApplicationInfo | undefined;
  #cardIdentityKey: Uint8Array | undefined;
  #channel: SecureChannelV1 | SecureChannelV2 | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(transmit: Transmit, options: KeycardClientOptions = {}) {
    this.#transmit = transmit;
    this.#random = options.randomBytes ?? cryptoRandomBytes;
    this.#anchors = options.trustAnchors ?? [hexToBytes(KEYCARD_CA_PRODUCTION)];
  }

  /** The last SELECT answer, if any. */
  get info(): ApplicationInfo | undefined {
    return this.#info;
  }

  /** True while a secure channel is open and authenticated. */
  get channelOpen(): boolean {
    return this.#channel !== undefined && !this.#channel.closed;
  }

  /** Drops the secure channel (zeroing its keys). The next secured call needs openSecureChannel. */
  closeChannel(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }

  /** SELECT the Keycard applet. Any open channel is dropped (the card regenerates its keys). */
  select(): Promise<R<ApplicationInfo>> {
    return this.#serial(async () => {
      this.closeChannel();
      this.#info = undefined;
      this.#cardIdentityKey = undefined;
      const r = await exchangeInClear(this.#transmit, command(CLA_ISO, INS.SELECT, 0x04, 0x00, KEYCARD_INSTANCE_AID));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      const info = parseApplicationInfo(r.value.data);
      if (!info.ok) return info;
      if (info.value.secureChannel === 2) {
        const id = verifyCertificate(info.value.certificate!, this.#anchors);
        if (!id.ok) return id;
        this.#cardIdentityKey = id.value;
      }
      this.#info = info.value;
      return info;
    });
  }

  /** PAIR (v1) with the user's pairing password; slow (PBKDF2, 50 000 rounds). */
  pair(pairingPassword: string): Promise<R<Pairing>> {
    if (typeof pairingPassword !== 'string' || pairingPassword.length === 0) return Promise.resolve(err('keycard/invalid_argument', 'pairing_password'));
    const secret = keycardPairingSecret(pairingPassword);
    return this.pairWithSecret(secret).finally(() => secret.fill(0));
  }

  /** PAIR (v1) with the 32-byte pairing secret itself. The secret is the caller's; it is not kept. */
  pairWithSecret(pairingSecret: Uint8Array): Promise<R<Pairing>> {
    return this.#serial(async () => {
      if (!(pairingSecret instanceof Uint8Array) || pairingSecret.length !== 32) return err('keycard/invalid_argument', 'pairing_secret');
      const info = this.#info;
      if (!info) return err('keycard/wrong_state', 'select');
      if (info.secureChannel !== 1) return err('keycard/not_supported', 'pair_v2');
      if (!info.initialised) return err('keycard/not_initialised');
      const challenge = this.#random(PAIRING_CHALLENGE_BYTES);
      const s1 = await exchangeInClear(this.#transmit, command(CLA_PROPRIETARY, INS.PAIR, 0x00, 0x00, challenge));
      if (!s1.ok) return s1;
      if (s1.value.sw !== SW.OK) return statusError(s1.value.sw);
      if (s1.value.data.length !== 64) return err('keycard/malformed_response', 'pair_step1_length');
      const cardCryptogram = s1.value.data.subarray(0, 32);
      const cardChallenge = s1.value.data.subarray(32, 64);
      if (!constantTimeEqual(cardCryptogram, expectedCardCryptogram(pairingSecret, challenge))) {
        return err('keycard/wrong_pairing_password', 'card_cryptogram');
      }
      const s2 = await exchangeInClear(this.#transmit, command(CLA_PROPRIETARY, INS.PAIR, 0x01, 0x00, clientCryptogram(pairingSecret, cardChallenge)));
      if (!s2.ok) return s2;
      if (s2.value.sw === SW.SECURITY_STATUS) return err('keycard/wrong_pairing_password', 'client_cryptogram');
      if (s2.value.sw !== SW.OK) return statusError(s2.value.sw);
      if (s2.value.data.length !== 33) return err('keycard/malformed_response', 'pair_step2_length');
      const index = s2.value.data[0]!;
      const key = pairingKeyFrom(pairingSecret, s2.value.data.subarray(1, 33));
      return ok({ instanceUid: info.instanceUid!.slice(), index, key });
    });
  }

  /**
   * Opens the secure channel. v1: OPEN SECURE CHANNEL with `pairing` then MUTUALLY AUTHENTICATE.
   * v2: the signed ECDH handshake (no pairing; `pairing` is ignored and may be omitted).
   */
  openSecureChannel(pairing?: Pairing): Promise<R<void>> {
    return this.#serial(async () => {
      this.closeChannel();
      const info = this.#info;
      if (!info) return err('keycard/wrong_state', 'select');
      if (!info.initialised) return err('keycard/not_initialised');
      return info.secureChannel === 1 ? this.#openV1(info, pairing) : this.#openV2();
    });
  }

  async #openV1(info: ApplicationInfo, pairing: Pairing | undefined): Promise<R<void>> {
    if (!pairing || !(pairing.key instanceof Uint8Array) || pairing.key.length !== 32 || !Number.isInteger(pairing.index) || pairing.index < 0 || pairing.index > 0xff) {
      return err('keycard/invalid_argument', 'pairing');
    }
    if (!(pairing.instanceUid instanceof Uint8Array) || !constantTimeEqual(pairing.instanceUid, info.instanceUid!)) {
      return err('keycard/pairing_invalid', 'other_card');
    }
    const cardKey = info.secureChannelPublicKey;
    if (!cardKey || cardKey.length !== 65) return err('keycard/not_supported', 'no_secure_channel');
    const eph = this.#ephemeralKey();
    try {
      const r = await exchangeInClear(this.#transmit, command(CLA_PROPRIETARY, INS.OPEN_SECURE_CHANNEL, pairing.index, 0x00, publicKeyOf(eph, false)));
      if (!r.ok) return r;
      if (r.value.sw === SW.WRONG_P1P2) return err('keycard/pairing_invalid', 'slot');
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      if (r.value.data.length !== 48) return err('keycard/malformed_response', 'open_secure_channel_length');
      const secret = ecdh(eph, cardKey);
      const keys = deriveSessionKeysV1(secret, pairing.key, r.value.data.subarray(0, 32));
      secret.fill(0);
      this.#channel = new SecureChannelV1(keys, r.value.data.subarray(32, 48));
      keys.encKey.fill(0);
      keys.macKey.fill(0);
    } finally {
      eph.fill(0);
    }
    // MUTUALLY AUTHENTICATE: the card can only answer correctly with the same session keys.
    const ma = await this.#secure(command(CLA_PROPRIETARY, INS.MUTUALLY_AUTHENTICATE, 0, 0, this.#random(32)));
    if (!ma.ok) {
      this.closeChannel();
      if (ma.error.code === 'keycard/mac_failure') {
        // The card rejected our MAC (it holds another key for this slot) or we rejected its answer.
        return err(ma.error.detail === 'card_6982' ? 'keycard/pairing_invalid' : 'keycard/card_authentication_failed', 'mutually_authenticate');
      }
      return ma;
    }
    if (ma.value.sw !== SW.OK || ma.value.data.length !== 32) {
      this.closeChannel();
      return err('keycard/card_authentication_failed', 'mutually_authenticate');
    }
    return ok(undefined);
  }

  async #openV2(): Promise<R<void>> {
    const identity = this.#cardIdentityKey;
    if (!identity) return err('keycard/wrong_state', 'select');
    const eph = this.#ephemeralKey();
    try {
      const salt = this.#random(V2_SALT_BYTES);
      const ephPub = publicKeyOf(eph, false);
      const data = new Uint8Array(V2_SALT_BYTES + 65);
      data.set(salt, 0);
      data.set(ephPub, V2_SALT_BYTES);
      const r = await exchangeInClear(this.#transmit, command(CLA_PROPRIETARY, INS.OPEN_SECURE_CHANNEL, 0x00, 0x00, data));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      const keys = completeHandshakeV2(eph, ephPub, salt, r.value.data, identity);
      if (!keys.ok) return keys;
      this.#channel = new SecureChannelV2(keys.value);
      keys.value.commandKey.fill(0);
      keys.value.responseKey.fill(0);
      return ok(undefined);
    } finally {
      eph.fill(0);
    }
  }

  /** GET STATUS P1 = 00: PIN and PUK tries left, whether a key is loaded. */
  getStatus(): Promise<R<KeycardStatus>> {
    return this.#serial(async () => {
      const r = await this.#secure(command(CLA_PROPRIETARY, INS.GET_STATUS, 0x00, 0x00));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      return parseApplicationStatus(r.value.data);
    });
  }

  /** VERIFY PIN (6 digits). Wrong PIN → `keycard/wrong_pin` with triesLeft; 0 tries → `keycard/pin_blocked`. */
  verifyPin(pin: string): Promise<R<void>> {
    return this.#serial(async () => {
      if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) return err('keycard/invalid_argument', 'pin');
      const r = await this.#secure(command(CLA_PROPRIETARY, INS.VERIFY_PIN, 0x00, 0x00, new TextEncoder().encode(pin)));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      return ok(undefined);
    });
  }

  /** CHANGE PIN (P1 = 00) to a new 6-digit PIN; needs a verified PIN. */
  changePin(newPin: string): Promise<R<void>> {
    return this.#serial(async () => {
      if (typeof newPin !== 'string' || !PIN_PATTERN.test(newPin)) return err('keycard/invalid_argument', 'pin');
      const r = await this.#secure(command(CLA_PROPRIETARY, INS.CHANGE_PIN, 0x00, 0x00, new TextEncoder().encode(newPin)));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      return ok(undefined);
    });
  }

  /**
   * EXPORT KEY P1 = 01 (derive from master), P2 = 00 (private + public). Only EIP-1581 paths
   * (`m/43'/60'/1581'/…`) are exportable; others fail with `keycard/invalid_argument` before any
   * exchange. The returned key's private part is a secret: call wipe() when done.
   */
  exportKey(path: string): Promise<R<ExportedKey>> {
    return this.#serial(async () => {
      const components = parseKeyPath(path);
      if (!components.ok) return components;
      if (components.value.length < 4 || EIP1581_PREFIX.some((c, i) => components.value[i] !== c)) {
        return err('keycard/invalid_argument', 'path_not_exportable');
      }
      const r = await this.#secure(command(CLA_PROPRIETARY, INS.EXPORT_KEY, 0x01, 0x00, encodeKeyPath(components.value)));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      const key = parseExportedPrivateKey(r.value.data);
      r.value.data.fill(0);
      if (!key.ok) return key;
      return ok(new ExportedKey(path, key.value.privateKey, key.value.publicKey));
    });
  }

  /** EXPORT KEY P1 = 01, P2 = 01: the public key (65 bytes) at any path. */
  exportPublicKey(path: string): Promise<R<Uint8Array>> {
    return this.#serial(async () => {
      const components = parseKeyPath(path);
      if (!components.ok) return components;
      const r = await this.#secure(command(CLA_PROPRIETARY, INS.EXPORT_KEY, 0x01, 0x01, encodeKeyPath(components.value)));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      return parseExportedPublicKey(r.value.data);
    });
  }

  /**
   * SIGN a 32-byte hash with the key at `path` (P1 = 01), or with the current key when no path is
   * given (P1 = 00, applet 3.x only). Returns the Status 65-byte signature with its recovery id.
   */
  sign(hash: Uint8Array, path?: string): Promise<R<KeycardSignature>> {
    return this.#serial(async () => {
      if (!(hash instanceof Uint8Array) || hash.length !== 32) return err('keycard/invalid_argument', 'hash');
      let c: CommandApdu;
      if (path === undefined) {
        if (this.#info?.secureChannel === 2) return err('keycard/invalid_argument', 'path_required_v2');
        c = command(CLA_PROPRIETARY, INS.SIGN, 0x00, 0x00, hash);
      } else {
        const components = parseKeyPath(path);
        if (!components.ok) return components;
        const data = new Uint8Array(32 + components.value.length * 4);
        data.set(hash, 0);
        data.set(encodeKeyPath(components.value), 32);
        c = command(CLA_PROPRIETARY, INS.SIGN, 0x01, 0x00, data);
      }
      const r = await this.#secure(c);
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      const parsed = parseSignResponse(r.value.data);
      if (!parsed.ok) return parsed;
      const signature = recoverableSignature(hash, parsed.value.r, parsed.value.s, parsed.value.publicKey);
      if (!signature) return err('keycard/malformed_response', 'sign_not_recoverable');
      return ok({ signature, publicKey: parsed.value.publicKey });
    });
  }

  /** UNPAIR slot `index` (v1; needs an open channel and a verified PIN). */
  unpair(index: number): Promise<R<void>> {
    return this.#serial(async () => {
      if (!Number.isInteger(index) || index < 0 || index > 0xff) return err('keycard/invalid_argument', 'index');
      if (this.#info?.secureChannel === 2) return err('keycard/not_supported', 'unpair_v2');
      const r = await this.#secure(command(CLA_PROPRIETARY, INS.UNPAIR, index, 0x00));
      if (!r.ok) return r;
      if (r.value.sw !== SW.OK) return statusError(r.value.sw);
      return ok(undefined);
    });
  }

  // -------------------------------------------------------------------------------------------

  /** Runs card exchanges one at a time, in call order. */
  #serial<T>(fn: () => Promise<R<T>>): Promise<R<T>> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #ephemeralKey(): Uint8Array {
    for (;;) {
      const k = this.#random(32);
      if (isValidPrivateKey(k)) return k;
    }
  }

  /**
   * One command through the open secure channel. Any channel failure drops the session:
   * `keycard/mac_failure` (detail `response` when we rejected the card's MAC, `card_6982` when the
   * card answered 6982 in clear — the applet does so for a MAC failure, after which it has reset
   * its side too), `keycard/transport`, or `keycard/malformed_response`.
   */
  async #secure(c: CommandApdu): Promise<R<ResponseApdu>> {
    const channel = this.#channel;
    if (!channel || channel.closed) return err('keycard/wrong_state', 'secure_channel');
    const wrapped = channel.wrap(c);
    if (!wrapped.ok) {
      if (channel.closed) this.closeChannel();
      return wrapped;
    }
    const r = await exchangeInClear(this.#transmit, wrapped.value);
    if (!r.ok) {
      this.closeChannel();
      return r;
    }
    if (r.value.sw === SW.OK) {
      const inner = channel.unwrap(r.value.data);
      if (!inner.ok) this.closeChannel();
      return inner;
    }
    // Not wrapped: the card's channel state is no longer ours to trust.
    this.closeChannel();
    if (r.value.sw === SW.SECURITY_STATUS) return err('keycard/mac_failure', 'card_6982');
    return statusError(r.value.sw);
  }
}
