/**
 * The in-memory state of the chat engine for the open profile, shared by its receiving and sending
 * halves: who we are, what we know of peers, the MVDS state, and the vault store. Work on it is
 * serialised, so one message is processed (and committed) at a time.
 */
import { bytesToHex } from '$lib/shared/bytes.ts';
import { emptyMvdsState, type MvdsState, type RandomSource } from '../../protocol/index.ts';
import { randomBytes } from '../../crypto/random.ts';
import type { EventHub } from '../../events.ts';
import type { OpenProfile } from '../session.ts';
import { DEVICE_RECORD_ID, isDeviceRecord, newDevice, rotateIfStale, type DeviceRecord } from './device.ts';
import { emptyPeer, isPeerCrypto, peerRecordId, type PeerCrypto } from './peers.ts';
import { Batch, ChatStore } from './store.ts';
import { HELD_RECORD_ID, emptyHeld, isHeldRecord, type HeldRecord } from './held-actions.ts';
import type { Me } from './wire.ts';

export const MVDS_RECORD_ID = 'mvds';

export interface MvdsRecord {
  readonly v: 1;
  readonly state: MvdsState;
  /** hex(MVDS id) → application message id, for "delivered" marks. */
  readonly carrying: Readonly<Record<string, string>>;
}

function isMvdsRecord(v: unknown): v is MvdsRecord {
  return typeof v === 'object' && v !== null && (v as { v?: unknown }).v === 1 && typeof (v as { state?: unknown }).state === 'object';
}

export class ChatContext {
  readonly store: ChatStore;
  readonly events: EventHub;
  readonly random: RandomSource = randomBytes;
  readonly self: string;
  readonly profile: OpenProfile;
  me: Me;
  mvds: MvdsRecord = { v: 1, state: emptyMvdsState(), carrying: {} };
  /** Edits/deletes/reactions/pins waiting for their original (held-actions.ts). */
  held: HeldRecord = emptyHeld();
  readonly #peers = new Map<string, PeerCrypto>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(profile: OpenProfile, events: EventHub, device: DeviceRecord) {
    this.profile = profile;
    this.events = events;
    this.store = new ChatStore(profile.vault);
    const key = profile.keys.chatKey;
    this.me = { privateKey: key.privateKey, publicKey: key.publicKey, device };
    this.self = `0x${bytesToHex(key.uncompressedPublicKey)}`;
  }

  static async load(profile: OpenProfile, events: EventHub, now: number): Promise<ChatContext> {
    const store = new ChatStore(profile.vault);
    const stored = await store.value('sessions', DEVICE_RECORD_ID, isDeviceRecord);
    const device = rotateIfStale(stored ?? newDevice(randomBytes, now), randomBytes, now);
    const ctx = new ChatContext(profile, events, device);
    // A failed (batched) write: peers, MVDS and held state in memory may be ahead of the vault.
    ctx.store.onLostWrites = () => {
      ctx.#peers.clear();
      void ctx.serial(async () => {
        ctx.mvds = (await ctx.store.value('sessions', MVDS_RECORD_ID, isMvdsRecord)) ?? { v: 1, state: emptyMvdsState(), carrying: {} };
        ctx.held = (await ctx.store.value('sessions', HELD_RECORD_ID, isHeldRecord)) ?? emptyHeld();
      });
    };
    if (device !== stored) await ctx.store.commit(new Batch().put('sessions', DEVICE_RECORD_ID, device));
    ctx.mvds = (await store.value('sessions', MVDS_RECORD_ID, isMvdsRecord)) ?? ctx.mvds;
    ctx.held = (await store.value('sessions', HELD_RECORD_ID, isHeldRecord)) ?? ctx.held;
    return ctx;
  }

  /** Runs `work` after all earlier work finished; errors reach the caller, not the queue. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async peer(pkHex: string, identity: Uint8Array): Promise<PeerCrypto> {
    let p = this.#peers.get(pkHex);
    if (!p) {
      p = (await this.store.value('sessions', peerRecordId(pkHex), isPeerCrypto)) ?? emptyPeer(identity);
      this.#peers.set(pkHex, p);
    }
    return p;
  }

  /** Stages a peer record; it becomes current once `commit` lands. */
  stagePeer(batch: Batch, pkHex: string, peer: PeerCrypto): void {
    batch.put('sessions', peerRecordId(pkHex), peer);
    this.#staged.set(pkHex, peer);
  }

  readonly #staged = new Map<string, PeerCrypto>();

  stageMvds(batch: Batch, record: MvdsRecord): void {
    batch.put('sessions', MVDS_RECORD_ID, record);
    this.#stagedMvds = record;
  }

  #stagedMvds: MvdsRecord | null = null;

  /** The held actions as staged in the current step (or as committed). */
  get currentHeld(): HeldRecord {
    return this.#stagedHeld ?? this.held;
  }

  stageHeld(batch: Batch, record: HeldRecord): void {
    batch.put('sessions', HELD_RECORD_ID, record);
    this.#stagedHeld = record;
  }

  #stagedHeld: HeldRecord | null = null;

  /** `deferrable`: may join the store's pending batch during a catch-up (ChatStore.deferring). */
  async commit(batch: Batch, opts: { deferrable?: boolean } = {}): Promise<void> {
    try {
      await this.store.commit(batch, opts);
      for (const [k, p] of this.#staged) this.#peers.set(k, p);
      if (this.#stagedMvds) this.mvds = this.#stagedMvds;
      if (this.#stagedHeld) this.held = this.#stagedHeld;
    } finally {
      this.#staged.clear();
      this.#stagedMvds = null;
      this.#stagedHeld = null;
    }
  }

  /** Forgets staged changes after a failed step, so memory matches the vault. */
  discard(): void {
    this.#staged.clear();
    this.#stagedMvds = null;
    this.#stagedHeld = null;
  }
}
