/** The public surface of the identity layer: one import path, working end to end. */
import { describe, expect, it } from 'vitest';
import * as identity from './index.ts';

describe('identity/index.ts', () => {
  it('re-exports the whole pipeline: phrase → keys → chat key, name, emojis, ring, link', () => {
    const phrase = identity.generateMnemonic((n) => new Uint8Array(n).fill(0x7f)).phrase;
    const parsed = identity.parseMnemonic(phrase);
    if (!parsed.ok) throw new Error(parsed.error.code);
    const { chatKey } = identity.deriveIdentityKeys(parsed.value);
    const link = identity.formatShareLink('https://parley.example', chatKey.publicKey);
    const back = identity.parseShareLink(link);
    expect(back.ok && back.value.chatKey).toBe(identity.encodeChatKey(chatKey.publicKey));
    expect(identity.isAlias(identity.aliasFromPublicKey(chatKey.publicKey))).toBe(true);
    expect(identity.emojiHashOf(chatKey.publicKey)).toHaveLength(identity.EMOJI_HASH_LENGTH);
    expect(identity.ringToConicGradient(identity.colorHashOf(chatKey.publicKey))).toMatch(/^conic-gradient\(#/);
    expect(identity.validateDisplayName(identity.aliasFromPublicKey(chatKey.publicKey)).ok).toBe(false);
  });

  it('does not export private helpers', () => {
    expect(Object.keys(identity)).not.toContain('toBigBase');
    expect(Object.keys(identity)).not.toContain('suggestWords');
    expect(Object.keys(identity)).not.toContain('parseLines');
  });
});
