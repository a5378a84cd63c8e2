/**
 * The receive path of one Waku message (status-protocol.md §2.3): dedup by hash, L1 open with the
 * subscription's key, L3 decrypt, L4 MVDS (ACK scheduling, delivered marks), L5 AMM, L6 apply, and
 * one transactional commit. A failure at any layer drops only that message, with a counted reason.
 */
import { bytesToHex } from '$lib/shared/bytes.ts';
import { createLogger } from '$lib/shared/log.ts';
import {
  classifyApplicationBytes,
  AmmType,
  classifyTransportBytes,
  envelopeTimeMs,
  openAsymmetric,
  openSymmetric,
  parseAmm,
  receivePayload,
  type ParsedAmm,
} from '../../protocol/index.ts';
import type { PlainWakuMessage } from '../../transport/waku-node.ts';
import type { ChatContext, MvdsRecord } from './context.ts';
import { applyAmm, type Applied, type ApplyContext, type Rejection } from './messages-in.ts';
import { holdAction, takeActions } from './held-actions.ts';
import { SegmentBuffer, type SegmentDrop } from './segments-in.ts';
import { Batch } from './store.ts';
import { decryptFromPeer, type InboundError } from './wire.ts';

const log = createLogger('chat-in');
/** Receive commits may join a catch-up's batch (one IndexedDB transaction per many messages). */
const DEFERRABLE = { deferrable: true } as const;

export type TopicKey = { readonly kind: 'asymmetric' } | { readonly kind: 'symmetric'; readonly key: Uint8Array };

export type DropReason =
  | 'duplicate_hash' | 'unknown_topic' | 'envelope' | 'own_echo' | 'segmented' | InboundError | Rejection | 'amm'
  /** A held edit/delete/reaction/pin whose original never came (expired) or that the bounds pushed out. */
  | 'held_expired' | 'held_evicted' | SegmentDrop;

export interface Received {
  /** pkhex of the transport signer. */
  readonly from: string;
  readonly applied: Applied[];
  /** Peers (pkhex) we now owe an ACK or a ContactUpdate. */
  readonly peersToAnswer: string[];
  readonly delivered: string[];
  readonly contactUpdates: string[];
  /** They addressed no installation of ours: answer with our bundle (§4.7). */
  readonly needsBundle?: boolean;
}

interface Held {
  readonly msg: PlainWakuMessage;
  readonly key: TopicKey;
  readonly from: string;
  /** The reassembled payload, when `msg` was the last segment of a segmented message. */
  readonly assembled?: Uint8Array;
}

/** Bounded memory of processed Waku hashes (§6.5: at least the store-sync window). */
const SEEN_MAX = 20_000;
/** Messages that could not be decrypted yet (their session starts in a message still on its way). */
const HELD_MAX = 200;

const emptyReceived = (from: string): Received & { applied: Applied[]; peersToAnswer: string[]; delivered: string[]; contactUpdates: string[] } =>
  ({ from, applied: [], peersToAnswer: [], delivered: [], contactUpdates: [] });

export class Receiver {
  readonly #ctx: ChatContext;
  readonly #seen = new Set<string>();
  #held: Held[] = [];
  /** Held messages that decrypted on a later try. */
  recovered = 0;
  /** Edits/deletes/reactions/pins kept for a later original, and those applied once it came. */
  heldActions = 0;
  releasedActions = 0;
  readonly drops: Partial<Record<DropReason, number>> = {};
  /** §2.3 step 3: segments waiting for the rest of their message. */
  readonly segments = new SegmentBuffer();
  /** Segments kept for later, and messages reassembled from them. */
  segmentsHeld = 0;
  reassembled = 0;

  constructor(ctx: ChatContext) {
    this.#ctx = ctx;
    this.segments.onDrop = (reason) => this.#drop(reason);
  }

  #drop(reason: DropReason): null {
    this.drops[reason] = (this.drops[reason] ?? 0) + 1;
    log.debug(`dropped a message: ${reason}`);
    return null;
  }

  #remember(hash: string): void {
    this.#seen.add(hash);
    if (this.#seen.size > SEEN_MAX) this.#seen.delete(this.#seen.values().next().value!);
  }

  /** Never throws: bad input is counted and dropped, and the vault stays as it was. */
  async receive(msg: PlainWakuMessage, key: TopicKey | undefined): Promise<Received | null> {
    if (this.#seen.has(msg.hash)) return this.#drop('duplicate_hash');
    this.#remember(msg.hash);
    if (!key) return this.#drop('unknown_topic');
    try {
      return await this.#ctx.serial(async () => {
        const r = await this.#process(msg, key);
        return r && r.applied.length + r.delivered.length > 0 ? this.#retryHeld(r) : r;
      });
    } catch (e) {
      this.#ctx.discard();
      log.warn(`a message failed to apply: ${String(e)}`);
      return this.#drop('amm');
    }
  }

  async #process(msg: PlainWakuMessage, key: TopicKey, assembled?: Uint8Array): Promise<Received | null> {
    const ctx = this.#ctx;
    const opened = key.kind === 'asymmetric' ? openAsymmetric(msg.payload, ctx.me.privateKey) : openSymmetric(msg.payload, key.key);
    if (!opened.ok) return this.#drop('envelope');
    const signerHex = `0x${bytesToHex(opened.value.signer)}`;
    if (signerHex === ctx.self) return this.#drop('own_echo');
    let layer = classifyTransportBytes(assembled ?? opened.value.data);
    if (layer.kind === 'segment') {
      const r = this.segments.add(layer.segment, opened.value.signer, Date.now());
      if (r.kind === 'dropped') return this.#drop(r.reason);
      if (r.kind === 'pending') return (this.segmentsHeld++, null);
      this.reassembled++;
      assembled = r.bytes;
      layer = classifyTransportBytes(assembled);
      if (layer.kind === 'segment') return this.#drop('segmented'); // a segment inside a segmented message
    }
    const batch = new Batch();
    let plaintext = layer.kind === 'raw' ? layer.bytes : null;
    if (layer.kind === 'protocol-message') {
      const peer = await ctx.peer(signerHex, opened.value.signer);
      const decrypted = decryptFromPeer(ctx.me, peer, layer.message, ctx.random);
      ctx.stagePeer(batch, signerHex, decrypted.ok ? decrypted.value.peer : decrypted.peer);
      if (!decrypted.ok) {
        await ctx.commit(batch, DEFERRABLE); // bundles learned from an undecryptable message are still worth keeping
        if (decrypted.error === 'DECRYPT_FAILED') this.#hold({ msg, key, from: signerHex, ...(assembled ? { assembled } : {}) });
        this.#drop(decrypted.error);
        return decrypted.error === 'NOT_FOR_US' ? { ...emptyReceived(signerHex), needsBundle: true } : null;
      }
      plaintext = decrypted.value.plaintext;
      // An empty plaintext is a bundle advertisement: nothing to apply (§4.7).
      if (plaintext.length === 0) {
        await ctx.commit(batch, DEFERRABLE);
        return emptyReceived(signerHex);
      }
    }
    const envelopeMs = envelopeTimeMs(BigInt(msg.timestamp) * 1_000_000n);
    const result = await this.#application(plaintext!, opened.value.signer, signerHex, envelopeMs, batch);
    await ctx.commit(batch, DEFERRABLE);
    return result;
  }

  #hold(h: Held): void {
    this.#held.push(h);
    if (this.#held.length > HELD_MAX) this.#held.shift();
  }

  /** After a message from a peer went through, tries their held messages again (never silently lost). */
  async #retryHeld(r: Received): Promise<Received> {
    const mine = this.#held.filter((h) => h.from === r.from);
    if (mine.length === 0) return r;
    this.#held = this.#held.filter((h) => h.from !== r.from);
    let merged = r;
    for (const h of mine) {
      const again = await this.#process(h.msg, h.key, h.assembled);
      if (again) {
        this.recovered++;
        merged = { ...merged, applied: [...merged.applied, ...again.applied], delivered: [...merged.delivered, ...again.delivered], peersToAnswer: [...merged.peersToAnswer, ...again.peersToAnswer], contactUpdates: [...merged.contactUpdates, ...again.contactUpdates] };
      }
    }
    return merged;
  }

  /** Keeps an action for a message we do not have yet, in the same commit as the rest. */
  #holdAction(target: string, amm: ParsedAmm, envelopeMs: bigint, batch: Batch): void {
    const ctx = this.#ctx;
    const change = holdAction(ctx.currentHeld, { target, amm, envelopeMs, heldAt: Date.now() }, Date.now());
    ctx.stageHeld(batch, change.record);
    this.heldActions++;
    for (let i = 0; i < change.expired; i++) this.#drop('held_expired');
    for (let i = 0; i < change.evicted; i++) this.#drop('held_evicted');
  }

  /** The original `messageId` just arrived: applies what was held for it, with the usual rules. */
  async #release(messageId: string, apply: ApplyContext, out: Received & { applied: Applied[] }): Promise<void> {
    const ctx = this.#ctx;
    const { record, taken } = takeActions(ctx.currentHeld, messageId);
    if (taken.length === 0) return;
    ctx.stageHeld(apply.batch, record);
    const at = out.applied.length - 1;
    for (const h of taken) {
      const again = await applyAmm({ ...apply, envelopeMs: h.envelopeMs }, h.amm);
      if (!again.ok) {
        this.#drop(again.reason);
        continue;
      }
      this.releasedActions++;
      // The original's entry shows its final state (an original deleted on arrival never notifies as new).
      const first = out.applied[at]!;
      out.applied[at] = { ...first, ...(again.value.message ? { message: again.value.message } : {}) };
    }
  }

  async #markDelivered(messageIds: readonly string[], batch: Batch): Promise<void> {
    for (const id of messageIds) {
      const m = await this.#ctx.store.message(id);
      if (m && m.delivery !== 'delivered') batch.message({ ...m, delivery: 'delivered' });
    }
  }

  async #application(bytes: Uint8Array, signer: Uint8Array, signerHex: string, envelopeMs: bigint, batch: Batch): Promise<Received> {
    const ctx = this.#ctx;
    const out = emptyReceived(signerHex);
    const app = classifyApplicationBytes(bytes);
    let bodies = [bytes];
    if (app.kind === 'mvds') {
      const r = receivePayload(ctx.mvds.state, { peer: signer, payload: app.payload });
      const carrying = { ...ctx.mvds.carrying };
      for (const id of r.delivered) {
        const messageId = carrying[bytesToHex(id)];
        if (messageId) out.delivered.push(messageId);
        delete carrying[bytesToHex(id)];
      }
      ctx.stageMvds(batch, { v: 1, state: r.state, carrying } satisfies MvdsRecord);
      await this.#markDelivered(out.delivered, batch);
      bodies = r.messages.map((m) => m.body);
      if (bodies.length > 0) out.peersToAnswer.push(signerHex);
    }
    for (const body of bodies) {
      const amm = parseAmm(body);
      if (!amm.ok) {
        this.#drop('amm');
        continue;
      }
      const apply: ApplyContext = { store: ctx.store, batch, self: ctx.self, envelopeMs, nowMs: Date.now() };
      const applied = await applyAmm(apply, amm.value);
      if (!applied.ok) {
        if (applied.holdFor) this.#holdAction(applied.holdFor, amm.value, envelopeMs, batch);
        else this.#drop(applied.reason);
        continue;
      }
      out.applied.push(applied.value);
      if (applied.value.sendContactUpdate) out.contactUpdates.push(applied.value.chatId);
      if (amm.value.type === AmmType.CHAT_MESSAGE && applied.value.message) await this.#release(applied.value.message.id, apply, out);
    }
    return out;
  }
}
