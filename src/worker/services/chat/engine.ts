/**
 * The chat engine of the open profile: a transport client that keeps the filter subscriptions of
 * §5.4, feeds every received message to the Receiver, runs the MVDS epochs, publishes through the
 * outbox, and catches up from store (§10.2). Created on unlock, closed on lock.
 */
import type { IDecodedMessage, IDecoder } from '@waku/sdk';
import type { FoundEnvelope } from '$lib/shared/background-check.ts';
import { createLogger } from '$lib/shared/log.ts';
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import { EPOCH_MS } from '../../protocol/index.ts';
import type { TransportClient } from '../../transport/client.ts';
import { toPlainMessage, type PlainWakuMessage, type WakuTransport } from '../../transport/waku-node.ts';
import type { EventHub } from '../../events.ts';
import type { OpenProfile } from '../session.ts';
import { ChatContext } from './context.ts';
import { Outbox } from './outbox.ts';
import { Receiver, type Received } from './receiver.ts';
import { Sender } from './sender.ts';
import { StoreSync } from './store-sync.ts';
import { chatTopics, contactCodeContentTopic, messageTopics, topicsFor, type TopicMap } from './topics.ts';
import { clearTopicKeys, derivedCount, knownTopicKeys, loadTopicKeys } from './topic-keys.ts';
import { Batch } from './store.ts';

const TOPIC_KEYS_ID = 'topic-keys';

const log = createLogger('chat');
/** §6.9: status-go republishes the contact code every 6 hours. */
const ADVERTISE_EVERY_MS = 6 * 3600 * 1000;
/** How far back a targeted contact-code look-up goes, and how long it may take. */
const CONTACT_CODE_LOOKBACK_MS = 30 * 24 * 3600 * 1000;
const CONTACT_CODE_TIMEOUT_MS = 5_000;
/** Filter subscribe requests carry at most this many content topics. */
const TOPICS_PER_SUBSCRIPTION = 20;

export class ChatEngine implements TransportClient {
  readonly name = 'chat';
  readonly ctx: ChatContext;
  readonly receiver: Receiver;
  readonly sender: Sender;
  readonly outbox: Outbox;
  readonly sync: StoreSync;
  #transport: WakuTransport | null = null;
  #topics: TopicMap = new Map();
  #subscribed = new Set<string>();
  /** One decoder per topic, so a re-subscribe replaces the SDK's callback instead of adding one. */
  #decoders = new Map<string, IDecoder<IDecodedMessage>>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #earlySend = false;
  #advertisedAt = 0;
  /** The chat ids the topic set was last computed for (recomputing costs one ECDH per chat). */
  #topicsFor = '';
  #messageTopics: readonly string[] = [];
  #persistedKeys = -1;
  #topicsRequest = 0;
  /** Called with what each received message changed (the chat service turns it into events). */
  onReceived: (r: Received) => void = () => undefined;
  /** Told of every envelope that reached us (filter or store), before it is processed. */
  onEnvelope: (msg: FoundEnvelope) => void = () => undefined;

  private constructor(ctx: ChatContext) {
    this.ctx = ctx;
    this.receiver = new Receiver(ctx);
    this.outbox = new Outbox(ctx);
    this.sender = new Sender(ctx, (topic, payload, opts) => this.outbox.publish(topic, payload, opts));
    this.sender.onAppended = () => this.#sendSoon();
    // Our own envelopes on our message topics count as seen for the background check.
    this.outbox.onPublished = (e) => {
      if (this.#messageTopics.includes(e.contentTopic)) this.onEnvelope(e);
    };
    this.outbox.onPushed = (ids) =>
      void ctx.serial(() => this.sender.markPushed(ids)).catch((e: unknown) => log.warn(`marking sent failed: ${String(e)}`));
    this.sync = new StoreSync(ctx, (msg) => this.#onMessage(msg), (chatId) => this.chatTopics(chatId));
  }

  static async open(profile: OpenProfile, events: EventHub): Promise<ChatEngine> {
    const engine = new ChatEngine(await ChatContext.load(profile, events, Date.now()));
    clearTopicKeys();
    const stored = await profile.vault.get('sessions', TOPIC_KEYS_ID);
    if (stored.ok) loadTopicKeys(stored.value);
    await engine.outbox.load();
    await engine.sync.load();
    await engine.refreshTopics();
    engine.#timer = setInterval(() => void engine.#epoch(), EPOCH_MS);
    return engine;
  }

  close(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.detach();
    this.outbox.stop();
  }

  /**
   * A reliable message was just staged (by a task on the serial queue, which commits it): send it
   * right after that commit instead of at the next 300 ms epoch. One early send per burst.
   */
  #sendSoon(): void {
    if (this.#timer === null || this.#earlySend) return;
    this.#earlySend = true;
    setTimeout(() => {
      this.#earlySend = false;
      if (this.#timer === null) return;
      void this.ctx.serial(() => this.sender.tick(true)).catch((e: unknown) => log.warn(`early send failed: ${String(e)}`));
    }, 0);
  }

  async #epoch(): Promise<void> {
    await this.ctx.serial(() => this.sender.tick()).catch((e: unknown) => log.warn(`epoch failed: ${String(e)}`));
    if (this.#transport && Date.now() - this.#advertisedAt > ADVERTISE_EVERY_MS) {
      this.#advertisedAt = Date.now();
      await this.sender.advertise().catch((e: unknown) => log.warn(`contact code: ${String(e)}`));
    }
  }

  /**
   * A targeted store look-up of a peer's contact code (§4.7: fetch the bundle before the first
   * message). Best effort: without it the first message goes DH-only.
   */
  async fetchContactCode(identity: Uint8Array): Promise<void> {
    const t = this.#transport;
    if (!t) return;
    const topic = contactCodeContentTopic(identity);
    const decoder = t.statusDecoder(topic, DEFAULT_SHARD);
    const search = (async () => {
      const options = { timeStart: new Date(Date.now() - CONTACT_CODE_LOOKBACK_MS), paginationForward: false, paginationLimit: 4 };
      for await (const page of t.node.store.queryGenerator([decoder], options)) {
        for (const pending of page) {
          const m = await pending;
          if (m) await this.#onMessage(toPlainMessage(m));
        }
        break; // the newest page holds the newest bundle
      }
    })();
    await Promise.race([search.catch(() => undefined), new Promise((r) => setTimeout(r, CONTACT_CODE_TIMEOUT_MS))]);
  }

  /** Recomputes the topic set from the chats; subscribes to new topics when a node is attached. */
  async refreshTopics(): Promise<void> {
    const chats = await this.ctx.store.chats();
    const ids = chats.filter((c) => !c.blocked).map((c) => c.id).sort();
    if (ids.join() === this.#topicsFor && this.#topics.size > 0) return;
    this.#topicsFor = ids.join();
    const identity = this.ctx.profile.keys.chatKey.uncompressedPublicKey;
    const before = this.#topics;
    const request = ++this.#topicsRequest;
    const topics = await topicsFor(this.ctx.me, identity, ids);
    // A later refresh started while the keys were derived: its set is the current one.
    if (request !== this.#topicsRequest) return;
    this.#topics = topics;
    this.#messageTopics = messageTopics(topics, identity, ids);
    this.sync.setTopics([...this.#topics.keys()]);
    // A new chat brings new topics: fetch their history (§10.2 runs for every new filter).
    if (this.#transport && before.size > 0 && [...this.#topics.keys()].some((t) => !before.has(t))) void this.sync.run();
    await this.#persistTopicKeys();
    await this.#subscribeMissing();
  }

  async #persistTopicKeys(): Promise<void> {
    if (derivedCount() === this.#persistedKeys) return;
    this.#persistedKeys = derivedCount();
    await this.ctx.store.commit(new Batch().put('sessions', TOPIC_KEYS_ID, knownTopicKeys())).catch((e: unknown) => log.warn(`topic keys: ${String(e)}`));
  }

  /** The partitioned and negotiated topics (where messages for us arrive). */
  get messageTopics(): readonly string[] {
    return this.#messageTopics;
  }

  /** Attached to a node and subscribed to every topic: what arrives now, we see. */
  get live(): boolean {
    return this.#transport !== null && this.#topics.size > 0 && [...this.#topics.keys()].every((t) => this.#subscribed.has(t));
  }

  async #onMessage(msg: PlainWakuMessage): Promise<Received | null> {
    this.onEnvelope(msg);
    const received = await this.receiver.receive(msg, this.#topics.get(msg.contentTopic));
    if (received) this.onReceived(received);
    return received ?? null;
  }

  readonly #chatTopics = new Map<string, readonly string[]>();

  /** The content topics a chat's messages arrive on (negotiated, and our partitioned topic). */
  chatTopics(chatId: string): readonly string[] {
    let topics = this.#chatTopics.get(chatId);
    if (!topics) {
      topics = chatTopics(this.ctx.me, this.ctx.profile.keys.chatKey.uncompressedPublicKey, chatId);
      this.#chatTopics.set(chatId, topics);
    }
    return topics;
  }

  async #subscribeMissing(): Promise<void> {
    const t = this.#transport;
    if (!t) return;
    const missing = [...this.#topics.keys()].filter((topic) => !this.#subscribed.has(topic));
    for (let i = 0; i < missing.length; i += TOPICS_PER_SUBSCRIPTION) {
      const chunk = missing.slice(i, i + TOPICS_PER_SUBSCRIPTION);
      const decoders = chunk.map((topic) => this.#decoder(t, topic));
      const ok = await t.node.filter.subscribe(decoders, (m) => void this.#onMessage(toPlainMessage(m)));
      if (ok) for (const topic of chunk) this.#subscribed.add(topic);
      else log.info('no filter peer yet; subscribing again when one connects');
    }
  }

  #decoder(t: WakuTransport, topic: string): IDecoder<IDecodedMessage> {
    let d = this.#decoders.get(topic);
    if (!d) this.#decoders.set(topic, (d = t.statusDecoder(topic, DEFAULT_SHARD)));
    return d;
  }

  async attach(transport: WakuTransport): Promise<void> {
    this.#transport = transport;
    this.#subscribed.clear();
    this.#decoders.clear();
    this.outbox.setTransport(transport);
    this.sync.setTransport(transport);
    await this.#subscribeMissing();
  }

  detach(): void {
    this.#transport = null;
    this.#decoders.clear();
    this.#subscribed.clear();
    this.outbox.setTransport(null);
    this.sync.setTransport(null);
  }

  /**
   * After a filter peer (re)appeared: the SDK's own renewal only fires on connection events, and
   * re-adding known topics sends nothing, so every topic is also renewed on the wire explicitly.
   */
  async resubscribe(): Promise<void> {
    this.#subscribed.clear();
    await this.#subscribeMissing();
    const t = this.#transport;
    const known = [...this.#decoders.keys()];
    if (t && known.length > 0) await t.renewFilter(this.#decoders.get(known[0]!)!.pubsubTopic, known).catch((e: unknown) => log.warn(`filter renewal: ${String(e)}`));
    void this.outbox.flush();
  }

  catchUp(): Promise<boolean> {
    return this.sync.run();
  }
}
