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
  'vault/keycard_required': 'This profile opens with its Keycard. Use “Unlock with Keycard”.',
  'session/no_phrase': 'This profile’s recovery phrase is on your Keycard, not in this browser.',
  'keycard/transport': 'Lost contact with the card or reader. Check that the card is in the reader and try again.',
  'keycard/malformed_response': 'The card sent an answer Parley cannot read. Nothing was changed.',
  'keycard/applet_not_found': 'This card has no Keycard applet.',
  'keycard/not_initialised': 'This Keycard is not set up yet (no PIN). Set it up with the Status app or keycard-cli first.',
  'keycard/unsupported_version': 'This Keycard’s applet version is too old for Parley.',
  'keycard/wrong_pin': 'Wrong PIN.',
  'keycard/pin_blocked': 'The PIN is blocked after too many wrong tries. Unblock it with your PUK in the Status app or keycard-cli; Parley cannot do it.',
  'keycard/wrong_pairing_password': 'Wrong pairing password.',
  'keycard/no_free_pairing_slot': 'The card has no free pairing slot (it pairs with at most 5 apps). Unpair an app you no longer use, in the Status app or with keycard-cli, then try again.',
  'keycard/pairing_invalid': 'The card no longer knows this browser’s pairing. Enter the pairing password to pair again.',
  'keycard/mac_failure': 'The secure channel to the card failed its integrity check (MAC), so it was reset. Nothing was changed. Try again.',
  'keycard/card_authentication_failed': 'The card could not prove it is the card you paired with. Nothing was changed.',
  'keycard/security_status': 'The card refused: its security conditions are not met.',
  'keycard/conditions_not_satisfied': 'The card refused this step right now. Start again.',
  'keycard/wrong_data': 'The card rejected the request.',
  'keycard/wrong_p1p2': 'The card rejected the request.',
  'keycard/data_not_found': 'The card holds no keys yet. Load or generate a key with the Status app first.',
  'keycard/unexpected_status': 'The card answered with an unexpected status.',
  'keycard/wrong_state': 'The card session got out of step. Start again.',
  'keycard/not_supported': 'This card does not support that.',
  'keycard/invalid_argument': 'Check what you entered.',
  'keycard/no_session': 'The card session ended. Start again.',
  'keycard/wrong_card': 'This card does not open that profile (it holds other keys).',
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
  'scan/no_camera': 'No camera was found. You can choose an image of the QR code instead, or paste the chat key.',
  'scan/permission_denied': 'Parley may not use the camera. Allow camera access for this site in your browser settings, or choose an image of the QR code instead.',
  'scan/camera_busy': 'The camera is in use by another app or could not start. Close the other app and try again.',
  'scan/insecure_context': 'The camera is only available on a secure (https) page. Choose an image of the QR code instead.',
  'scan/decoder_unavailable': 'The QR code reader could not be loaded. Check your connection and try again, or paste the chat key.',
  'scan/not_an_image': 'That file is not an image Parley can read.',
  'scan/no_qr_found': 'No QR code was found in that image. Try a sharper, closer picture.',
  'chat/unknown_chat': 'That chat does not exist, or that is not a valid chat key.',
  'chat/unknown_message': 'That message is not in this chat.',
  'chat/not_author': 'Only the author can change a message.',
  'chat/empty_text': 'Write something first.',
  'chat/text_too_long': 'A message has at most 4096 characters.',
  'chat/not_a_contact': 'Add this person as a contact first.',
  'chat/blocked': 'You blocked this contact.',
  'chat/not_ready': 'Chats are still opening. Try again in a moment.',
  'chat/store_unavailable': 'No store node could be reached, so the messages stay missing. Try again when the network is back.',
  'chat/store_timeout': 'The store node did not answer in time; what it did not send stays marked as missing.',
  'chat/fetch_failed': 'The store node refused the query; what it did not send stays marked as missing.',
  'chat/fetch_running': 'Older messages are already being fetched for this chat.',
  'chat/not_synced': 'This chat has not been caught up from the store nodes yet. Try again once catching up is done.',
  'chat/bad_range': 'That time range is not valid.',
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
  const e = error as ErrorInfo & { count?: number; triesLeft?: number; unknown?: readonly { position: number; suggestions: readonly string[] }[] };
  if (error.code === 'keycard/wrong_pin' && e.triesLeft !== undefined) {
    return `${base} ${e.triesLeft === 1 ? '1 try left' : `${e.triesLeft} tries left`} before the PIN is blocked.`;
  }
  if (error.code === 'keycard/invalid_argument' && error.detail === 'pin') return 'A Keycard PIN is 6 digits.';
  if (error.code === 'mnemonic/word_count' && e.count !== undefined) return `${base} You entered ${e.count}.`;
  if (error.code === 'mnemonic/unknown_words' && e.unknown) {
    const parts = e.unknown.map((u) => `word ${u.position}${u.suggestions.length ? ` (did you mean ${u.suggestions.slice(0, 3).join(', ')}?)` : ''}`);
    return `${base} Check ${parts.join('; ')}.`;
  }
  return base;
}

/** Kept for the network manager: same table. */
export const networkErrorText = (code: string): string => errorText({ code });
