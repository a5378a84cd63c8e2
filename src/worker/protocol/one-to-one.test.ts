/**
 * Scenario: one 1:1 text message through every layer of §2.2 (send) and §2.3 (receive), using only
 * the pure protocol modules, then the MVDS ACK travelling back.
 */
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../crypto/secp256k1.ts';
import { bytesEqual, bytesToHex } from '../../lib/shared/bytes.ts';
import { AmmType, buildAmm, parseAmm } from './application/amm.ts';
import { envelopeTimeMs, validateChatMessage } from './application/validation.ts';
import { decodeProto, encodeProto } from './codec.ts';
import { ChatMessage_ContentType, ChatMessageSchema } from './generated/chat_message_pb.ts';
import { MessageType } from './generated/enums_pb.ts';
import type { ProtocolMessage } from './generated/protocol_message_pb.ts';
import { keyPairFromPrivate } from './keys.ts';
import { mvdsGroupId, mvdsPeerId } from './mvds/ids.ts';
import { appendMessage, emptyMvdsState, receivePayload, tick } from './mvds/node.ts';
import { parseMvdsPayload } from './mvds/payload.ts';
import { openAsymmetric, sealAsymmetric } from './payload/waku-payload.ts';
import { decryptDhOnly } from './ratchet/dh-only.ts';
import { fanOut } from './ratchet/fanout.ts';
import { buildProtocolMessage, parseProtocolMessage, selectEntry } from './ratchet/protocol-message.ts';
import { sessionDecrypt } from './ratchet/session.ts';
import type { Session } from './ratchet/session.ts';
import { contentTopic, partitionedChatId, publicKeyHex } from './topics/topics.ts';
import { wakuMessageHash } from './topics/waku-message-hash.ts';
import { hex } from './test-support/vectors.ts';
import { signBundle, verifyBundle } from './x3dh/bundle.ts';

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
const NOW_MS = 1_700_000_000_000;
const user = (seed: string, spkSeed: string, installation: string) => {
  const priv = hex(seed.repeat(32));
  return { priv, pub: publicKeyOf(priv), spk: keyPairFromPrivate(hex(spkSeed.repeat(32))), installation };
};
const alice = user('11', '44', 'aaaaaaaa-0000-4000-8000-000000000001');
const bob = user('22', '33', 'bbbbbbbb-0000-4000-8000-000000000002');
type User = typeof alice;

const bundleOf = (u: User) => signBundle({
  identityPrivateKey: u.priv, identityPublicKey: u.pub, timestamp: BigInt(NOW_MS) * 1_000_000n,
  signedPreKeys: { [u.installation]: { signedPreKey: u.spk.publicKey, version: 1, protocolVersion: 1 } },
});

/** §2.2 steps 3–8 for one reliable payload, from `from` to `to`, given what `from` knows of `to`. */
function send(from: User, to: User, plaintext: Uint8Array, knownBundle?: ProtocolMessage['bundles'][number]) {
  const verified = knownBundle === undefined ? undefined : verifyBundle(knownBundle);
  const spks = verified?.ok ? verified.value.signedPreKeys : {};
  const out = fanOut({
    plaintext, identityPrivateKey: from.priv, theirIdentityKey: to.pub, ownInstallationId: from.installation, random,
    installations: Object.keys(spks).map((id) => ({ id, timestamp: 1n, enabled: true })),
    liveSessionFor: () => undefined, preKeyFor: (id) => spks[id]?.signedPreKey,
  });
  const l3 = buildProtocolMessage({ installationId: from.installation, bundles: [bundleOf(from)], encryptedMessage: out.encryptedMessage });
  const topic = partitionedChatId(to.pub);
  if (!topic.ok) throw new Error(topic.error);
  const payload = sealAsymmetric({ data: l3, signingKey: from.priv, recipientPublicKey: to.pub, random });
  const waku = { payload, contentTopic: contentTopic(topic.value), timestamp: BigInt(NOW_MS) * 1_000_000n, pubsubTopic: '/waku/2/rs/16/32' };
  return { waku, hash: wakuMessageHash(waku) };
}

/** §2.3 steps 2–5 (L1 → L4) at `me`; returns the transport signer, the L3 message and the plaintext. */
function receive(me: User, payload: Uint8Array, sessions: Session[] = []) {
  const l1 = openAsymmetric(payload, me.priv);
  if (!l1.ok) throw new Error(l1.error);
  const pm = parseProtocolMessage(l1.value.data)!;
  expect(pm.bundles.every((b) => verifyBundle(b).ok)).toBe(true);
  const sel = selectEntry(pm, me.installation);
  if (!sel.ok) throw new Error(sel.error);
  const decrypted = sel.value.key === 'none'
    ? decryptDhOnly(sel.value.entry, me.priv)
    : decryptEntry(sel.value.entry, me, l1.value.signer, pm.installationId, sessions);
  if (!decrypted.ok) throw new Error(decrypted.error);
  return { signer: l1.value.signer, pm, plaintext: decrypted.value };
}

function decryptEntry(entry: ProtocolMessage['encryptedMessage'][string], me: User, signer: Uint8Array, inst: string, sessions: Session[]) {
  const r = sessionDecrypt(entry, {
    identityPrivateKey: me.priv, theirIdentityKey: signer, theirInstallationId: inst, random,
    findSession: (id) => sessions.find((s) => bytesEqual(s.bundleId, id)),
    findSignedPreKey: (id) => (bytesEqual(id, me.spk.publicKey) ? me.spk : undefined),
  });
  return r.ok ? { ok: true as const, value: r.value.plaintext } : r;
}

describe('1:1 stack', () => {
  it('delivers a contact request over DH-only, a reply over X3DH, and ACKs both ways', () => {
    const bobHex = publicKeyHex(bob.pub);
    if (!bobHex.ok) throw new Error(bobHex.error);
    // L6 + L5
    const text = create(ChatMessageSchema, {
      clock: BigInt(NOW_MS), timestamp: BigInt(NOW_MS), text: 'hello bob', chatId: bobHex.value,
      messageType: MessageType.ONE_TO_ONE, contentType: ChatMessage_ContentType.CONTACT_REQUEST,
    });
    const built = buildAmm({ type: AmmType.CHAT_MESSAGE, payload: encodeProto(ChatMessageSchema, text), privateKey: alice.priv, authorPublicKey: publicKeyOf(alice.priv, false) });
    // L4
    const appended = appendMessage(emptyMvdsState(), { peer: mvdsPeerId(bob.pub), groupId: mvdsGroupId(alice.pub, bob.pub), body: built.bytes, nowMs: NOW_MS });
    const batch = tick(appended.state, random);
    // L3 → L0 (no bundle of Bob known yet: DH-only)
    const sent = send(alice, bob, batch.outbox[0]!.payload);
    expect(sent.waku.contentTopic).toMatch(/^\/waku\/1\/0x[0-9a-f]{8}\/rfc26$/);

    const got = receive(bob, sent.waku.payload);
    expect(got.signer).toEqual(publicKeyOf(alice.priv, false));
    const mvds = parseMvdsPayload(got.plaintext)!;
    const bobMvds = receivePayload(emptyMvdsState(), { peer: mvdsPeerId(got.signer), payload: mvds });
    const amm = parseAmm(bobMvds.messages[0]!.body);
    if (!amm.ok) throw new Error(amm.error);
    expect(amm.value.messageId).toBe(built.messageId);
    const chat = decodeProto(ChatMessageSchema, amm.value.payload);
    if (!chat.ok) throw new Error(chat.error);
    expect(validateChatMessage(chat.value, { referenceMs: envelopeTimeMs(sent.waku.timestamp) }).ok).toBe(true);
    expect(chat.value.text).toBe('hello bob');

    // Bob replies with the ACK batch, now over X3DH to Alice's bundle from the received message.
    const ackBatch = tick(bobMvds.state, random);
    const reply = send(bob, alice, ackBatch.outbox[0]!.payload, got.pm.bundles[0]);
    const back = receive(alice, reply.waku.payload);
    expect(back.pm.encryptedMessage[alice.installation]?.X3DHHeader).toBeDefined();
    const ack = parseMvdsPayload(back.plaintext)!;
    const delivered = receivePayload(appended.state, { peer: mvdsPeerId(bob.pub), payload: ack });
    expect(delivered.delivered.map(bytesToHex)).toEqual([bytesToHex(appended.id)]);
    expect(bytesToHex(sent.hash)).not.toBe(bytesToHex(reply.hash));
  });
});
