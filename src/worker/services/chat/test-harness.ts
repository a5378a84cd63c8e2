/**
 * Test support for the chat engine (imported by *.test.ts only): two real profiles (keys from
 * fixed phrases, vaults on the in-memory profile DB), and a wire that turns Alice's signed AMMs
 * into the real Waku payloads her engine would publish, for Bob's Receiver.
 */
import { EventHub } from '../../events.ts';
import { Vault } from '../../vault/vault.ts';
import { MemoryProfileDb } from '../../vault/memory/memory-profile-db.ts';
import { newDataKey } from '../../vault/keyring.ts';
import { deriveIdentityKeys, parseMnemonic } from '../../identity/index.ts';
import type { BuiltAmm } from '../../protocol/index.ts';
import type { PlainWakuMessage } from '../../transport/waku-node.ts';
import type { OpenProfile } from '../session.ts';
import { newIdentityRecord } from '../identity-record.ts';
import { ChatContext } from './context.ts';
import type { Author } from './messages-out.ts';
import { Sender } from './sender.ts';
import { Batch } from './store.ts';

export const PHRASES = [
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
  'legal winner thank year wave sausage worth useful legal winner thank yellow',
];

export function profile(phrase: string, id: string, db = new MemoryProfileDb(id), dataKey = newDataKey()): { open: OpenProfile; db: MemoryProfileDb; dataKey: Uint8Array } {
  const parsed = parseMnemonic(phrase);
  if (!parsed.ok) throw new Error('bad test phrase');
  const record = newIdentityRecord(phrase, true, 1);
  const open: OpenProfile = { entry: { id, createdAt: 1, lock: 'password' }, vault: new Vault(db, dataKey), record, keys: deriveIdentityKeys(parsed.value) };
  return { open, db, dataKey };
}

export async function pair() {
  const a = profile(PHRASES[0]!, 'alice');
  const b = profile(PHRASES[1]!, 'bob');
  const alice = await ChatContext.load(a.open, new EventHub(), Date.now());
  const bob = await ChatContext.load(b.open, new EventHub(), Date.now());
  return { alice, bob, aliceDb: a.db, bobDb: b.db, bobProfile: b };
}

export const authorOf = (ctx: ChatContext): Author => ({ privateKey: ctx.profile.keys.chatKey.privateKey, publicKey: ctx.profile.keys.chatKey.uncompressedPublicKey });

let seq = 0;

/** Encrypts each AMM from `from` to `to` as its engine would (no MVDS wrapper) into a Waku message. */
export function wire(from: ChatContext, to: ChatContext): (amm: BuiltAmm | Uint8Array) => Promise<PlainWakuMessage> {
  let last: { contentTopic: string; payload: Uint8Array } | undefined;
  const sender = new Sender(from, (contentTopic, payload) => {
    last = { contentTopic, payload };
    return Promise.resolve();
  });
  return async (amm) => {
    await from.serial(() => sender.sendNow(to.self, amm instanceof Uint8Array ? amm : amm.bytes, new Batch()));
    return { hash: `test-${seq++}`, contentTopic: last!.contentTopic, pubsubTopic: '/waku/2/rs/16/32', payload: last!.payload, timestamp: Date.now() };
  };
}
