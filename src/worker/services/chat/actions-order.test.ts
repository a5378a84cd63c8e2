/**
 * Edits, deletes, reactions and pins in both arrival orders (status-protocol.md §6.7: store and
 * filter order is not guaranteed): real AMMs from Alice's keys, encrypted as her engine sends
 * them, received by Bob's Receiver over his vault. An action that names a message Bob does not
 * have yet is held (persisted) and applied, with the same author and clock rules, when the
 * original arrives; the result is the same in either order.
 */
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../events.ts';
import type { PlainWakuMessage } from '../../transport/waku-node.ts';
import { ChatContext } from './context.ts';
import { NO_CONTACT } from './contact-state.ts';
import { HELD_MAX, HELD_TTL_MS, emptyHeld, holdAction, takeActions } from './held-actions.ts';
import { chatMessageAmm, deleteAmm, editAmm, pinAmm, reactionAmm } from './messages-out.ts';
import { Receiver, type TopicKey } from './receiver.ts';
import { messageView, type MessageRecord } from './records.ts';
import { Batch } from './store.ts';
import { authorOf, pair, profile, PHRASES, wire } from './test-harness.ts';
import type { BuiltAmm, ParsedAmm } from '../../protocol/index.ts';

const ASYM: TopicKey = { kind: 'asymmetric' };

async function setup() {
  const p = await pair();
  const { alice, bob } = p;
  const send = wire(alice, bob);
  const receiver = new Receiver(bob);
  const now = Date.now();
  const a = authorOf(alice);
  const text = (t: string, clock: bigint): BuiltAmm =>
    chatMessageAmm(a, { clock, timestamp: now, text: t, chatId: bob.self, kind: 'text', responseTo: '', displayName: '', contact: NO_CONTACT });
  // A first message in order, so the ratchet session exists before the out-of-order part.
  expect((await receiver.receive(await send(text('hello', BigInt(now - 10_000))), ASYM))?.applied).toHaveLength(1);
  const deliver = async (m: PlainWakuMessage) => receiver.receive(m, ASYM);
  const stored = (id: string) => bob.store.message(id) as Promise<MessageRecord>;
  return { ...p, send, receiver, now, a, text, deliver, stored };
}

describe('actions that arrive before their original', () => {
  it('an edit: held, then applied when the original arrives; same text as in order', async () => {
    const s = await setup();
    const original = s.text('first draft', BigInt(s.now));
    const edit = editAmm(s.a, { clock: BigInt(s.now + 5), chatId: s.bob.self, messageId: original.messageId, text: 'final text' });
    const [wOriginal, wEdit] = [await s.send(original), await s.send(edit)];
    expect((await s.deliver(wEdit))?.applied).toEqual([]);
    expect(s.receiver.heldActions).toBe(1);
    expect(s.bob.held.actions.map((h) => h.target)).toEqual([original.messageId]);
    const got = await s.deliver(wOriginal);
    expect(got?.applied.map((x) => x.message?.text)).toEqual(['final text']);
    expect(got?.applied[0]?.isNew).toBe(true); // still announced (and notified) as a new message
    expect((await s.stored(original.messageId)).text).toBe('final text');
    expect((await s.stored(original.messageId)).editClock).toBe(BigInt(s.now + 5));
    expect(s.bob.held.actions).toEqual([]);
    expect(s.receiver.releasedActions).toBe(1);

    // In order, on a fresh pair: the same end state.
    const t = await setup();
    const o2 = t.text('first draft', BigInt(t.now));
    await t.deliver(await t.send(o2));
    await t.deliver(await t.send(editAmm(t.a, { clock: BigInt(t.now + 5), chatId: t.bob.self, messageId: o2.messageId, text: 'final text' })));
    expect((await t.stored(o2.messageId)).text).toBe('final text');
    expect(t.receiver.heldActions).toBe(0);
  });

  it('two held edits: the higher clock wins whatever their order', async () => {
    const s = await setup();
    const original = s.text('v0', BigInt(s.now));
    const e2 = await s.send(editAmm(s.a, { clock: BigInt(s.now + 20), chatId: s.bob.self, messageId: original.messageId, text: 'v2' }));
    const e1 = await s.send(editAmm(s.a, { clock: BigInt(s.now + 10), chatId: s.bob.self, messageId: original.messageId, text: 'v1' }));
    const wOriginal = await s.send(original);
    await s.deliver(e2);
    await s.deliver(e1);
    await s.deliver(wOriginal);
    expect((await s.stored(original.messageId)).text).toBe('v2');
    expect(s.receiver.drops.stale_clock).toBe(1);
  });

  it('a delete before its original: the original arrives deleted', async () => {
    const s = await setup();
    const original = s.text('oops', BigInt(s.now));
    const del = await s.send(deleteAmm(s.a, { clock: BigInt(s.now + 1), chatId: s.bob.self, messageId: original.messageId }));
    const wOriginal = await s.send(original);
    await s.deliver(del);
    const got = await s.deliver(wOriginal);
    const m = await s.stored(original.messageId);
    expect(m.deleted).toBe(true);
    expect(m.text).toBe('');
    // The event carries the final state (a deleted message is never announced as new).
    expect(got?.applied[0]?.message?.deleted).toBe(true);
  });

  it('a held edit from someone else is refused on release, by the same rules as in order', async () => {
    const s = await setup();
    const c = profile('letter advice cage absurd amount doctor acoustic avoid letter advice cage above', 'carol');
    const carol = await ChatContext.load(c.open, new EventHub(), Date.now());
    const fromCarol = wire(carol, s.bob);
    const original = s.text('by alice', BigInt(s.now));
    // Carol "edits" Alice's message before it reached Bob.
    await s.deliver(await fromCarol(editAmm(authorOf(carol), { clock: BigInt(s.now + 1), chatId: s.bob.self, messageId: original.messageId, text: 'by carol' })));
    expect(s.receiver.heldActions).toBe(1);
    await s.deliver(await s.send(original));
    expect((await s.stored(original.messageId)).text).toBe('by alice');
    expect(s.receiver.drops.unknown_original).toBe(1);
    expect(s.receiver.releasedActions).toBe(0);
    expect(s.bob.held.actions).toEqual([]);
  });

  it('a reaction and a pin before the original: both applied on arrival', async () => {
    const s = await setup();
    const original = s.text('pin me', BigInt(s.now));
    const react = await s.send(reactionAmm(s.a, { clock: BigInt(s.now + 1), chatId: s.bob.self, messageId: original.messageId, type: 2, retracted: false }));
    const pin = await s.send(pinAmm(s.a, { clock: BigInt(s.now + 2), chatId: s.bob.self, messageId: original.messageId, pinned: true }));
    const wOriginal = await s.send(original);
    await s.deliver(pin);
    await s.deliver(react);
    await s.deliver(wOriginal);
    const m = await s.stored(original.messageId);
    expect(m.pinned).toBe(true);
    expect(m.pinnedBy).toBe(s.alice.self);
    const view = messageView(m, s.bob.self);
    expect(view.reactions).toEqual([{ type: 2, count: 1, mine: false }]);
    expect(view.pinnedByMe).toBe(false);
    expect(s.receiver.releasedActions).toBe(2);
  });

  it('held actions survive a reload of the profile (persisted with the commit that held them)', async () => {
    const s = await setup();
    const original = s.text('later', BigInt(s.now));
    await s.deliver(await s.send(editAmm(s.a, { clock: BigInt(s.now + 3), chatId: s.bob.self, messageId: original.messageId, text: 'edited later' })));
    const wOriginal = await s.send(original);
    // Bob locks and unlocks: a new context and receiver over the same vault.
    const reopened = profile(PHRASES[1]!, 'bob', s.bobDb, s.bobProfile.dataKey);
    const bob2 = await ChatContext.load(reopened.open, new EventHub(), Date.now());
    expect(bob2.held.actions).toHaveLength(1);
    await new Receiver(bob2).receive(wOriginal, ASYM);
    expect((await bob2.store.message(original.messageId))?.text).toBe('edited later');
  });
});

describe('pins (§6.7)', () => {
  it('either side may pin in 1:1; the latest clock wins, older pins and unpins change nothing', async () => {
    const s = await setup();
    const original = s.text('important', BigInt(s.now));
    await s.deliver(await s.send(original));
    const pin = (clock: number, pinned: boolean) => s.send(pinAmm(s.a, { clock: BigInt(clock), chatId: s.bob.self, messageId: original.messageId, pinned }));
    await s.deliver(await pin(s.now + 10, true));
    expect((await s.stored(original.messageId)).pinned).toBe(true);
    await s.deliver(await pin(s.now + 5, false)); // older unpin: ignored
    expect((await s.stored(original.messageId)).pinned).toBe(true);
    expect(s.receiver.drops.stale_clock).toBe(1);
    await s.deliver(await pin(s.now + 20, false));
    expect((await s.stored(original.messageId)).pinned).toBe(false);
    expect((await s.stored(original.messageId)).pinClock).toBe(BigInt(s.now + 20));
  });

  it('a pin on a message of another chat, or from a non-1:1 type, is refused; the vault is unchanged', async () => {
    const s = await setup();
    // Bob has a message in a chat with someone else (Carol).
    const carol = '0x04' + 'ab'.repeat(64);
    const foreign: MessageRecord = { v: 1, id: '0xforeign', chatId: carol, author: carol, clock: 1n, timestamp: 1, text: 'x', kind: 'text', responseTo: '', editClock: 0n, deleted: false, pinned: false, pinClock: 0n, reactions: {}, mvdsIds: [] };
    await s.bob.commit(new Batch().message(foreign));
    const before = s.bobDb.snapshot();
    await s.deliver(await s.send(pinAmm(s.a, { clock: BigInt(s.now), chatId: s.bob.self, messageId: foreign.id, pinned: true })));
    expect(s.receiver.drops.unknown_original).toBe(1);
    expect((await s.stored(foreign.id)).pinned).toBe(false);
    expect(s.bobDb.snapshot().split('\n').filter((l) => l.includes(':messages:'))).toEqual(before.split('\n').filter((l) => l.includes(':messages:')));
  });

  it('a deleted message cannot be pinned, edited or reacted to', async () => {
    const s = await setup();
    const original = s.text('bye', BigInt(s.now));
    await s.deliver(await s.send(original));
    await s.deliver(await s.send(deleteAmm(s.a, { clock: BigInt(s.now + 1), chatId: s.bob.self, messageId: original.messageId })));
    await s.deliver(await s.send(pinAmm(s.a, { clock: BigInt(s.now + 2), chatId: s.bob.self, messageId: original.messageId, pinned: true })));
    await s.deliver(await s.send(editAmm(s.a, { clock: BigInt(s.now + 3), chatId: s.bob.self, messageId: original.messageId, text: 'back' })));
    await s.deliver(await s.send(reactionAmm(s.a, { clock: BigInt(s.now + 4), chatId: s.bob.self, messageId: original.messageId, type: 1, retracted: false })));
    const m = await s.stored(original.messageId);
    expect([m.deleted, m.pinned, m.text, Object.keys(m.reactions).length]).toEqual([true, false, '', 0]);
    expect(s.receiver.drops.deleted_original).toBe(3);
  });
});

describe('held-actions bounds (pure)', () => {
  const amm = (id: string, size = 10): ParsedAmm => ({ type: 29, payload: new Uint8Array(size), signature: new Uint8Array(65), author: new Uint8Array(65), messageId: id });

  it('keeps one entry per AMM id, drops the oldest beyond HELD_MAX and expired ones, and reports both', () => {
    let rec = emptyHeld();
    let evicted = 0;
    for (let i = 0; i < HELD_MAX + 3; i++) {
      const c = holdAction(rec, { target: `t${i % 7}`, amm: amm(`a${i}`), envelopeMs: 1n, heldAt: 1_000 + i }, 1_000 + i);
      rec = c.record;
      evicted += c.evicted;
    }
    expect(rec.actions).toHaveLength(HELD_MAX);
    expect(evicted).toBe(3);
    expect(rec.actions[0]!.amm.messageId).toBe('a3');
    expect(holdAction(rec, { target: 't0', amm: amm('a10'), envelopeMs: 1n, heldAt: 5_000 }, 5_000).record.actions).toHaveLength(HELD_MAX);
    const later = holdAction(rec, { target: 'x', amm: amm('new'), envelopeMs: 1n, heldAt: 2_000 + HELD_TTL_MS }, 1_100 + HELD_TTL_MS);
    expect(later.expired).toBeGreaterThan(0);
    expect(later.record.actions.every((a) => 1_100 + HELD_TTL_MS - a.heldAt <= HELD_TTL_MS)).toBe(true);
  });

  it('bounds the bytes held: one huge payload pushes the older ones out', () => {
    let rec = emptyHeld();
    rec = holdAction(rec, { target: 't', amm: amm('small'), envelopeMs: 1n, heldAt: 1 }, 1).record;
    const c = holdAction(rec, { target: 't', amm: amm('big', 1024 * 1024 - 200), envelopeMs: 1n, heldAt: 2 }, 2);
    expect(c.evicted).toBe(1);
    expect(c.record.actions.map((a) => a.amm.messageId)).toEqual(['big']);
    // One action larger than the whole budget is not kept either, and is reported.
    const huge = holdAction(c.record, { target: 't', amm: amm('huge', 1024 * 1024 + 1), envelopeMs: 1n, heldAt: 3 }, 3);
    expect([huge.evicted, huge.record.actions.length]).toEqual([2, 0]);
  });

  it('takes what names a target, in arrival order, and leaves the rest', () => {
    let rec = emptyHeld();
    for (const [t, id] of [['x', '1'], ['y', '2'], ['x', '3']] as const) rec = holdAction(rec, { target: t, amm: amm(id), envelopeMs: 1n, heldAt: 1 }, 1).record;
    const { record, taken } = takeActions(rec, 'x');
    expect(taken.map((a) => a.amm.messageId)).toEqual(['1', '3']);
    expect(record.actions.map((a) => a.amm.messageId)).toEqual(['2']);
    expect(takeActions(record, 'nope').taken).toEqual([]);
  });
});
