/**
 * Node side of the catch-up scenario: real Status 1:1 messages from `chats` fresh sender identities
 * to one recipient, sealed by Parley's own send path (ChatContext + Sender over an in-memory
 * vault, as src/worker/services/chat/receiver.fuzz.test.ts builds them). The senders have never
 * seen the recipient's bundle, so every message is DH-only on the recipient's partitioned topic,
 * as contact requests from strangers are. Bundled by bench/lib/bundle.ts (see parley-src.d.ts).
 */
import { EventHub } from 'parley-src/events.ts';
import { Vault } from 'parley-src/vault/vault.ts';
import { MemoryProfileDb } from 'parley-src/vault/memory/memory-profile-db.ts';
import { newDataKey } from 'parley-src/vault/keyring.ts';
import { deriveIdentityKeys, generateMnemonic, parseMnemonic } from 'parley-src/identity/index.ts';
import { classifyTransportBytes, emptyMvdsState, openAsymmetric } from 'parley-src/protocol';
import { newIdentityRecord } from 'parley-src/services/identity-record.ts';
import { ChatContext } from 'parley-src/services/chat/context.ts';
import { Sender } from 'parley-src/services/chat/sender.ts';
import { chatMessageAmm } from 'parley-src/services/chat/messages-out.ts';
import { Batch } from 'parley-src/services/chat/store.ts';
import { newChat } from 'parley-src/services/chat/records.ts';
import { localSent, NO_CONTACT } from 'parley-src/services/chat/contact-state.ts';
import { secp256k1BackendName, useSecp256k1Backend } from 'parley-src/crypto/secp256k1.ts';
import { loadWasmSecp256k1Node } from 'parley-src/crypto/secp256k1-load-node.ts';

/** Seals with the same secp256k1 backend as the worker (libsecp256k1 WASM); returns its name. */
export async function useWorkerBackend(): Promise<string> {
  useSecp256k1Backend(await loadWasmSecp256k1Node());
  return secp256k1BackendName();
}

export interface SealedMessage {
  readonly contentTopic: string;
  readonly payload: Uint8Array;
  /** Sender index and the message's index within its chat. */
  readonly chat: number;
  readonly index: number;
  /**
   * The recipient's own receive path (L1 open + classifyTransportBytes) takes this valid
   * ProtocolMessage for a segment and drops it ('segmented'): a product bug the bench counts.
   */
  readonly misclassified: boolean;
}

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')}`;

function keysOf(phrase: string): ReturnType<typeof deriveIdentityKeys> {
  const parsed = parseMnemonic(phrase);
  if (!parsed.ok) throw new Error('bad phrase');
  return deriveIdentityKeys(parsed.value);
}

/** pkhex (0x + uncompressed public key) of a recovery phrase. */
export function chatIdOf(phrase: string): string {
  return hex(keysOf(phrase).chatKey.uncompressedPublicKey);
}

async function senderContext(i: number): Promise<ChatContext> {
  const mnemonic = generateMnemonic();
  const keys = deriveIdentityKeys(mnemonic);
  const id = `bench-sender-${i}`;
  const vault = new Vault(new MemoryProfileDb(id), newDataKey());
  return ChatContext.load({ entry: { id, createdAt: 1, lock: 'password' }, vault, record: newIdentityRecord(mnemonic.phrase, true, 1), keys }, new EventHub(), Date.now());
}

/**
 * `total` messages spread evenly over `chats` senders, round robin (as if they arrived over time):
 * each sender's first is a contact request, the rest plain texts; each is one Waku message (one
 * MVDS epoch per message). The last text of chat `c` is `last <c>`.
 */
export async function sealCatchUp(recipientPhrase: string, chats: number, total: number, onProgress?: (done: number) => void): Promise<SealedMessage[]> {
  const recipient = keysOf(recipientPhrase).chatKey;
  const recipientHex = hex(recipient.uncompressedPublicKey);
  const misclassified = (payload: Uint8Array): boolean => {
    const opened = openAsymmetric(payload, recipient.privateKey);
    if (!opened.ok) throw new Error('sealed message does not open with the recipient key');
    return classifyTransportBytes(opened.value.data).kind !== 'protocol-message';
  };
  const senders: { ctx: ChatContext; sender: Sender; out: { contentTopic: string; payload: Uint8Array }[] }[] = [];
  for (let c = 0; c < chats; c++) {
    const ctx = await senderContext(c);
    const out: { contentTopic: string; payload: Uint8Array }[] = [];
    const sender = new Sender(ctx, (contentTopic, payload) => {
      out.push({ contentTopic, payload });
      return Promise.resolve();
    });
    await ctx.commit(new Batch().chat(newChat(recipientHex, Date.now())));
    senders.push({ ctx, sender, out });
  }
  if (total % chats !== 0) throw new Error('total must be a multiple of chats');
  const perChat = total / chats;
  const sealed: SealedMessage[] = [];
  const start = BigInt(Date.now());
  for (let index = 0; index < perChat; index++) {
    for (let c = 0; c < chats; c++) {
      const s = senders[c]!;
      const key = s.ctx.profile.keys.chatKey;
      const clock = start + BigInt(index);
      const last = index === perChat - 1;
      const amm = chatMessageAmm({ privateKey: key.privateKey, publicKey: key.uncompressedPublicKey }, {
        clock, timestamp: Date.now(), chatId: recipientHex, responseTo: '', displayName: '',
        kind: index === 0 ? 'contact-request' : 'text',
        text: last ? `last ${c}` : index === 0 ? `Hi, this is sender ${c}` : `message ${index} from sender ${c}: ${'lorem ipsum '.repeat(8)}`,
        contact: localSent(NO_CONTACT, start),
      });
      const batch = new Batch();
      s.sender.appendReliable(recipientHex, amm, batch);
      await s.ctx.commit(batch);
      await s.sender.tick();
      // Forget what was sent, so later epochs never resend it: one message per Waku message.
      s.ctx.mvds = { v: 1, state: emptyMvdsState(), carrying: {} };
      const got = s.out.splice(0);
      if (got.length !== 1) throw new Error(`expected one Waku message per epoch, got ${got.length}`);
      sealed.push({ ...got[0]!, chat: c, index, misclassified: misclassified(got[0]!.payload) });
      if (sealed.length % 100 === 0) onProgress?.(sealed.length);
    }
  }
  return sealed;
}
