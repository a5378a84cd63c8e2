/**
 * Keycard emulator (test code only): the applet side of status-protocol.md §12 in TypeScript, so
 * the worker's Keycard client can be exercised without a physical card (none can be attached
 * here). Written independently of src/worker/keycard and src/worker/crypto: it uses @noble/* and
 * Node's own AES-CCM directly, so a shared misunderstanding would have to be made twice.
 *
 * Implements: SELECT (v1 and v2 Application Info), PAIR (two steps, 5 slots by default), UNPAIR,
 * OPEN SECURE CHANNEL, MUTUALLY AUTHENTICATE, SECURED APDU (v2), GET STATUS, VERIFY PIN (tries,
 * blocking at 0), CHANGE PIN, EXPORT KEY (EIP-1581 private export only), SIGN — over keys derived
 * from a BIP39 phrase given at construction. Runs in plain Node (vitest, Playwright's
 * page.exposeFunction): no DOM APIs.
 *
 * Behaviour follows the status-keycard applet 3.1 source where the spec is silent: errors inside a
 * working channel are wrapped, and only a channel failure answers 6982 in clear; a missing PIN
 * verification is 6985; a private EXPORT KEY answers `A1{ 81 private key }` only. The v2 identity certificate
 * is signed by an emulator CA (EMULATOR_CA_PUBLIC_KEY), not by a Keycard trust anchor; the v2
 * UNCONFIRMED details follow the spec's assumptions (SHA-256 + DER handshake signature, big-endian
 * counter nonce, certificate over sha256 of the compressed identity key).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { cbc } from '@noble/ciphers/aes.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';

export interface KeycardEmulatorOptions {
  /** BIP39 phrase whose seed is the card's master key (empty passphrase, as Status). */
  readonly mnemonic: string;
  /** 1 → applet 3.1 (secure channel v1); 2 → applet 4.0 (secure channel v2). Default 1. */
  readonly secureChannel?: 1 | 2;
  /** Six digits. Default "123456". */
  readonly pin?: string;
  /** Twelve digits. Default "123456789012". */
  readonly puk?: string;
  /** Default "KeycardDefaultPairing". */
  readonly pairingPassword?: string;
  /** Default 5. */
  readonly pairingSlots?: number;
  /** Default 3. */
  readonly pinTries?: number;
  /** Randomness (challenges, salts, ephemeral keys). Default: WebCrypto. */
  readonly randomBytes?: (n: number) => Uint8Array;
}

export interface KeycardEmulatorCounters {
  apdus: number;
  selects: number;
  pairings: number;
  openSecureChannels: number;
  mutualAuthentications: number;
  /** MAC/tag failures the emulated card detected on commands. */
  cardMacFailures: number;
  /** Responses whose MAC the test knob corrupted. */
  tamperedResponses: number;
  pinAttempts: number;
  wrongPins: number;
  exports: number;
  signs: number;
  unpairs: number;
}

/** Fixed private key of the emulator's identity CA (test-only; never a real Keycard anchor). */
const EMULATOR_CA_PRIVATE_KEY = sha256(new TextEncoder().encode('parley keycard emulator CA'));
/** Compressed public key of the emulator CA: pass it as a trust anchor to the client in tests. */
export const EMULATOR_CA_PUBLIC_KEY: Uint8Array = secp256k1.getPublicKey(EMULATOR_CA_PRIVATE_KEY, true);

const EIP1581 = [0x8000002b, 0x8000003c, 0x8000062d];
const AID = [0xa0, 0x00, 0x00, 0x08, 0x04, 0x00, 0x01, 0x01, 0x01];
const SC_V2_INFO = new TextEncoder().encode('sc_v2_ccm');

const SW_OK = 0x9000;
const SW_SECURITY = 0x6982;
const SW_CONDITIONS = 0x6985;
const SW_WRONG_DATA = 0x6a80;
const SW_NOT_FOUND = 0x6a82;
const SW_NO_SLOT = 0x6a84;
const SW_WRONG_P1P2 = 0x6a86;
const SW_WRONG_LENGTH = 0x6700;
const SW_INS_UNSUPPORTED = 0x6d00;
const SW_CLA_UNSUPPORTED = 0x6e00;

interface Apdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
}

interface Reply {
  data: Uint8Array;
  sw: number;
}

interface SessionV1 {
  encKey: Uint8Array;
  macKey: Uint8Array;
  iv: Uint8Array;
  authenticated: boolean;
}

interface SessionV2 {
  commandKey: Uint8Array;
  responseKey: Uint8Array;
  counter: bigint;
}

// PBKDF2 (50 000 rounds) and the BIP39 seed are slow; tests build many emulators with the same inputs.
const pairingSecretCache = new Map<string, Uint8Array>();
const masterCache = new Map<string, HDKey>();

function pairingSecretOf(password: string): Uint8Array {
  const pw = password.normalize('NFKD');
  let s = pairingSecretCache.get(pw);
  if (!s) {
    s = pbkdf2(sha256, new TextEncoder().encode(pw), new TextEncoder().encode('Keycard Pairing Password Salt'), { c: 50_000, dkLen: 32 });
    pairingSecretCache.set(pw, s);
  }
  return s;
}

function masterOf(phrase: string): HDKey {
  let m = masterCache.get(phrase);
  if (!m) {
    m = HDKey.fromMasterSeed(mnemonicToSeedSync(phrase, ''));
    masterCache.set(phrase, m);
  }
  return m;
}

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function eq(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function tlv(tag: number, value: Uint8Array): Uint8Array {
  const n = value.length;
  return cat(Uint8Array.from(n < 0x80 ? [tag, n] : [tag, 0x81, n]), value);
}

function reply(sw: number, data: Uint8Array = new Uint8Array(0)): Reply {
  return { data, sw };
}

function pad(data: Uint8Array): Uint8Array {
  const out = new Uint8Array((Math.floor(data.length / 16) + 1) * 16);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

function unpad(data: Uint8Array): Uint8Array | undefined {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0) i--;
  return i >= 0 && data[i] === 0x80 ? data.slice(0, i) : undefined;
}

function cbcMac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const c = cbc(key, new Uint8Array(16), { disablePadding: true }).encrypt(data);
  return c.slice(c.length - 16);
}

function ccmSeal(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-ccm', key, nonce, { authTagLength: 8 });
  const body = c.update(plain);
  c.final();
  return cat(new Uint8Array(body), new Uint8Array(c.getAuthTag()));
}

function ccmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  if (sealed.length < 8) return undefined;
  try {
    const d = createDecipheriv('aes-128-ccm', key, nonce, { authTagLength: 8 });
    d.setAuthTag(sealed.subarray(sealed.length - 8));
    const out = d.update(sealed.subarray(0, sealed.length - 8));
    d.final();
    return new Uint8Array(out);
  } catch {
    return undefined;
  }
}

function nonceOf(counter: bigint): Uint8Array {
  const out = new Uint8Array(13);
  let c = counter;
  for (let i = 12; i >= 0; i--) {
    out[i] = Number(c & 0xffn);
    c >>= 8n;
  }
  return out;
}

function parsePath(data: Uint8Array): number[] | undefined {
  if (data.length % 4 !== 0 || data.length / 4 > 10) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return Array.from({ length: data.length / 4 }, (_, i) => view.getUint32(i * 4, false));
}

function parseApdu(raw: Uint8Array): Apdu | undefined {
  if (raw.length < 4) return undefined;
  const [cla, ins, p1, p2] = raw as unknown as [number, number, number, number];
  if (raw.length === 4 || raw.length === 5) return { cla, ins, p1, p2, data: new Uint8Array(0) };
  const lc = raw[4]!;
  // Lc data, optionally followed by one Le byte.
  if (raw.length !== 5 + lc && raw.length !== 6 + lc) return undefined;
  return { cla, ins, p1, p2, data: raw.slice(5, 5 + lc) };
}

export class KeycardEmulator {
  readonly counters: KeycardEmulatorCounters = {
    apdus: 0,
    selects: 0,
    pairings: 0,
    openSecureChannels: 0,
    mutualAuthentications: 0,
    cardMacFailures: 0,
    tamperedResponses: 0,
    pinAttempts: 0,
    wrongPins: 0,
    exports: 0,
    signs: 0,
    unpairs: 0,
  };
  /** 16-byte instance UID (v1 SELECT). */
  readonly instanceUid: Uint8Array;
  readonly secureChannelVersion: 1 | 2;

  readonly #random: (n: number) => Uint8Array;
  readonly #master: HDKey;
  readonly #pairingSecret: Uint8Array;
  readonly #pairings: (Uint8Array | undefined)[];
  readonly #maxPinTries: number;
  readonly #identityPriv: Uint8Array;
  #pin: string;
  #pinTries: number;
  #pinVerified = false;
  #selected = false;
  #scPriv: Uint8Array | undefined;
  #pendingPair: { cardChallenge: Uint8Array } | undefined;
  #v1: SessionV1 | undefined;
  #v2: SessionV2 | undefined;
  #tamper = false;

  constructor(options: KeycardEmulatorOptions) {
    this.secureChannelVersion = options.secureChannel ?? 1;
    this.#random = options.randomBytes ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
    this.#master = masterOf(options.mnemonic);
    this.#pairingSecret = pairingSecretOf(options.pairingPassword ?? 'KeycardDefaultPairing');
    this.#pairings = new Array<Uint8Array | undefined>(options.pairingSlots ?? 5).fill(undefined);
    this.#pin = options.pin ?? '123456';
    this.#maxPinTries = options.pinTries ?? 3;
    this.#pinTries = this.#maxPinTries;
    this.instanceUid = this.#random(16);
    this.#identityPriv = secp256k1.utils.randomSecretKey(this.#random(48));
    void options.puk;
  }

  /** Raw APDU in, raw response (data ‖ SW1 SW2) out: the `Transmit` of the worker's client. */
  readonly transmit = (apdu: Uint8Array): Promise<Uint8Array> => Promise.resolve(this.transmitSync(apdu));

  /** Hex in, hex out: for Playwright's page.exposeFunction, where bytes do not cross as Uint8Array. */
  readonly transmitHex = (apduHex: string): Promise<string> => {
    const bytes = Uint8Array.from((apduHex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
    return Promise.resolve(Array.from(this.transmitSync(bytes), (b) => b.toString(16).padStart(2, '0')).join(''));
  };

  transmitSync(raw: Uint8Array): Uint8Array {
    this.counters.apdus++;
    const apdu = parseApdu(raw);
    const r = apdu ? this.#dispatch(apdu) : reply(SW_WRONG_LENGTH);
    return cat(r.data, Uint8Array.of(r.sw >> 8, r.sw & 0xff));
  }

  /** Test knob: corrupt one MAC/tag byte of the next secured response (the card's own state stays correct). */
  tamperNextResponseMac(): void {
    this.#tamper = true;
  }

  /** PIN tries left. */
  get pinTriesLeft(): number {
    return this.#pinTries;
  }

  /** Indices of occupied pairing slots. */
  get pairedSlots(): number[] {
    return this.#pairings.flatMap((p, i) => (p ? [i] : []));
  }

  /** True while a secure channel is open on the card side. */
  get secureChannelOpen(): boolean {
    return this.#v1 !== undefined || this.#v2 !== undefined;
  }

  /** Simulates pulling the card: channel, PIN state and selection are lost. */
  reset(): void {
    this.#selected = false;
    this.#v1 = undefined;
    this.#v2 = undefined;
    this.#pinVerified = false;
    this.#pendingPair = undefined;
  }

  // -------------------------------------------------------------------------------------------

  #dispatch(a: Apdu): Reply {
    if (a.cla === 0x00 && a.ins === 0xa4) return this.#select(a);
    if (!this.#selected) return reply(SW_NOT_FOUND);
    if (a.cla !== 0x80) return reply(SW_CLA_UNSUPPORTED);
    if (this.secureChannelVersion === 1) {
      switch (a.ins) {
        case 0x12:
          return this.#pair(a);
        case 0x10:
          return this.#openV1(a);
        default:
          return this.#securedV1(a);
      }
    }
    switch (a.ins) {
      case 0x10:
        return this.#openV2(a);
      case 0x18:
        return this.#securedV2(a);
      default:
        return reply(this.#isKnownSecuredIns(a.ins) ? SW_CONDITIONS : SW_INS_UNSUPPORTED);
    }
  }

  #isKnownSecuredIns(ins: number): boolean {
    return [0x11, 0x13, 0xf2, 0x20, 0x21, 0xc0, 0xc2].includes(ins);
  }

  #keyUid(): Uint8Array {
    return sha256(this.#master.publicKey ? secp256k1.Point.fromBytes(this.#master.publicKey).toBytes(false) : new Uint8Array(0));
  }

  #select(a: Apdu): Reply {
    if (a.p1 !== 0x04 || !eq(a.data, Uint8Array.from(AID))) return reply(SW_NOT_FOUND);
    this.counters.selects++;
    this.#selected = true;
    this.#v1 = undefined;
    this.#v2 = undefined;
    this.#pinVerified = false;
    this.#pendingPair = undefined;
    if (this.secureChannelVersion === 1) {
      this.#scPriv = secp256k1.utils.randomSecretKey(this.#random(48));
      const free = this.#pairings.filter((p) => !p).length;
      const body = cat(
        tlv(0x8f, this.instanceUid),
        tlv(0x80, secp256k1.getPublicKey(this.#scPriv, false)),
        tlv(0x02, Uint8Array.of(3, 1)),
        tlv(0x02, Uint8Array.of(free)),
        tlv(0x8e, this.#keyUid()),
        tlv(0x8d, Uint8Array.of(0x0f)),
      );
      return reply(SW_OK, tlv(0xa4, body));
    }
    const idPub = secp256k1.getPublicKey(this.#identityPriv, true);
    const caSig = secp256k1.sign(sha256(idPub), EMULATOR_CA_PRIVATE_KEY, { prehash: false, lowS: true, format: 'recovered' });
    // 'recovered' is v ‖ r ‖ s; the certificate wants r ‖ s ‖ v.
    const cert = cat(idPub, caSig.subarray(1), caSig.subarray(0, 1));
    const body = cat(
      tlv(0x02, Uint8Array.of(4, 0)),
      tlv(0x8c, Uint8Array.of(0x10 | (this.#pinTries & 0x0f))),
      tlv(0x8e, this.#keyUid()),
      tlv(0x8d, Uint8Array.of(0x0f)),
      tlv(0x8a, cert),
    );
    return reply(SW_OK, tlv(0xa4, body));
  }

  // --- v1 ----------------------------------------------------------------------------------

  #pair(a: Apdu): Reply {
    if (this.#v1) return reply(SW_CONDITIONS);
    if (a.p1 === 0x00) {
      if (a.data.length !== 32) return reply(SW_WRONG_DATA);
      if (this.#pairings.every((p) => p)) return reply(SW_NO_SLOT);
      const cardChallenge = this.#random(32);
      this.#pendingPair = { cardChallenge };
      return reply(SW_OK, cat(sha256(cat(this.#pairingSecret, a.data)), cardChallenge));
    }
    if (a.p1 === 0x01) {
      const pending = this.#pendingPair;
      this.#pendingPair = undefined;
      if (!pending) return reply(SW_CONDITIONS);
      if (a.data.length !== 32) return reply(SW_WRONG_DATA);
      if (!eq(a.data, sha256(cat(this.#pairingSecret, pending.cardChallenge)))) return reply(SW_SECURITY);
      const index = this.#pairings.findIndex((p) => !p);
      if (index < 0) return reply(SW_NO_SLOT);
      const salt = this.#random(32);
      this.#pairings[index] = sha256(cat(this.#pairingSecret, salt));
      this.counters.pairings++;
      return reply(SW_OK, cat(Uint8Array.of(index), salt));
    }
    return reply(SW_WRONG_P1P2);
  }

  #openV1(a: Apdu): Reply {
    this.#v1 = undefined;
    this.#pinVerified = false;
    const pairingKey = this.#pairings[a.p1];
    if (!pairingKey) return reply(SW_WRONG_P1P2);
    if (a.data.length !== 65 || !this.#scPriv) return reply(SW_WRONG_DATA);
    let shared: Uint8Array;
    try {
      shared = secp256k1.getSharedSecret(this.#scPriv, a.data, true).subarray(1);
    } catch {
      return reply(SW_WRONG_DATA);
    }
    const salt = this.#random(32);
    const iv = this.#random(16);
    const h = sha512(cat(shared, pairingKey, salt));
    this.#v1 = { encKey: h.slice(0, 32), macKey: h.slice(32, 64), iv, authenticated: false };
    this.counters.openSecureChannels++;
    return reply(SW_OK, cat(salt, iv));
  }

  #securedV1(a: Apdu): Reply {
    const s = this.#v1;
    if (!s) return reply(this.#isKnownSecuredIns(a.ins) ? SW_CONDITIONS : SW_INS_UNSUPPORTED);
    if (a.data.length < 32 || a.data.length % 16 !== 0) return this.#failV1();
    const mac = a.data.subarray(0, 16);
    const enc = a.data.subarray(16);
    const meta = new Uint8Array(16);
    meta.set([a.cla, a.ins, a.p1, a.p2, a.data.length]);
    if (!eq(cbcMac(s.macKey, cat(meta, enc)), mac)) return this.#failV1();
    const plain = unpad(cbc(s.encKey, s.iv, { disablePadding: true }).decrypt(enc));
    s.iv = mac.slice();
    if (!plain) return this.#failV1();
    let r: Reply;
    if (a.ins === 0x11) {
      if (plain.length !== 32) r = reply(SW_WRONG_DATA);
      else {
        s.authenticated = true;
        this.counters.mutualAuthentications++;
        r = reply(SW_OK, this.#random(32));
      }
    } else if (!s.authenticated) {
      // Before MUTUALLY AUTHENTICATE the applet treats the channel as closed: 6985 in clear.
      return reply(SW_CONDITIONS);
    } else {
      r = this.#command({ ...a, data: plain });
    }
    const encR = cbc(s.encKey, s.iv, { disablePadding: true }).encrypt(pad(cat(r.data, Uint8Array.of(r.sw >> 8, r.sw & 0xff))));
    const metaR = new Uint8Array(16);
    metaR[0] = encR.length + 16;
    const macR = cbcMac(s.macKey, cat(metaR, encR));
    s.iv = macR;
    const sent = macR.slice();
    if (this.#tamper) {
      this.#tamper = false;
      this.counters.tamperedResponses++;
      sent[0] = sent[0]! ^ 0x01;
    }
    return reply(SW_OK, cat(sent, encR));
  }

  #failV1(): Reply {
    this.#v1 = undefined;
    this.#pinVerified = false;
    this.counters.cardMacFailures++;
    return reply(SW_SECURITY);
  }

  // --- v2 ----------------------------------------------------------------------------------

  #openV2(a: Apdu): Reply {
    this.#v2 = undefined;
    this.#pinVerified = false;
    if (a.data.length !== 32 + 65) return reply(SW_WRONG_DATA);
    const salt = a.data.subarray(0, 32);
    const clientEph = a.data.subarray(32);
    const cardPriv = secp256k1.utils.randomSecretKey(this.#random(48));
    const cardEph = secp256k1.getPublicKey(cardPriv, false);
    let shared: Uint8Array;
    try {
      shared = secp256k1.getSharedSecret(cardPriv, clientEph, true).subarray(1);
    } catch {
      return reply(SW_WRONG_DATA);
    }
    const sig = secp256k1.sign(sha256(cat(SC_V2_INFO, salt, clientEph, cardEph)), this.#identityPriv, { prehash: false, lowS: true, format: 'der' });
    const okm = hkdf(sha256, shared, salt, SC_V2_INFO, 32);
    this.#v2 = { commandKey: okm.slice(0, 16), responseKey: okm.slice(16, 32), counter: 0n };
    this.counters.openSecureChannels++;
    return reply(SW_OK, cat(cardEph, sig));
  }

  #securedV2(a: Apdu): Reply {
    const s = this.#v2;
    if (!s) return reply(SW_CONDITIONS);
    const nonce = nonceOf(s.counter);
    const inner = ccmOpen(s.commandKey, nonce, a.data);
    if (!inner || inner.length < 5 || inner.length !== 5 + inner[4]!) {
      this.#v2 = undefined;
      this.#pinVerified = false;
      this.counters.cardMacFailures++;
      return reply(SW_SECURITY);
    }
    const cmd: Apdu = { cla: inner[0]!, ins: inner[1]!, p1: inner[2]!, p2: inner[3]!, data: inner.slice(5) };
    const r = cmd.cla !== 0x80 ? reply(SW_CLA_UNSUPPORTED) : this.#command(cmd);
    const sealed = ccmSeal(s.responseKey, nonce, cat(r.data, Uint8Array.of(r.sw >> 8, r.sw & 0xff)));
    s.counter++;
    if (this.#tamper) {
      this.#tamper = false;
      this.counters.tamperedResponses++;
      sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 0x01;
    }
    return reply(SW_OK, sealed);
  }

  // --- commands inside the channel --------------------------------------------------------

  #command(a: Apdu): Reply {
    switch (a.ins) {
      case 0xf2:
        if (a.p1 !== 0x00) return reply(SW_WRONG_P1P2);
        return reply(SW_OK, tlv(0xa3, cat(tlv(0x02, Uint8Array.of(this.#pinTries)), tlv(0x02, Uint8Array.of(5)), tlv(0x01, Uint8Array.of(0xff)))));
      case 0x20:
        return this.#verifyPin(a);
      case 0x21:
        if (!this.#pinVerified) return reply(SW_CONDITIONS);
        if (a.p1 !== 0x00) return reply(SW_WRONG_P1P2);
        if (!/^[0-9]{6}$/.test(new TextDecoder().decode(a.data))) return reply(SW_WRONG_DATA);
        this.#pin = new TextDecoder().decode(a.data);
        return reply(SW_OK);
      case 0xc2:
        return this.#exportKey(a);
      case 0xc0:
        return this.#sign(a);
      case 0x13:
        if (this.secureChannelVersion !== 1) return reply(SW_INS_UNSUPPORTED);
        if (!this.#pinVerified) return reply(SW_CONDITIONS);
        if (a.p1 >= this.#pairings.length) return reply(SW_WRONG_P1P2);
        this.#pairings[a.p1] = undefined;
        this.counters.unpairs++;
        return reply(SW_OK);
      default:
        return reply(SW_INS_UNSUPPORTED);
    }
  }

  #verifyPin(a: Apdu): Reply {
    this.counters.pinAttempts++;
    if (this.#pinTries === 0) return reply(0x63c0);
    if (a.data.length === 6 && new TextDecoder().decode(a.data) === this.#pin) {
      this.#pinTries = this.#maxPinTries;
      this.#pinVerified = true;
      return reply(SW_OK);
    }
    this.counters.wrongPins++;
    this.#pinTries--;
    this.#pinVerified = false;
    return reply(0x63c0 | this.#pinTries);
  }

  #derive(path: number[]): HDKey {
    let node = this.#master;
    for (const c of path) node = node.deriveChild(c);
    return node;
  }

  #exportKey(a: Apdu): Reply {
    if (!this.#pinVerified) return reply(SW_CONDITIONS);
    if (this.secureChannelVersion === 1 && a.p1 !== 0x01) return reply(SW_WRONG_P1P2); // only "derive from master" emulated
    const path = parsePath(a.data);
    if (!path) return reply(SW_WRONG_DATA);
    const node = this.#derive(path);
    const pub = secp256k1.Point.fromBytes(node.publicKey!).toBytes(false);
    this.counters.exports++;
    if (a.p2 === 0x00) {
      if (path.length < 4 || !EIP1581.every((c, i) => path[i] === c)) return reply(SW_CONDITIONS);
      // Applet 3.1 answers a private export with the private key only (no 80 public key).
      return reply(SW_OK, tlv(0xa1, tlv(0x81, node.privateKey!)));
    }
    if (a.p2 === 0x01) return reply(SW_OK, tlv(0xa1, tlv(0x80, pub)));
    return reply(SW_WRONG_P1P2);
  }

  #sign(a: Apdu): Reply {
    if (!this.#pinVerified) return reply(SW_CONDITIONS);
    if (a.data.length < 32) return reply(SW_WRONG_DATA);
    const hash = a.data.subarray(0, 32);
    let node: HDKey;
    if (a.p1 === 0x00 && this.secureChannelVersion === 1) {
      if (a.data.length !== 32) return reply(SW_WRONG_DATA);
      node = this.#master; // the emulator's "current key" is always the master
    } else if (a.p1 === 0x01) {
      const path = parsePath(a.data.subarray(32));
      if (!path) return reply(SW_WRONG_DATA);
      node = this.#derive(path);
    } else {
      return reply(SW_WRONG_P1P2);
    }
    const der = secp256k1.sign(hash, node.privateKey!, { prehash: false, lowS: true, format: 'der' });
    const pub = secp256k1.Point.fromBytes(node.publicKey!).toBytes(false);
    this.counters.signs++;
    return reply(SW_OK, tlv(0xa0, cat(tlv(0x80, pub), der)));
  }
}
