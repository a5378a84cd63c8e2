/**
 * The send path (status-protocol.md §2.2): reliable messages go through MVDS (appended, then
 * batched each 300 ms epoch with pending ACKs and resent on Status's schedule, §7.3); others are
 * encrypted at once. Each payload is encrypted for the peer (wire.ts) and handed to `publish`.
 */
import { bytesToHex, hexToBytes } from '$lib/shared/bytes.ts';
import { create } from '@bufbuild/protobuf';
import {
  AmmType,
  appendMessage,
  buildAmm,
  buildProtocolMessage,
  encodeProto,
  mvdsGroupId,
  mvdsPeerId,
  sealSymmetric,
  sendNew,
  tick,
  type BuiltAmm,
} from '../../protocol/index.ts';
import { ContactCodeAdvertisementSchema } from '../../protocol/generated/push_notifications_pb.ts';
import { ownBundle } from './device.ts';
import { contactCodeTopic } from './topics.ts';
import type { ChatContext, MvdsRecord } from './context.ts';
import type { PublishOptions } from './outbox.ts';
import type { MessageRecord } from './records.ts';
import { Batch } from './store.ts';
import { encryptSegmentsForPeer } from './wire.ts';

/**
 * `ephemeral`: an ACK-only payload; MVDS makes the peer resend and us ACK again if it is lost.
 * `messageIds`: our messages the payload carries that still show "sending" (see Outbox).
 */
export type Publish = (contentTopic: string, payload: Uint8Array, opts?: PublishOptions) => Promise<void>;

export class Sender {
  readonly #ctx: ChatContext;
  readonly #publish: Publish;
  /** Told that a reliable message was staged: the engine sends it without waiting for the epoch. */
  onAppended: () => void = () => undefined;
  /** Told which of our messages a node accepted for the first time ("sent"), after the commit. */
  onSent: (messageIds: readonly string[]) => void = () => undefined;

  constructor(ctx: ChatContext, publish: Publish) {
    this.#ctx = ctx;
    this.#publish = publish;
  }

  /** Stages an AMM for reliable delivery to `peerHex`; it leaves with the next epoch. */
  appendReliable(peerHex: string, amm: BuiltAmm, batch: Batch): string {
    const ctx = this.#ctx;
    const peer = hexToBytes(peerHex);
    const groupId = mvdsGroupId(ctx.me.publicKey, peer);
    const appended = appendMessage(ctx.mvds.state, { peer: mvdsPeerId(peer), groupId, body: amm.bytes, nowMs: Date.now() });
    const mvdsId = bytesToHex(appended.id);
    ctx.stageMvds(batch, { v: 1, state: appended.state, carrying: { ...ctx.mvds.carrying, [mvdsId]: amm.messageId } });
    this.onAppended();
    return mvdsId;
  }

  /** Encrypts and publishes bytes (an AMM or an MVDS payload) for one peer now. */
  async sendNow(peerHex: string, plaintext: Uint8Array, batch: Batch, opts: PublishOptions = {}): Promise<void> {
    const ctx = this.#ctx;
    const peer = await ctx.peer(peerHex, hexToBytes(peerHex));
    // §7.6: a ProtocolMessage above 786 432 bytes leaves as several segments (one envelope each).
    const out = encryptSegmentsForPeer(ctx.me, peer, plaintext, ctx.random, Date.now());
    ctx.stagePeer(batch, peerHex, out.peer);
    // The ratchet advanced: commit before the bytes leave, so a crash cannot reuse a message key.
    await ctx.commit(batch);
    // Segments: the message counts as sent when the last one is accepted.
    const last = out.outbound.length - 1;
    for (const [i, o] of out.outbound.entries()) {
      await this.#publish(o.contentTopic, o.payload, i === last ? opts : { ...(opts.ephemeral ? { ephemeral: true } : {}) });
    }
  }

  /**
   * Publishes our contact code (§6.9): our bundle on our contact-code topic, so that people who
   * add us can start an X3DH session instead of a DH-only first message.
   */
  async advertise(): Promise<void> {
    const ctx = this.#ctx;
    const key = ctx.profile.keys.chatKey;
    const payload = encodeProto(ContactCodeAdvertisementSchema, create(ContactCodeAdvertisementSchema, {}));
    const amm = buildAmm({ type: AmmType.CONTACT_CODE_ADVERTISEMENT, payload, privateKey: key.privateKey, authorPublicKey: key.uncompressedPublicKey });
    const data = buildProtocolMessage({ installationId: ctx.me.device.installationId, bundles: [ownBundle(ctx.me.device, ctx.me, Date.now())], publicMessage: amm.bytes });
    const code = contactCodeTopic(key.uncompressedPublicKey);
    await this.#publish(code.contentTopic, sealSymmetric({ data, signingKey: ctx.me.privateKey, key: code.key, random: ctx.random }));
  }

  /**
   * One MVDS epoch: batches due messages and ACKs per peer; the outbox reports when a node accepts
   * them. `early`: only what was appended and never sent, at once, without advancing the epoch.
   */
  async tick(early = false): Promise<void> {
    const ctx = this.#ctx;
    const stepped = (early ? sendNew : tick)(ctx.mvds.state, ctx.random);
    if (stepped.outbox.length === 0) {
      ctx.mvds = { ...ctx.mvds, state: stepped.state };
      return;
    }
    for (const out of stepped.outbox) {
      const batch = new Batch();
      ctx.stageMvds(batch, { ...ctx.mvds, state: stepped.state } satisfies MvdsRecord);
      const messageIds = await this.#stillSending(out.messageIds.map(bytesToHex));
      // A payload that carries no message of ours is only ACKs: not kept in the vault's outbox.
      await this.sendNow(`0x${bytesToHex(out.peer)}`, out.payload, batch, { ephemeral: out.messageIds.length === 0, messageIds });
    }
  }

  /** Our messages behind these MVDS ids that no node has accepted yet. */
  async #stillSending(mvdsIds: readonly string[]): Promise<string[]> {
    const ids = mvdsIds.flatMap((mvdsId) => this.#ctx.mvds.carrying[mvdsId] ?? []);
    return (await this.#sending(ids)).map((m) => m.id);
  }

  /** The records of these messages that still show "sending". */
  async #sending(messageIds: Iterable<string>): Promise<MessageRecord[]> {
    const out: MessageRecord[] = [];
    for (const id of messageIds) {
      const m = await this.#ctx.store.message(id);
      if (m?.delivery === 'sending') out.push(m);
    }
    return out;
  }

  /** A node accepted envelopes carrying these messages: "sending" becomes "sent" (never undoes "delivered"). */
  async markPushed(messageIds: readonly string[]): Promise<void> {
    const sending = await this.#sending(new Set(messageIds));
    if (sending.length === 0) return;
    const batch = new Batch();
    for (const m of sending) batch.message({ ...m, delivery: 'sent' });
    await this.#ctx.commit(batch);
    this.onSent(sending.map((m) => m.id));
  }
}
