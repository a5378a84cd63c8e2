/**
 * Fuzz: thousands of mutated Waku payloads on our own topics. The receiver never throws, every
 * rejection is counted with a reason, and no chat or message appears or changes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventHub } from '../../events.ts';
import { Vault } from '../../vault/vault.ts';
import { MemoryProfileDb } from '../../vault/memory/memory-profile-db.ts';
import { newDataKey } from '../../vault/keyring.ts';
import { deriveIdentityKeys, parseMnemonic } from '../../identity/index.ts';
import { contentTopic, partitionedChatId, sealAsymmetric, tick, encodeMvdsPayload, type RandomSource } from '../../protocol/index.ts';
import { randomBytes } from '../../crypto/random.ts';
import type { OpenProfile } from '../session.ts';
import { newIdentityRecord } from '../identity-record.ts';
import { ChatContext } from './context.ts';
import { NO_CONTACT } from './contact-state.ts';
import { chatMessageAmm } from './messages-out.ts';
import { Receiver, type TopicKey } from './receiver.ts';
import { Sender } from './sender.ts';
import { Batch } from './store.ts';
import { newChat } from './records.ts';
import { encryptForPeer } from './wire.ts';
import { HELD_MAX } from './held-actions.ts';
import { MAX_SETS } from './segments-in.ts';
import { create } from '@bufbuild/protobuf';
import { encodeProto } from '../../protocol/index.ts';
import { SegmentMessageSchema } from '../../protocol/generated/segment_message_pb.ts';
import { bytesToHex } from '$lib/shared/bytes.ts';
import { deleteAmm, editAmm, pinAmm, reactionAmm } from './messages-out.ts';
import { authorOf, wire } from './test-harness.ts';
import type { MessageRecord } from './records.ts';

const PHRASES = [
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
  'legal winner thank year wave sausage worth useful legal winner thank yellow',
];

function profile(phrase: string, id: string): { open: OpenProfile; db: MemoryProfileDb } {
  const parsed = parseMnemonic(phrase);
  if (!parsed.ok) throw new Error('bad test phrase');
  const db = new MemoryProfileDb(id);
  const record = newIdentityRecord(phrase, true, 1);
  const open: OpenProfile = { entry: { id, createdAt: 1, lock: 'password' }, vault: new Vault(db, newDataKey()), record, keys: deriveIdentityKeys(parsed.value) };
  return { open, db };
}

async function pair() {
  const a = profile(PHRASES[0]!, 'alice');
  const b = profile(PHRASES[1]!, 'bob');
  const alice = await ChatContext.load(a.open, new EventHub(), Date.now());
  const bob = await ChatContext.load(b.open, new EventHub(), Date.now());
  return { alice, bob, bobDb: b.db };
}

/** One real contact request from Alice, as it would leave her outbox. */
async function realMessage(alice: ChatContext, bobHex: string): Promise<{ contentTopic: string; payload: Uint8Array }> {
  const sent: { contentTopic: string; payload: Uint8Array }[] = [];
  const sender = new Sender(alice, (contentTopic, payload) => {
    sent.push({ contentTopic, payload });
    return Promise.resolve();
  });
  const amm = chatMessageAmm(
    { privateKey: alice.profile.keys.chatKey.privateKey, publicKey: alice.profile.keys.chatKey.uncompressedPublicKey },
    { clock: BigInt(Date.now()), timestamp: Date.now(), text: 'hello', chatId: bobHex, kind: 'contact-request', responseTo: '', displayName: '', contact: NO_CONTACT },
  );
  const batch = new Batch().chat(newChat(bobHex, Date.now()));
  sender.appendReliable(bobHex, amm, batch);
  await alice.commit(batch);
  await sender.tick();
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

let n = 0;
const wakuMessage = (contentTopic: string, payload: Uint8Array) => ({ hash: `fuzz-${n++}`, contentTopic, pubsubTopic: '/waku/2/rs/16/32', payload, timestamp: Date.now() });
const ASYM: TopicKey = { kind: 'asymmetric' };

describe('receiver under garbage', () => {
  it('delivers the real message (sanity check of the harness)', async () => {
    const { alice, bob } = await pair();
    const real = await realMessage(alice, bob.self);
    const got = await new Receiver(bob).receive(wakuMessage(real.contentTopic, real.payload), ASYM);
    expect(got?.applied[0]?.message?.text).toBe('hello');
  });

  it('failed decryption leaves the vault unchanged: thousands of mutated payloads are dropped, none throws, each is counted', async () => {
    const { alice, bob, bobDb } = await pair();
    const real = await realMessage(alice, bob.self);
    const receiver = new Receiver(bob);
    const before = bobDb.snapshot();
    const mutations = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 600 }),
        fc.tuple(fc.nat(real.payload.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => real.payload.map((b, j) => (j === i ? b ^ x : b))),
        fc.nat(real.payload.length - 1).map((cut) => real.payload.slice(0, cut)),
        fc.uint8Array({ minLength: 1, maxLength: 40 }).map((extra) => new Uint8Array([...real.payload, ...extra])),
      ),
      { numRuns: 2_000, seed: 42 },
    );
    for (const payload of mutations) {
      await expect(receiver.receive(wakuMessage(real.contentTopic, payload), ASYM)).resolves.toBeNull();
    }
    const counted = Object.values(receiver.drops).reduce((s, x) => s + (x ?? 0), 0);
    expect(counted).toBe(mutations.length);
    expect(receiver.drops.envelope).toBeGreaterThan(1_500);
    expect(bobDb.snapshot()).toBe(before);
  });

  // Several thousand ECIES seals and ratchet steps: minutes on a loaded 2-core machine.
  it('drops garbage inside correctly sealed, signed envelopes at the inner layers', { timeout: 180_000 }, async () => {
    const { alice, bob, bobDb } = await pair();
    const receiver = new Receiver(bob);
    const random: RandomSource = randomBytes;
    const topic = partitionedChatId(bob.profile.keys.chatKey.uncompressedPublicKey);
    if (!topic.ok) throw new Error(topic.error);
    const before = bobDb.snapshot();
    const inner = fc.sample(fc.uint8Array({ maxLength: 300 }), { numRuns: 300, seed: 7 });
    for (const data of inner) {
      // A valid Waku envelope from Alice around arbitrary L3 bytes…
      const sealed = sealAsymmetric({ data, signingKey: alice.me.privateKey, recipientPublicKey: bob.profile.keys.chatKey.publicKey, random });
      const raw = await receiver.receive(wakuMessage(contentTopic(topic.value), sealed), ASYM);
      expect(raw === null || raw.applied.length === 0).toBe(true);
      // …and a valid ProtocolMessage (DH-only) from Alice around arbitrary MVDS/AMM bytes.
      const peer = await alice.peer(bob.self, bob.profile.keys.chatKey.uncompressedPublicKey);
      const out = encryptForPeer(alice.me, peer, data, random, Date.now());
      const r = await receiver.receive(wakuMessage(out.contentTopic, out.payload), ASYM);
      expect(r === null || r.applied.length === 0).toBe(true);
    }
    // A garbage MVDS payload with garbage bodies is acknowledged (status-go ACKs what it stored) but applies nothing.
    const mvds = encodeMvdsPayload({ acks: [], messages: [{ groupId: new Uint8Array(32), timestamp: 1n, body: new Uint8Array([1, 2, 3]) }] });
    const peer = await alice.peer(bob.self, bob.profile.keys.chatKey.uncompressedPublicKey);
    const out = encryptForPeer(alice.me, peer, mvds, random, Date.now());
    const r = await receiver.receive(wakuMessage(out.contentTopic, out.payload), ASYM);
    expect(r?.applied).toEqual([]);
    expect(tick(bob.mvds.state, random).outbox).toHaveLength(1);
    const snapshot = (await bob.store.chats()).length;
    expect(snapshot).toBe(0);
    expect(bobDb.snapshot().split('\n').filter((l) => l.includes(':messages:') || l.includes(':chats:'))).toEqual(
      before.split('\n').filter((l) => l.includes(':messages:') || l.includes(':chats:')),
    );
    expect(receiver.drops.amm ?? 0).toBeGreaterThan(500);
  });

  it('validly signed edits, deletes, reactions and pins with arbitrary fields never throw, never touch what they may not, and held ones stay bounded', { timeout: 180_000 }, async () => {
    const { alice, bob, bobDb } = await pair();
    const receiver = new Receiver(bob);
    const send = wire(alice, bob);
    // Bob's own message in his chat with Alice: Alice may pin and react, never edit or delete it.
    const mine: MessageRecord = {
      v: 1, id: '0x' + 'b0'.repeat(32), chatId: alice.self, author: bob.self, clock: BigInt(Date.now()), timestamp: Date.now(), text: 'bob wrote this',
      kind: 'text', responseTo: '', editClock: 0n, deleted: false, pinned: false, pinClock: 0n, reactions: {}, mvdsIds: [],
    };
    await bob.commit(new Batch().chat(newChat(alice.self, Date.now())).message(mine));
    const others = () => bobDb.snapshot().split('\n').filter((l) => l.includes(':messages:')).length;
    const messagesBefore = others();
    const a = authorOf(alice);
    const target = fc.oneof(fc.constant(mine.id), fc.constant(''), fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => '0x' + bytesToHex(b)), fc.string({ maxLength: 70 }));
    const clock = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }), fc.constant(BigInt(Date.now())));
    const chatId = fc.oneof(fc.constant(bob.self), fc.constant(''), fc.string({ maxLength: 20 }));
    const action = fc.oneof(
      fc.record({ clock, chatId, messageId: target, text: fc.string({ maxLength: 50 }) }).map((x) => editAmm(a, x)),
      fc.record({ clock, chatId, messageId: target }).map((x) => deleteAmm(a, x)),
      fc.record({ clock, chatId, messageId: target, type: fc.integer({ min: 0, max: 9 }), retracted: fc.boolean() }).map((x) => reactionAmm(a, x)),
      fc.record({ clock, chatId, messageId: target, pinned: fc.boolean() }).map((x) => pinAmm(a, x)),
    );
    const samples = fc.sample(action, { numRuns: 250, seed: 11 });
    let applied = 0;
    for (const amm of samples) {
      const r = await receiver.receive(await send(amm), ASYM);
      applied += r?.applied.length ?? 0;
    }
    const counted = Object.values(receiver.drops).reduce((s, x) => s + (x ?? 0), 0);
    // Every action is applied, held, or rejected with a counted reason (the first decrypt may hold none).
    expect(applied + receiver.heldActions + counted).toBe(samples.length);
    expect(receiver.heldActions).toBeGreaterThan(0);
    expect(bob.held.actions.length).toBeLessThanOrEqual(HELD_MAX);
    const after = (await bob.store.message(mine.id))!;
    expect([after.text, after.deleted, after.editClock, after.author, after.chatId, after.clock]).toEqual([mine.text, false, 0n, mine.author, mine.chatId, mine.clock]);
    expect(others()).toBe(messagesBefore);
    expect((await bob.store.chats()).map((c) => c.id)).toEqual([alice.self]);
  });

  it('garbage segments in valid signed envelopes never throw, leave the vault alone, and stay within the segment bounds', { timeout: 180_000 }, async () => {
    const { alice, bob, bobDb } = await pair();
    const receiver = new Receiver(bob);
    const topic = partitionedChatId(bob.profile.keys.chatKey.uncompressedPublicKey);
    if (!topic.ok) throw new Error(topic.error);
    const before = bobDb.snapshot();
    const segment = fc.record({
      entireMessageHash: fc.oneof(fc.constant(new Uint8Array(32).fill(7)), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 })),
      index: fc.nat(80),
      segmentsCount: fc.nat(80),
      paritySegmentIndex: fc.nat(5),
      paritySegmentsCount: fc.nat(5),
      payload: fc.uint8Array({ maxLength: 300 }),
    });
    const samples = fc.sample(segment, { numRuns: 300, seed: 5 });
    for (const fields of samples) {
      const data = encodeProto(SegmentMessageSchema, create(SegmentMessageSchema, fields));
      const sealed = sealAsymmetric({ data, signingKey: alice.me.privateKey, recipientPublicKey: bob.profile.keys.chatKey.publicKey, random: randomBytes });
      const r = await receiver.receive(wakuMessage(contentTopic(topic.value), sealed), ASYM);
      expect(r === null || r.applied.length === 0).toBe(true);
      expect(receiver.segments.pendingSets).toBeLessThanOrEqual(MAX_SETS);
    }
    expect(receiver.segmentsHeld).toBeGreaterThan(0);
    // Each one was kept for later or refused with a reason (evictions are counted on top).
    const refused = Object.entries(receiver.drops).filter(([k]) => k !== 'segment_evicted' && k !== 'segment_expired').reduce((sum, [, x]) => sum + (x ?? 0), 0);
    expect(receiver.segmentsHeld + refused).toBe(samples.length);
    expect(bobDb.snapshot()).toBe(before);
  });
});
