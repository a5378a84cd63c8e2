/**
 * Parley's side of the ratchet micro-benchmarks: two parties over the pure Status protocol
 * modules, every message serialised to wire bytes (EncryptedMessageProtocol) and parsed again,
 * as the worker does. Bundled by bench/lib/bundle.ts (see bench/parley-src.d.ts for why).
 */
import {
  AmmType, buildAmm, decodeProto, encodeProto, generateKeyPair, initiateSession, parseAmm, sessionDecrypt,
  sessionEncrypt, signBundle, verifyBundle, type KeyPair, type ProtoMessage, type Session,
} from 'parley-src/protocol';
import { EncryptedMessageProtocolSchema } from 'parley-src/protocol/generated/protocol_message_pb.ts';
import {
  ecdh, nobleSecp256k1, publicKeyOf, randomPrivateKey, recoverPublicKey, signDigest, useSecp256k1Backend,
} from 'parley-src/crypto/secp256k1.ts';
import { loadWasmSecp256k1Node } from 'parley-src/crypto/secp256k1-load-node.ts';
import { symmetricKey, symmetricKeyAsync } from 'parley-src/protocol';

/**
 * The two secp256k1 backends of src/worker/crypto: `use(name)` switches the module-level backend
 * (the worker picks WASM once at start-up; here tasks switch per call so both run interleaved in
 * one tinybench run). After loading, WASM is the backend in use, as in the worker.
 */
export async function secpBackends(): Promise<{ use: (name: 'noble' | 'wasm') => void }> {
  const wasm = await loadWasmSecp256k1Node();
  useSecp256k1Backend(wasm);
  return { use: (name) => useSecp256k1Backend(name === 'wasm' ? wasm : nobleSecp256k1) };
}

/** Single secp256k1 operations on fixed keys, through src/worker/crypto/secp256k1.ts. */
export function primitiveFixture(): { ecdh: () => Uint8Array; recover: () => Uint8Array; sign: () => Uint8Array; keygen: () => Uint8Array } {
  const a = randomPrivateKey();
  const B = publicKeyOf(randomPrivateKey(), true);
  const digest = random(32);
  const sig = signDigest(digest, a);
  return { ecdh: () => ecdh(a, B), recover: () => recoverPublicKey(digest, sig), sign: () => signDigest(digest, a), keygen: () => publicKeyOf(randomPrivateKey()) };
}

/** K(s) of a fresh chat id each call: noble's PBKDF2 (sync) and WebCrypto's native one. */
export function topicKeyFixture(): { noble: () => Uint8Array; native: () => Promise<Uint8Array> } {
  let i = 0;
  return { noble: () => symmetricKey(`contact-discovery-${i++}`), native: () => symmetricKeyAsync(`contact-discovery-${i++}`) };
}

export const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Party {
  readonly identity: KeyPair;
  readonly spk: KeyPair;
  readonly installation: string;
  /** One peer in this bench, so one session slot (the product keys them by bundle id). */
  session: Session | undefined;
}

function party(installation: string): Party {
  return { identity: generateKeyPair(random), spk: generateKeyPair(random), installation, session: undefined };
}

function encryptAt(me: Party, plaintext: Uint8Array): Uint8Array {
  const e = sessionEncrypt(me.session!, plaintext);
  me.session = e.session;
  return encodeProto(EncryptedMessageProtocolSchema, e.message);
}

function decryptAt(me: Party, them: Party, wire: Uint8Array): Uint8Array {
  const msg = decodeProto(EncryptedMessageProtocolSchema, wire);
  if (!msg.ok) throw new Error(msg.error);
  const r = sessionDecrypt(msg.value, {
    identityPrivateKey: me.identity.privateKey, theirIdentityKey: them.identity.publicKey,
    theirInstallationId: them.installation, random,
    findSession: (id) => (me.session && sameBytes(me.session.bundleId, id) ? me.session : undefined),
    findSignedPreKey: (id) => (sameBytes(id, me.spk.publicKey) ? me.spk : undefined),
  });
  if (!r.ok) throw new Error(r.error);
  me.session = r.value.session;
  return r.value.plaintext;
}

function initiate(initiator: Party, responder: Party): void {
  const s = initiateSession({
    identityPrivateKey: initiator.identity.privateKey, theirIdentityKey: responder.identity.publicKey,
    theirSignedPreKey: responder.spk.publicKey, theirInstallationId: responder.installation, random,
  });
  if (!s.ok) throw new Error(s.error);
  initiator.session = s.value;
}

/**
 * Session setup, repeatable: X3DH against the responder's signed prekey (both parties' keys made
 * once, outside the timing) plus the first message encrypted, serialised, parsed and decrypted.
 */
export function setupFixture(plaintextBytes: number): () => void {
  const initiator = party('aaaaaaaa-0000-4000-8000-000000000001');
  const responder = party('bbbbbbbb-0000-4000-8000-000000000002');
  const pt = random(plaintextBytes);
  return () => {
    responder.session = undefined;
    initiate(initiator, responder);
    decryptAt(responder, initiator, encryptAt(initiator, pt));
  };
}

export type Direction = 'initiator' | 'responder';

/** A confirmed session (X3DH, first message, one reply): `send` encrypts at one side, decrypts at the other. */
export function duplex(plaintextBytes: number): (from: Direction, plaintext: Uint8Array) => Uint8Array {
  const initiator = party('aaaaaaaa-0000-4000-8000-000000000001');
  const responder = party('bbbbbbbb-0000-4000-8000-000000000002');
  initiate(initiator, responder);
  decryptAt(responder, initiator, encryptAt(initiator, random(plaintextBytes)));
  decryptAt(initiator, responder, encryptAt(responder, random(plaintextBytes)));
  return (from, plaintext) => {
    const [a, b] = from === 'initiator' ? [initiator, responder] : [responder, initiator];
    return decryptAt(b, a, encryptAt(a, plaintext));
  };
}

export function bundleFixture(): { sign: () => ProtoMessage; verify: (b: ProtoMessage) => void } {
  const p = party('cccccccc-0000-4000-8000-000000000003');
  const sign = (): ProtoMessage => signBundle({
    identityPrivateKey: p.identity.privateKey, identityPublicKey: p.identity.publicKey, timestamp: 1_700_000_000_000_000_000n,
    signedPreKeys: { [p.installation]: { signedPreKey: p.spk.publicKey, version: 1, protocolVersion: 1 } },
  });
  const verify = (b: ProtoMessage): void => {
    const v = verifyBundle(b);
    if (!v.ok) throw new Error(v.error);
  };
  return { sign, verify };
}

export function ammFixture(payloadBytes: number): { sign: () => Uint8Array; verify: (amm: Uint8Array) => void } {
  const key = generateKeyPair(random);
  const author = publicKeyOf(key.privateKey, false);
  const payload = random(payloadBytes);
  const sign = (): Uint8Array => buildAmm({ type: AmmType.CHAT_MESSAGE, payload, privateKey: key.privateKey, authorPublicKey: author }).bytes;
  const verify = (amm: Uint8Array): void => {
    const r = parseAmm(amm);
    if (!r.ok) throw new Error(r.error);
  };
  return { sign, verify };
}
