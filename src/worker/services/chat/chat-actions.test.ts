/**
 * Pin / unpin and delete-for-me through the real ChatService, ChatEngine and ChatActions over an
 * in-memory vault. Without a Waku node (the network service here is a stand-in that never
 * attaches a transport), so Bob's MVDS epoch is run by hand and its payload handed to Alice's
 * real Receiver: a pin travels as a reliable PinMessage; delete-for-me sends nothing.
 */
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../events.ts';
import type { WorkerEvent } from '$lib/shared/events.ts';
import type { NetworkService } from '../network.ts';
import type { NotificationService } from '../notifications.ts';
import { ChatActions } from './chat-actions.ts';
import { ChatService } from './chat-service.ts';
import { ChatContext } from './context.ts';
import { NO_CONTACT } from './contact-state.ts';
import { chatMessageAmm } from './messages-out.ts';
import { Receiver } from './receiver.ts';
import type { MessageRecord } from './records.ts';
import { Sender } from './sender.ts';
import { Batch } from './store.ts';
import { authorOf, PHRASES, profile, wire } from './test-harness.ts';
import { topicsFor } from './topics.ts';
import type { PlainWakuMessage } from '../../transport/waku-node.ts';

/** No Waku node in a unit test: the engine is never attached to a transport. */
const noNetwork = { addClient: () => Promise.resolve(), removeClient: () => undefined } as unknown as NetworkService;
const noNotifications = { notifyIncoming: () => Promise.resolve({}) } as unknown as NotificationService;

async function setup() {
  const a = profile(PHRASES[0]!, 'alice');
  const b = profile(PHRASES[1]!, 'bob');
  const alice = await ChatContext.load(a.open, new EventHub(), Date.now());
  const events = new EventHub();
  const seen: WorkerEvent[] = [];
  events.add((e) => void seen.push(e));
  const service = new ChatService(events, noNetwork, noNotifications);
  service.profileChanged(b.open);
  const engine = (await service.ready())!;
  const actions = new ChatActions(service, () => 'Bob Builder');
  const bob = engine.ctx;
  // Alice's message reaches Bob; Alice keeps her own copy, as her engine would.
  const now = Date.now();
  const amm = chatMessageAmm(authorOf(alice), { clock: BigInt(now), timestamp: now, text: 'from alice', chatId: bob.self, kind: 'text', responseTo: '', displayName: '', contact: NO_CONTACT });
  const own: MessageRecord = { v: 1, id: amm.messageId, chatId: bob.self, author: alice.self, clock: BigInt(now), timestamp: now, text: 'from alice', kind: 'text', responseTo: '', editClock: 0n, deleted: false, pinned: false, pinClock: 0n, reactions: {}, mvdsIds: [] };
  await alice.commit(new Batch().message(own));
  expect((await engine.receiver.receive(await wire(alice, bob)(amm), { kind: 'asymmetric' }))?.applied).toHaveLength(1);
  /** Runs Bob's MVDS epoch and returns what it would publish. */
  const epoch = async (): Promise<PlainWakuMessage[]> => {
    const out: PlainWakuMessage[] = [];
    const sender = new Sender(bob, (contentTopic, payload) => (out.push({ hash: `bob-${out.length}-${Date.now()}`, contentTopic, pubsubTopic: '/waku/2/rs/16/32', payload, timestamp: Date.now() }), Promise.resolve()));
    await bob.serial(() => sender.tick());
    return out;
  };
  return { alice, bob, engine, service, actions, seen, id: amm.messageId, chatId: alice.self, epoch, bobDb: b.db };
}

describe('pins through the chat actions', () => {
  it('Bob pins Alice\'s message: marked at once, sent reliably, and Alice sees it pinned by Bob; then unpins', async () => {
    const s = await setup();
    const pinned = await s.actions.pin(s.chatId, s.id, true);
    expect(pinned.ok && pinned.value.pinned && pinned.value.pinnedByMe).toBe(true);
    const sent = await s.epoch();
    expect(sent).toHaveLength(1);
    const aliceRx = new Receiver(s.alice);
    const got = await aliceRx.receive(sent[0]!, { kind: 'asymmetric' });
    expect(got?.applied[0]?.message?.pinned).toBe(true);
    expect((await s.alice.store.message(s.id))?.pinnedBy).toBe(s.bob.self);

    const unpinned = await s.actions.pin(s.chatId, s.id, false);
    expect(unpinned.ok && unpinned.value.pinned).toBe(false);
    const [again] = await s.epoch();
    await aliceRx.receive(again!, { kind: 'asymmetric' });
    expect((await s.alice.store.message(s.id))?.pinned).toBe(false);
    expect(s.seen.some((e) => e.type === 'message' && e.message.id === s.id && e.message.pinned)).toBe(true);
  });

  it('refuses unknown messages with chat/unknown_message and changes nothing', async () => {
    const s = await setup();
    const before = s.bobDb.snapshot();
    const r = await s.actions.pin(s.chatId, '0x' + '00'.repeat(32), true);
    expect(r).toEqual({ ok: false, error: { code: 'chat/unknown_message' } });
    expect(s.bobDb.snapshot()).toBe(before);
    expect(await s.epoch()).toEqual([]);
  });
});

describe('delete for me', () => {
  it('hides any message on this device only: gone from the list, persisted, nothing sent', async () => {
    const s = await setup();
    const r = await s.actions.hideForMe(s.chatId, s.id);
    expect(r.ok && r.value.hidden).toBe(true);
    const list = await s.service.messages(s.chatId);
    expect(list.ok && list.value.map((m) => m.id)).toEqual([]);
    expect((await s.bob.store.message(s.id))?.hidden).toBe(true);
    expect((await s.bob.store.message(s.id))?.deleted).toBe(false);
    expect(await s.epoch()).toEqual([]);
    expect(s.seen.some((e) => e.type === 'message' && e.message.id === s.id && e.message.hidden === true)).toBe(true);
    const chat = (await s.service.listChats());
    expect(chat.ok && chat.value[0]?.lastMessage?.text).toBe('');
  });

  it('is distinct from delete for everyone: only the author may do that', async () => {
    const s = await setup();
    expect(await s.actions.remove(s.chatId, s.id)).toEqual({ ok: false, error: { code: 'chat/not_author' } });
    expect((await s.actions.hideForMe(s.chatId, 'nope')).ok).toBe(false);
  });
});

describe('delivery marks', () => {
  it('a message stays "sending" until a node accepts its envelope, then "sent"; a late acceptance never undoes "delivered"', async () => {
    const s = await setup();
    const r = await s.actions.send(s.chatId, 'from bob', '');
    if (!r.ok) throw new Error(r.error.code);
    const id = r.value.id;
    expect(r.value.delivery).toBe('sending');
    // Bob's epoch encrypts it into the outbox; no node is attached here, so none has accepted it.
    await s.bob.serial(() => s.engine.sender.tick());
    const queued = s.engine.outbox.pending.filter((e) => e.messageIds?.includes(id));
    expect(queued).toHaveLength(1);
    expect((await s.bob.store.message(id))?.delivery).toBe('sending');
    expect(s.seen.some((e) => e.type === 'message' && e.message.id === id && e.message.delivery === 'sent')).toBe(false);

    // A node accepts the envelope: the outbox reports it (outbox.devnode.test.ts shows that with a real devnode).
    s.engine.outbox.onPushed(queued[0]!.messageIds!);
    await s.bob.serial(() => Promise.resolve());
    expect((await s.bob.store.message(id))?.delivery).toBe('sent');
    await expect.poll(() => s.seen.some((e) => e.type === 'message' && e.message.id === id && e.message.delivery === 'sent')).toBe(true);

    // Alice receives it and ACKs; Bob marks it delivered.
    const entry = queued[0]!;
    const envelope: PlainWakuMessage = { hash: 'bob-text', contentTopic: entry.contentTopic, pubsubTopic: '/waku/2/rs/16/32', payload: entry.payload, timestamp: entry.timestamp };
    expect((await new Receiver(s.alice).receive(envelope, { kind: 'asymmetric' }))?.applied.map((a) => a.message?.text)).toEqual(['from bob']);
    const acks: PlainWakuMessage[] = [];
    const aliceSender = new Sender(s.alice, (contentTopic, payload) => (acks.push({ hash: `ack-${acks.length}`, contentTopic, pubsubTopic: '/waku/2/rs/16/32', payload, timestamp: Date.now() }), Promise.resolve()));
    await s.alice.serial(() => aliceSender.tick());
    expect(acks).toHaveLength(1);
    // Opened with the key Bob's engine uses for the topic it came on (the negotiated topic by now).
    const bobTopics = await topicsFor(s.bob.me, s.bob.profile.keys.chatKey.uncompressedPublicKey, [s.alice.self]);
    expect((await s.engine.receiver.receive(acks[0]!, bobTopics.get(acks[0]!.contentTopic)))?.delivered).toEqual([id]);
    expect((await s.bob.store.message(id))?.delivery).toBe('delivered');

    // A confirmation that comes late (a resend accepted after the ACK) changes nothing.
    s.engine.outbox.onPushed([id]);
    await s.bob.serial(() => Promise.resolve());
    expect((await s.bob.store.message(id))?.delivery).toBe('delivered');
  });
});
