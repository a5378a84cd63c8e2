/**
 * Types of the few Parley modules the benchmarks call. bench/lib/bundle.ts bundles the bench
 * entries with Vite, which maps `parley-src/…` to src/worker/… (and `$lib` to src/lib). They are
 * declared here rather than imported because tsconfig.node.json (erasable syntax only, no `$lib`)
 * cannot type-check the worker tree; svelte-check does. Keep these in step with the sources.
 */
declare module 'parley-src/protocol' {
  export type RandomSource = (length: number) => Uint8Array;
  export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };
  export interface KeyPair {
    readonly privateKey: Uint8Array;
    readonly publicKey: Uint8Array;
  }
  /** Opaque here: src/worker/protocol/ratchet/session.ts. */
  export interface Session {
    readonly bundleId: Uint8Array;
    readonly theirInstallationId: string;
  }
  /** A generated protobuf message (EncryptedMessageProtocol, Bundle): opaque here. */
  export interface ProtoMessage {
    readonly $typeName: string;
  }
  export interface ProtoSchema {
    readonly typeName: string;
  }
  export function generateKeyPair(random: RandomSource): KeyPair;
  export function initiateSession(opts: {
    readonly identityPrivateKey: Uint8Array;
    readonly theirIdentityKey: Uint8Array;
    readonly theirSignedPreKey: Uint8Array;
    readonly theirInstallationId: string;
    readonly random: RandomSource;
  }): Result<Session>;
  export function sessionEncrypt(session: Session, plaintext: Uint8Array): { session: Session; message: ProtoMessage };
  export function sessionDecrypt(
    msg: ProtoMessage,
    opts: {
      readonly findSession: (bundleId: Uint8Array) => Session | undefined;
      readonly findSignedPreKey: (bundleId: Uint8Array) => KeyPair | undefined;
      readonly identityPrivateKey: Uint8Array;
      readonly theirIdentityKey: Uint8Array;
      readonly theirInstallationId: string;
      readonly random: RandomSource;
    },
  ): Result<{ readonly plaintext: Uint8Array; readonly session: Session }>;
  export function signBundle(opts: {
    readonly identityPrivateKey: Uint8Array;
    readonly identityPublicKey: Uint8Array;
    readonly signedPreKeys: Readonly<Record<string, { signedPreKey: Uint8Array; version: number; protocolVersion: number }>>;
    readonly timestamp: bigint;
  }): ProtoMessage;
  export function verifyBundle(bundle: ProtoMessage): Result<unknown>;
  export const AmmType: { readonly CHAT_MESSAGE: number };
  export function buildAmm(opts: {
    readonly type: number;
    readonly payload: Uint8Array;
    readonly privateKey: Uint8Array;
    readonly authorPublicKey: Uint8Array;
  }): { readonly bytes: Uint8Array; readonly messageId: string };
  export function parseAmm(bytes: Uint8Array): Result<unknown>;
  export function emptyMvdsState(): unknown;
  export function openAsymmetric(payload: Uint8Array, privateKey: Uint8Array): Result<{ readonly data: Uint8Array; readonly signer: Uint8Array }>;
  export function classifyTransportBytes(bytes: Uint8Array): { readonly kind: 'segment' | 'protocol-message' | 'raw' };
  export function encodeProto(schema: ProtoSchema, message: ProtoMessage): Uint8Array;
  export function decodeProto(schema: ProtoSchema, bytes: Uint8Array): Result<ProtoMessage>;
  export function symmetricKey(chatId: string): Uint8Array;
  export function symmetricKeyAsync(chatId: string): Promise<Uint8Array>;
}

declare module 'parley-src/protocol/generated/protocol_message_pb.ts' {
  import type { ProtoSchema } from 'parley-src/protocol';
  export const EncryptedMessageProtocolSchema: ProtoSchema;
}

declare module 'parley-src/crypto/secp256k1.ts' {
  export interface Secp256k1Backend {
    readonly name: 'noble' | 'libsecp256k1-wasm';
  }
  export const nobleSecp256k1: Secp256k1Backend;
  export function useSecp256k1Backend(b: Secp256k1Backend): void;
  export function secp256k1BackendName(): Secp256k1Backend['name'];
  export function publicKeyOf(priv: Uint8Array, compressed?: boolean): Uint8Array;
  export function randomPrivateKey(): Uint8Array;
  export function ecdh(priv: Uint8Array, pub: Uint8Array): Uint8Array;
  export function signDigest(digest: Uint8Array, priv: Uint8Array): Uint8Array;
  export function recoverPublicKey(digest: Uint8Array, sig: Uint8Array): Uint8Array;
}

declare module 'parley-src/crypto/secp256k1-load-node.ts' {
  import type { Secp256k1Backend } from 'parley-src/crypto/secp256k1.ts';
  export function loadWasmSecp256k1Node(): Promise<Secp256k1Backend>;
}

declare module 'parley-src/crypto/kdf.ts' {
  export interface Argon2idParams {
    readonly m: number;
    readonly t: number;
    readonly p: number;
  }
  export const VAULT_ARGON2ID: Argon2idParams;
  export function deriveKeyFromPassword(password: string, salt: Uint8Array, params?: Argon2idParams): Promise<Uint8Array>;
}

declare module 'parley-src/vault/record-cipher.ts' {
  export type StoreName = 'identity' | 'contacts' | 'chats' | 'messages' | 'settings' | 'sessions';
  export class RecordCipher {
    constructor(profileId: string, dataKey: Uint8Array);
    keyOf(store: StoreName, id: string): string;
    seal(store: StoreName, key: string, value: unknown): Uint8Array;
    open(store: StoreName, key: string, sealed: Uint8Array): { value: unknown } | null;
  }
}

declare module 'parley-src/vault/keyring.ts' {
  export interface Keyring {
    readonly kind: 'password' | 'device';
  }
  export function newDataKey(): Uint8Array;
  export function wrapWithPassword(profileId: string, dataKey: Uint8Array, password: string): Promise<Keyring>;
  export function unwrapDataKey(
    profileId: string,
    keyring: Keyring,
    password?: string,
  ): Promise<{ readonly ok: true; readonly value: Uint8Array } | { readonly ok: false; readonly error: { code: string } }>;
}

declare module 'parley-src/vault/profile-db.ts' {
  export class ProfileDb {
    readonly id: string;
    static open(id: string): Promise<ProfileDb>;
    close(): void;
  }
  export function destroyProfile(id: string): Promise<void>;
}

declare module 'parley-src/vault/vault.ts' {
  import type { ProfileDb } from 'parley-src/vault/profile-db.ts';
  import type { MemoryProfileDb } from 'parley-src/vault/memory/memory-profile-db.ts';
  import type { StoreName } from 'parley-src/vault/record-cipher.ts';
  export class Vault {
    constructor(db: ProfileDb | MemoryProfileDb, dataKey: Uint8Array);
    put(...writes: { store: StoreName; id: string; value: unknown }[]): Promise<{ readonly ok: boolean }>;
    list(store: StoreName): Promise<{ readonly ok: true; readonly value: { entries: unknown[]; tampered: number } } | { readonly ok: false }>;
    lock(): void;
  }
}

/* The catch-up scenario's sender side (bench/micro/catchup.ts): Parley's own chat send path in Node. */
declare module 'parley-src/events.ts' {
  export class EventHub {}
}

declare module 'parley-src/vault/memory/memory-profile-db.ts' {
  export class MemoryProfileDb {
    constructor(id: string);
  }
}

declare module 'parley-src/identity/index.ts' {
  export interface Mnemonic {
    readonly phrase: string;
  }
  export interface IdentityKeys {
    readonly chatKey: { readonly privateKey: Uint8Array; readonly publicKey: Uint8Array; readonly uncompressedPublicKey: Uint8Array };
  }
  export function generateMnemonic(): Mnemonic;
  export function parseMnemonic(text: string): { readonly ok: true; readonly value: Mnemonic } | { readonly ok: false };
  export function deriveIdentityKeys(mnemonic: Mnemonic): IdentityKeys;
}

declare module 'parley-src/services/identity-record.ts' {
  export interface IdentityRecord {
    readonly v: 1;
  }
  export function newIdentityRecord(mnemonic: string, phraseBackedUp: boolean, now: number): IdentityRecord;
}

declare module 'parley-src/services/chat/store.ts' {
  export class Batch {
    chat(chat: unknown): Batch;
  }
}

declare module 'parley-src/services/chat/records.ts' {
  export function newChat(id: string, now: number): unknown;
}

declare module 'parley-src/services/chat/contact-state.ts' {
  export interface ContactRequestState {
    readonly localState: number;
  }
  export const NO_CONTACT: ContactRequestState;
  export function localSent(s: ContactRequestState, clock: bigint): ContactRequestState;
}

declare module 'parley-src/services/chat/messages-out.ts' {
  import type { ContactRequestState } from 'parley-src/services/chat/contact-state.ts';
  export interface BuiltAmm {
    readonly bytes: Uint8Array;
    readonly messageId: string;
  }
  export function chatMessageAmm(author: { privateKey: Uint8Array; publicKey: Uint8Array }, m: {
    clock: bigint;
    timestamp: number;
    text: string;
    chatId: string;
    kind: 'text' | 'contact-request';
    responseTo: string;
    displayName: string;
    contact: ContactRequestState;
  }): BuiltAmm;
}

declare module 'parley-src/services/chat/context.ts' {
  import type { Vault } from 'parley-src/vault/vault.ts';
  import type { EventHub } from 'parley-src/events.ts';
  import type { IdentityKeys } from 'parley-src/identity/index.ts';
  import type { IdentityRecord } from 'parley-src/services/identity-record.ts';
  import type { Batch } from 'parley-src/services/chat/store.ts';
  export interface OpenProfile {
    entry: { readonly id: string; readonly createdAt: number; readonly lock: 'password' | 'device' };
    readonly vault: Vault;
    record: IdentityRecord;
    readonly keys: IdentityKeys;
  }
  export class ChatContext {
    readonly profile: OpenProfile;
    mvds: { readonly v: 1; readonly state: unknown; readonly carrying: Readonly<Record<string, string>> };
    static load(profile: OpenProfile, events: EventHub, now: number): Promise<ChatContext>;
    commit(batch: Batch): Promise<void>;
  }
}

declare module 'parley-src/services/chat/sender.ts' {
  import type { ChatContext } from 'parley-src/services/chat/context.ts';
  import type { BuiltAmm } from 'parley-src/services/chat/messages-out.ts';
  import type { Batch } from 'parley-src/services/chat/store.ts';
  export class Sender {
    constructor(ctx: ChatContext, publish: (contentTopic: string, payload: Uint8Array) => Promise<void>);
    appendReliable(peerHex: string, amm: BuiltAmm, batch: Batch): string;
    tick(): Promise<void>;
  }
}
