/**
 * ApplicationMetadataMessage (AMM, L5): build + sign, parse + recover the author, message id.
 * Owns the envelope only; decoding and validating the L6 payload is application/validation.ts and
 * the services' job. Spec: status-protocol.md §6.1 (and §2.2 step 2, §2.3 step 6), §11.1.
 */
import { create } from '@bufbuild/protobuf';
import { keccak256 } from '../../crypto/hashes.ts';
import { recoverPublicKey, signDigest } from '../../crypto/secp256k1.ts';
import { bytesToHex, concatBytes } from '../../../lib/shared/bytes.ts';
import { decodeProto, encodeProto } from '../codec.ts';
import {
  ApplicationMetadataMessage_Type as AmmType,
  ApplicationMetadataMessageSchema,
} from '../generated/application_metadata_message_pb.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export { AmmType };

export type AmmError = 'PROTO_DECODE_FAILED' | 'AMM_UNSIGNED' | 'AMM_SIGNATURE_INVALID';

export interface BuiltAmm {
  /** Serialised AMM: what MVDS carries as `body` or the encryption layer encrypts. */
  readonly bytes: Uint8Array;
  /** "0x" ‖ hex(keccak256(uncomp(author) ‖ bytes)). */
  readonly messageId: string;
}

export interface ParsedAmm {
  readonly type: number;
  /** Exact L6 bytes as received (never re-serialised). */
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
  /** uncomp(author), 65 bytes. */
  readonly author: Uint8Array;
  readonly messageId: string;
}

/** §6.1: message id over the exact AMM bytes; `author` may be compressed or uncompressed. */
export function ammMessageId(authorUncompressed: Uint8Array, ammBytes: Uint8Array): string {
  return `0x${bytesToHex(keccak256(concatBytes(authorUncompressed, ammBytes)))}`;
}

/**
 * §2.2 step 2: signature = Sign(keccak256(payload), author.priv). `authorPublicKey` must be the
 * 65-byte uncompressed key of `privateKey` (callers hold it already; recomputing costs a keygen).
 */
export function buildAmm(opts: {
  readonly type: AmmType;
  readonly payload: Uint8Array;
  readonly privateKey: Uint8Array;
  readonly authorPublicKey: Uint8Array;
}): BuiltAmm {
  const signature = signDigest(keccak256(opts.payload), opts.privateKey);
  const msg = create(ApplicationMetadataMessageSchema, { signature, payload: opts.payload, type: opts.type });
  const bytes = encodeProto(ApplicationMetadataMessageSchema, msg);
  return { bytes, messageId: ammMessageId(opts.authorPublicKey, bytes) };
}

function recoverAuthor(payload: Uint8Array, signature: Uint8Array): Uint8Array | undefined {
  try {
    return recoverPublicKey(keccak256(payload), signature);
  } catch {
    return undefined;
  }
}

/** §2.3 step 6: parse, recover the author from the signature over keccak256(payload), compute the id. */
export function parseAmm(bytes: Uint8Array): Result<ParsedAmm, AmmError> {
  const decoded = decodeProto(ApplicationMetadataMessageSchema, bytes);
  if (!decoded.ok) return decoded;
  const { signature, payload, type } = decoded.value;
  if (signature.length === 0) return err('AMM_UNSIGNED');
  const author = recoverAuthor(payload, signature);
  if (author === undefined) return err('AMM_SIGNATURE_INVALID');
  return ok({ type, payload, signature, author, messageId: ammMessageId(author, bytes) });
}

const KNOWN_TYPES: ReadonlySet<number> = new Set(
  Object.values(AmmType).filter((v): v is number => typeof v === 'number' && v !== AmmType.UNKNOWN),
);

/** A type defined by §11.1 (UNKNOWN excluded). Unknown types must be ignored, not rejected loudly. */
export function isKnownAmmType(type: number): boolean {
  return KNOWN_TYPES.has(type);
}

/** §11.1: the types a browser client handles (send and/or receive). */
export const HANDLED_AMM_TYPES: ReadonlySet<AmmType> = new Set([
  AmmType.CHAT_MESSAGE, AmmType.CONTACT_UPDATE, AmmType.MEMBERSHIP_UPDATE_MESSAGE,
  AmmType.CONTACT_CODE_ADVERTISEMENT, AmmType.EMOJI_REACTION, AmmType.GROUP_CHAT_INVITATION,
  AmmType.CHAT_IDENTITY, AmmType.COMMUNITY_DESCRIPTION, AmmType.COMMUNITY_REQUEST_TO_JOIN,
  AmmType.PIN_MESSAGE, AmmType.EDIT_MESSAGE, AmmType.STATUS_UPDATE, AmmType.DELETE_MESSAGE,
  AmmType.ACCEPT_CONTACT_REQUEST, AmmType.RETRACT_CONTACT_REQUEST,
  AmmType.COMMUNITY_REQUEST_TO_JOIN_RESPONSE, AmmType.COMMUNITY_REQUEST_TO_LEAVE,
  AmmType.COMMUNITY_CANCEL_REQUEST_TO_JOIN, AmmType.COMMUNITY_SHARD_KEY,
  AmmType.COMMUNITY_PUBLIC_SHARD_INFO, AmmType.COMMUNITY_USER_KICKED,
  AmmType.COMMUNITY_ENCRYPTION_KEYS_REQUEST,
]);
