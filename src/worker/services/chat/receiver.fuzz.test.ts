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

  it('drops garbage inside correctly sealed, signed envelopes at the inner layers', async () => {
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
});

