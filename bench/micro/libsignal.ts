/**
 * The reference: Signal's own library (@signalapp/libsignal-client, native Rust via N-API) doing
 * the same session traffic as bench/micro/parley.ts: session setup from a prekey bundle, then
 * encrypt → serialise → parse → decrypt per message, with in-memory stores. Note that libsignal
 * sessions are PQXDH (X25519 + ML-KEM-1024) and, in this version, carry the post-quantum ratchet.
 */
import * as signal from '@signalapp/libsignal-client';

type Address = signal.ProtocolAddress;

class Sessions extends signal.SessionStore {
  readonly #m = new Map<string, signal.SessionRecord>();
  saveSession(name: Address, record: signal.SessionRecord): Promise<void> {
    this.#m.set(name.toString(), record);
    return Promise.resolve();
  }
  getSession(name: Address): Promise<signal.SessionRecord | null> {
    return Promise.resolve(this.#m.get(name.toString()) ?? null);
  }
  getExistingSessions(addresses: Address[]): Promise<signal.SessionRecord[]> {
    return Promise.resolve(addresses.map((a) => this.#m.get(a.toString())).filter((r) => r !== undefined));
  }
}

class Identities extends signal.IdentityKeyStore {
  readonly #key: signal.PrivateKey;
  readonly #known = new Map<string, signal.PublicKey>();
  constructor(key: signal.PrivateKey) {
    super();
    this.#key = key;
  }
  getIdentityKey(): Promise<signal.PrivateKey> {
    return Promise.resolve(this.#key);
  }
  getLocalRegistrationId(): Promise<number> {
    return Promise.resolve(1);
  }
  saveIdentity(name: Address, key: signal.PublicKey): Promise<signal.IdentityChange> {
    this.#known.set(name.toString(), key);
    return Promise.resolve(signal.IdentityChange.NewOrUnchanged);
  }
  isTrustedIdentity(): Promise<boolean> {
    return Promise.resolve(true);
  }
  getIdentity(name: Address): Promise<signal.PublicKey | null> {
    return Promise.resolve(this.#known.get(name.toString()) ?? null);
  }
}

class PreKeys extends signal.PreKeyStore {
  readonly #m = new Map<number, signal.PreKeyRecord>();
  savePreKey(id: number, record: signal.PreKeyRecord): Promise<void> {
    this.#m.set(id, record);
    return Promise.resolve();
  }
  getPreKey(id: number): Promise<signal.PreKeyRecord> {
    const r = this.#m.get(id);
    return r ? Promise.resolve(r) : Promise.reject(new Error(`no prekey ${id}`));
  }
  removePreKey(id: number): Promise<void> {
    this.#m.delete(id);
    return Promise.resolve();
  }
}

class SignedPreKeys extends signal.SignedPreKeyStore {
  readonly #m = new Map<number, signal.SignedPreKeyRecord>();
  saveSignedPreKey(id: number, record: signal.SignedPreKeyRecord): Promise<void> {
    this.#m.set(id, record);
    return Promise.resolve();
  }
  getSignedPreKey(id: number): Promise<signal.SignedPreKeyRecord> {
    const r = this.#m.get(id);
    return r ? Promise.resolve(r) : Promise.reject(new Error(`no signed prekey ${id}`));
  }
}

class KyberPreKeys extends signal.KyberPreKeyStore {
  readonly #m = new Map<number, signal.KyberPreKeyRecord>();
  saveKyberPreKey(id: number, record: signal.KyberPreKeyRecord): Promise<void> {
    this.#m.set(id, record);
    return Promise.resolve();
  }
  getKyberPreKey(id: number): Promise<signal.KyberPreKeyRecord> {
    const r = this.#m.get(id);
    return r ? Promise.resolve(r) : Promise.reject(new Error(`no kyber prekey ${id}`));
  }
  markKyberPreKeyUsed(): Promise<void> {
    return Promise.resolve();
  }
}

interface Party {
  readonly address: Address;
  readonly identity: signal.PrivateKey;
  readonly sessions: Sessions;
  readonly identities: Identities;
  readonly preKeys: PreKeys;
  readonly signedPreKeys: SignedPreKeys;
  readonly kyberPreKeys: KyberPreKeys;
}

function party(name: string): Party {
  const identity = signal.PrivateKey.generate();
  return {
    address: signal.ProtocolAddress.new(name, 1), identity, sessions: new Sessions(), identities: new Identities(identity),
    preKeys: new PreKeys(), signedPreKeys: new SignedPreKeys(), kyberPreKeys: new KyberPreKeys(),
  };
}

/** The responder's published bundle: a signed EC prekey and a signed Kyber prekey (no one-time prekey, like Status). */
async function publishBundle(p: Party): Promise<signal.PreKeyBundle> {
  const spk = signal.PrivateKey.generate();
  const spkSig = p.identity.sign(spk.getPublicKey().serialize());
  await p.signedPreKeys.saveSignedPreKey(1, signal.SignedPreKeyRecord.new(1, Date.now(), spk.getPublicKey(), spk, spkSig));
  const kyber = signal.KEMKeyPair.generate();
  const kyberSig = p.identity.sign(kyber.getPublicKey().serialize());
  await p.kyberPreKeys.saveKyberPreKey(1, signal.KyberPreKeyRecord.new(1, Date.now(), kyber, kyberSig));
  return signal.PreKeyBundle.new(1, 1, null, null, 1, spk.getPublicKey(), spkSig, p.identity.getPublicKey(), 1, kyber.getPublicKey(), kyberSig);
}

async function encryptAt(me: Party, them: Party, plaintext: Uint8Array<ArrayBuffer>): Promise<{ type: number; bytes: Uint8Array<ArrayBuffer> }> {
  const c = await signal.signalEncrypt(plaintext, them.address, me.address, me.sessions, me.identities);
  return { type: c.type(), bytes: c.serialize() };
}

function decryptAt(me: Party, them: Party, wire: { type: number; bytes: Uint8Array<ArrayBuffer> }): Promise<Uint8Array> {
  if (wire.type === signal.CiphertextMessageType.PreKey) {
    return signal.signalDecryptPreKey(
      signal.PreKeySignalMessage.deserialize(wire.bytes), them.address, me.address, me.sessions, me.identities,
      me.preKeys, me.signedPreKeys, me.kyberPreKeys,
    );
  }
  return signal.signalDecrypt(signal.SignalMessage.deserialize(wire.bytes), them.address, me.address, me.sessions, me.identities);
}

const bytes = (n: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(n));

/**
 * Session setup, repeatable: processPreKeyBundle on the responder's bundle (keys and bundle made
 * once, outside the timing) plus the first message encrypted, serialised, parsed and decrypted.
 */
export async function setupFixture(plaintextBytes: number): Promise<() => Promise<void>> {
  const initiator = party('initiator');
  const responder = party('responder');
  const bundle = await publishBundle(responder);
  const pt = bytes(plaintextBytes);
  return async () => {
    await signal.processPreKeyBundle(bundle, responder.address, initiator.address, initiator.sessions, initiator.identities);
    await decryptAt(responder, initiator, await encryptAt(initiator, responder, pt));
  };
}

export type Direction = 'initiator' | 'responder';

/** A confirmed session (setup, first message, one reply), as in parley.ts. */
export async function duplex(plaintextBytes: number): Promise<(from: Direction, plaintext: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>> {
  const initiator = party('initiator');
  const responder = party('responder');
  await signal.processPreKeyBundle(await publishBundle(responder), responder.address, initiator.address, initiator.sessions, initiator.identities);
  await decryptAt(responder, initiator, await encryptAt(initiator, responder, bytes(plaintextBytes)));
  await decryptAt(initiator, responder, await encryptAt(responder, initiator, bytes(plaintextBytes)));
  return async (from, plaintext) => {
    const [a, b] = from === 'initiator' ? [initiator, responder] : [responder, initiator];
    return decryptAt(b, a, await encryptAt(a, b, plaintext));
  };
}

/** XEdDSA sign / verify of a message (Signal's signed-prekey and identity signatures). */
export function signatureFixture(messageBytes: number): { sign: () => Uint8Array<ArrayBuffer>; verify: (sig: Uint8Array<ArrayBuffer>) => void } {
  const key = signal.PrivateKey.generate();
  const pub = key.getPublicKey();
  const msg = bytes(messageBytes);
  return {
    sign: () => key.sign(msg),
    verify: (sig) => {
      if (!pub.verify(msg, sig)) throw new Error('signature did not verify');
    },
  };
}

export const randomBytes = bytes;
