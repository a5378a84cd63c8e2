/**
 * The pure identity layer (status-protocol.md §1): recovery phrase → keys, chat key, three-word
 * name, emoji hash, colour ring, display-name rules and contact links. Re-exports only.
 */
export * from './errors.ts';
export * from './mnemonic.ts';
export * from './derive.ts';
export * from './chat-key.ts';
export * from './alias.ts';
export * from './emoji-hash.ts';
export * from './color-hash.ts';
export * from './display-name.ts';
export * from './share-link.ts';
export { ALIAS_ADJECTIVES, ALIAS_ANIMALS, EMOJI_ALPHABET } from './word-lists.ts';
