/**
 * Double-ratchet sessions on the wire: starting one as initiator (X3DH), accepting an X3DH header
 * as responder, and mapping encrypt/decrypt to EncryptedMessageProtocol entries. Sessions are plain
 * data; storage lookups are injected. Owns §3.3 session rules; not fan-out (fanout.ts) or DH-only
 * messages (dh-only.ts). Spec: status-protocol.md §3.3, §4.4, §4.5.
 */
import { create } from '@bufbuild/protobuf';
import { isValidPublicKey } from '../../crypto/secp256k1.ts';
import { bytesEqual } from '../../../lib/shared/bytes.ts';
import { DRHeaderSchema, EncryptedMessageProtocolSchema, X3DHHeaderSchema } from '../generated/protocol_message_pb.ts';
import type { EncryptedMessageProtocol } from '../generated/protocol_message_pb.ts';
import { generateKeyPair } from '../keys.ts';
import type { KeyPair, RandomSource } from '../keys.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';
import { x3dhInitiate, x3dhRespond } from '../x3dh/x3dh.ts';
import type { X3dhError } from '../x3dh/x3dh.ts';
import { ratchetDecrypt, ratchetEncrypt } from './ratchet.ts';
import type { RatchetError } from './ratchet.ts';
import { initiatorState, responderState } from './state.ts';
import type { RatchetState } from './state.ts';

export type SessionError = RatchetError | X3dhError | 'SESSION_NO_DR_HEADER' | 'SESSION_NOT_FOUND' | 'X3DH_UNKNOWN_PREKEY';

/** One session with one peer installation; identified by (peer identity, installation, bundle id). */
export interface Session {
  /** comp(SPK_B) of the responder, used by both directions. */
  readonly bundleId: Uint8Array;
  readonly theirInstallationId: string;
  readonly ratchet: RatchetState;
  /** comp(EK_A): present while we initiated and the session is not yet confirmed. */
  readonly x3dhEphemeralKey?: Uint8Array | undefined;
}

/** §3.3 + §4.3 initiator: X3DH against a verified prekey, then the initiator ratchet state. */
export function initiateSession(opts: {
  readonly identityPrivateKey: Uint8Array;
  readonly theirIdentityKey: Uint8Array;
  readonly theirSignedPreKey: Uint8Array;
  readonly theirInstallationId: string;
  readonly random: RandomSource;
}): Result<Session, X3dhError> {
  const agreed = x3dhInitiate({ ...opts, ephemeral: generateKeyPair(opts.random) });
  if (!agreed.ok) return agreed;
  const { sharedKey, bundleId, ephemeralPublicKey } = agreed.value;
  const ratchet = initiatorState(sharedKey, bundleId, generateKeyPair(opts.random));
  sharedKey.fill(0);
  return ok({ bundleId, theirInstallationId: opts.theirInstallationId, ratchet, x3dhEphemeralKey: ephemeralPublicKey });
}

/** §4.4: one EncryptedMessageProtocol entry; carries the X3DH header while unconfirmed. */
export function sessionEncrypt(session: Session, plaintext: Uint8Array): { session: Session; message: EncryptedMessageProtocol } {
  const e = ratchetEncrypt(session.ratchet, plaintext);
  const message = create(EncryptedMessageProtocolSchema, {
    DRHeader: create(DRHeaderSchema, { key: e.header.dh, n: e.header.n, pn: e.header.pn, id: session.bundleId }),
    payload: e.ciphertext,
  });
  if (session.x3dhEphemeralKey !== undefined) {
    message.X3DHHeader = create(X3DHHeaderSchema, { key: session.x3dhEphemeralKey, id: session.bundleId });
  }
  return { session: { ...session, ratchet: e.state }, message };
}

export interface SessionLookups {
  /** The stored session for (peer, peer installation, bundle id), if any. */
  readonly findSession: (bundleId: Uint8Array) => Session | undefined;
  /** Own signed prekey whose comp(public) equals `bundleId` (expired ones included). */
  readonly findSignedPreKey: (bundleId: Uint8Array) => KeyPair | undefined;
}

/**
 * §3.3 responder: the X3DH header must name one of our prekeys (expired ones included) and carry a
 * valid ephemeral key; then an existing session for that bundle id is used as is, else a responder
 * session is created from SK. (status-go recomputes SK every time; it is only needed here.)
 */
function sessionForX3dh(
  msg: EncryptedMessageProtocol,
  opts: SessionLookups & { identityPrivateKey: Uint8Array; theirIdentityKey: Uint8Array; theirInstallationId: string },
): Result<Session, SessionError> {
  const header = msg.X3DHHeader!;
  if (!isValidPublicKey(header.key)) return err('X3DH_INVALID_KEY');
  const spk = opts.findSignedPreKey(header.id);
  if (spk === undefined || !bytesEqual(spk.publicKey, header.id)) return err('X3DH_UNKNOWN_PREKEY');
  const existing = opts.findSession(header.id);
  if (existing !== undefined) return ok(existing);
  const sk = x3dhRespond({
    identityPrivateKey: opts.identityPrivateKey,
    signedPreKeyPrivateKey: spk.privateKey,
    theirIdentityKey: opts.theirIdentityKey,
    theirEphemeralKey: header.key,
  });
  if (!sk.ok) return sk;
  const ratchet = responderState(sk.value, spk);
  sk.value.fill(0);
  return ok({ bundleId: Uint8Array.from(header.id), theirInstallationId: opts.theirInstallationId, ratchet });
}

/** The session named by the DR header; an X3DH header for the same bundle id may create it. */
function sessionForEntry(
  msg: EncryptedMessageProtocol,
  opts: SessionLookups & { identityPrivateKey: Uint8Array; theirIdentityKey: Uint8Array; theirInstallationId: string },
): Result<Session, SessionError> {
  const dr = msg.DRHeader!;
  if (msg.X3DHHeader === undefined) return fromLookup(opts.findSession(dr.id));
  const viaX3dh = sessionForX3dh(msg, opts);
  if (!viaX3dh.ok || bytesEqual(msg.X3DHHeader.id, dr.id)) return viaX3dh;
  return fromLookup(opts.findSession(dr.id));
}

export interface SessionDecrypted {
  readonly plaintext: Uint8Array;
  /** The new session value to commit (with the message, in one transaction). */
  readonly session: Session;
}

/** §3.3/§4.5 receive of an entry carrying a DR header (with or without an X3DH header). */
export function sessionDecrypt(
  msg: EncryptedMessageProtocol,
  opts: SessionLookups & {
    readonly identityPrivateKey: Uint8Array;
    readonly theirIdentityKey: Uint8Array;
    readonly theirInstallationId: string;
    readonly random: RandomSource;
  },
): Result<SessionDecrypted, SessionError> {
  const dr = msg.DRHeader;
  if (dr === undefined) return err('SESSION_NO_DR_HEADER');
  const found = sessionForEntry(msg, opts);
  if (!found.ok) return found;
  const d = ratchetDecrypt({
    state: found.value.ratchet,
    header: { dh: dr.key, n: dr.n, pn: dr.pn },
    ciphertext: msg.payload,
    random: opts.random,
  });
  if (!d.ok) return d;
  // Any message received on the session confirms it: stop sending X3DH headers (§3.3).
  const session: Session = { ...found.value, ratchet: d.value.state, x3dhEphemeralKey: undefined };
  return ok({ plaintext: d.value.plaintext, session });
}

function fromLookup(s: Session | undefined): Result<Session, SessionError> {
  return s === undefined ? err('SESSION_NOT_FOUND') : ok(s);
}
