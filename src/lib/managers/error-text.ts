/** User-facing text for the error codes the worker returns. Codes are stable; wording may change. */
import type { ErrorInfo } from '$lib/shared/result.ts';

const TEXT: Record<string, string> = {
  'network/invalid_multiaddr': 'That is not a node address Parley can use. It must be a ws or wss multiaddr ending in /p2p/<peer id>.',
  'network/unknown_preset': 'Unknown network preset.',
  'network/duplicate_node': 'That node is already in the list.',
  'network/unknown_node': 'That node is not in the list.',
  'network/last_node': 'Keep at least one node, or Parley cannot reach the network.',
  'network/not_started': 'The network is still starting. Try again in a moment.',
  'network/no_peer': 'No connected node offers light push yet.',
  'network/push_failed': 'The node did not accept the message.',
  'network/store_failed': 'The store query failed.',
  'network/invalid_text': 'Write between 1 and 280 characters.',
  'session/locked': 'Unlock your profile first.',
  'session/not_active_tab': 'Parley is active in another tab. Use it here first.',
  'session/unknown_profile': 'That profile no longer exists in this browser.',
  'session/weak_password': 'Use a password of at least 8 characters.',
  'session/already_has_password': 'This profile already has a password.',
  'session/phrase_not_backed_up': 'Back up your recovery phrase first.',
  'session/wrong_words': 'Those words do not match your recovery phrase. Check the numbers and try again.',
  'session/invalid_setting': 'That setting is not available.',
  'vault/wrong_password': 'Wrong password. Nothing was changed.',
  'vault/password_required': 'Enter your password.',
  'vault/corrupt_keyring': 'This profile’s key store is damaged and cannot be opened.',
  'vault/tampered': 'Some stored data failed its integrity check and was not used.',
  'vault/locked': 'The profile is locked.',
  'mnemonic/word_count': 'A recovery phrase has 12, 15, 18, 21 or 24 words.',
  'mnemonic/unknown_words': 'Some words are not in the recovery word list.',
  'mnemonic/bad_checksum': 'These words are all valid, but they are not a valid phrase together (the checksum fails). Check the order and spelling.',
  'display_name/too_short': 'A display name has at least 5 characters.',
  'display_name/too_long': 'A display name has at most 24 characters.',
  'display_name/bad_character': 'Use only letters, digits, spaces, - and _.',
  'display_name/eth_suffix': 'A display name cannot end in .eth, -eth or _eth.',
  'display_name/is_alias': 'That looks like a generated three-word name; choose another.',
  'contact/is_self': 'That is your own chat key.',
  'share_link/empty': 'Paste a chat key or a contact link.',
  'share_link/unrecognized': 'That is neither a chat key nor a contact link.',
  'share_link/unsupported_url': 'That link is not a Parley or Status contact link.',
  'share_link/missing_key': 'That link has no chat key in it.',
  'chat_key/empty': 'Paste a chat key.',
  'chat_key/unsupported_prefix': 'A chat key starts with zQ3sh (or 0x04 for the long form).',
  'chat_key/bad_encoding': 'That chat key has characters that cannot be in a chat key. Check for a typo.',
  'chat_key/missing_multicodec': 'That is not a chat key (it is missing the key-type marker).',
  'chat_key/bad_sec1': 'That chat key has the wrong length. Check that it was copied completely.',
  'chat_key/not_on_curve': 'That chat key is not a valid public key. Check for a typo.',
  'chat/unknown_chat': 'That chat does not exist, or that is not a valid chat key.',
  'chat/unknown_message': 'That message is not in this chat.',
  'chat/not_author': 'Only the author can change a message.',
  'chat/empty_text': 'Write something first.',
  'chat/text_too_long': 'A message has at most 4096 characters.',
  'chat/not_a_contact': 'Add this person as a contact first.',
  'chat/blocked': 'You blocked this contact.',
  'chat/not_ready': 'Chats are still opening. Try again in a moment.',
  'backup/too_large': 'That file is too large to be a Parley backup.',
  'backup/not_parley': 'That file is not a Parley backup.',
  'backup/unsupported_version': 'That backup was made by a newer Parley.',
  'backup/truncated': 'That backup file is incomplete.',
  'backup/bad_parameters': 'That backup file is damaged.',
  'backup/wrong_password': 'Wrong password, or the backup file is damaged.',
  'backup/bad_contents': 'That backup decrypted, but its contents are not a Parley profile.',
};

export function errorText(error: ErrorInfo): string {
  const base = TEXT[error.code] ?? `Unexpected error (${error.code}).`;
  const e = error as ErrorInfo & { count?: number; unknown?: readonly { position: number; suggestions: readonly string[] }[] };
  if (error.code === 'mnemonic/word_count' && e.count !== undefined) return `${base} You entered ${e.count}.`;
  if (error.code === 'mnemonic/unknown_words' && e.unknown) {
    const parts = e.unknown.map((u) => `word ${u.position}${u.suggestions.length ? ` (did you mean ${u.suggestions.slice(0, 3).join(', ')}?)` : ''}`);
    return `${base} Check ${parts.join('; ')}.`;
  }
  return base;
}

/** Kept for the network manager: same table. */
export const networkErrorText = (code: string): string => errorText({ code });
