/**
 * User-facing text for the Keycard transports: each route's name, why it is unavailable in this
 * browser, and what its errors mean. Codes are stable; wording may change.
 */
import type { TransportId, TransportOption } from './detect.ts';
import type { TransportErrorCode, TransportErrorInfo } from './errors.ts';

export const TRANSPORT_NAME: Record<TransportId, string> = {
  emulator: 'Keycard emulator (test)',
  smartcard: 'Smart-card reader (Web Smart Card API)',
  'webusb-ccid': 'USB smart-card reader (WebUSB)',
  'webhid-shell': 'Keycard Shell (WebHID)',
};

/** One line under each choice of the picker. */
export function transportNote(option: TransportOption): string {
  switch (option.reason) {
    case 'no-webusb':
      return 'Not in this browser: it has no WebUSB (Chromium-based desktop browsers have it; Firefox and Safari do not).';
    case 'no-webhid':
      return 'Not in this browser: it has no WebHID (Chromium-based desktop browsers have it).';
    case 'not-isolated':
      return 'Only when Parley runs as an installed Isolated Web App in Chromium (ChromeOS first); ordinary web pages do not get this API.';
    case 'no-smartcard-api':
      return 'This isolated app’s browser does not offer the Web Smart Card API.';
    case 'no-emulator':
      return '';
    case undefined:
      break;
  }
  if (option.id === 'emulator') return 'A software Keycard that Parley’s tests plug in. It is not a real card.';
  if (option.id === 'smartcard') return 'Uses your system’s smart-card service and reader drivers.';
  if (option.id === 'webhid-shell') return 'Cannot log in: the Shell never lets the chat key out. It can show its wallet public key.';
  return option.likelyBlocked
    ? 'Chromium blocks smart-card readers for ordinary web pages, so this will most likely be refused here. It works in an Isolated Web App with unrestricted USB access.'
    : 'Talks to the reader directly over USB (CCID).';
}

const TEXT: Record<TransportErrorCode, string> = {
  'ccid/truncated': 'The reader sent an incomplete answer.',
  'ccid/unexpected_message': 'The reader answered with a message Parley did not expect.',
  'ccid/sequence_mismatch': 'The reader answered out of order.',
  'ccid/trailing_bytes': 'The reader sent extra bytes after its answer.',
  'ccid/too_long': 'The reader’s answer was too long.',
  'ccid/no_card': 'No card in the reader. Insert your Keycard and try again.',
  'ccid/card_mute': 'The card does not answer. Take it out, put it back and try again.',
  'ccid/command_failed': 'The reader could not talk to the card.',
  'ccid/too_many_time_extensions': 'The card kept asking for more time and never answered.',
  'ccid/unsupported_reader': 'This reader needs the app to speak the T=1 protocol itself (TPDU level); Parley supports readers with APDU-level exchange, which most current readers offer.',
  'hid/bad_report': 'The Shell sent a malformed report.',
  'hid/wrong_channel': 'The Shell answered on another channel.',
  'hid/wrong_type': 'The Shell sent an unexpected kind of report.',
  'hid/sequence_mismatch': 'The Shell’s answer arrived out of order.',
  'hid/truncated': 'The Shell’s answer was cut short.',
  'hid/too_long': 'The Shell sent more than it announced.',
  'usb/security_error':
    'The browser refused access to the reader (SecurityError). Chromium protects smart-card readers (USB class 0x0B) from web pages; only an Isolated Web App with the “usb-unrestricted” permission, or a browser started with the flag that lifts the block, may use them. Use the Web Smart Card API in an Isolated Web App instead, or log in with your recovery phrase.',
  'usb/no_interface': 'That USB device is not a smart-card reader.',
  'device/not_chosen': 'No device was chosen.',
  'device/disconnected': 'The device was disconnected.',
  'device/io_failed': 'Talking to the device failed.',
  'smartcard/no_reader': 'No smart-card reader was found.',
  'smartcard/no_card': 'No reader holds a card. Insert your Keycard and try again.',
  'shell/refused': 'The request was declined on the Shell.',
  'shell/bad_response': 'The Shell sent an answer Parley cannot read.',
  'emulator/bad_response': 'The test emulator sent an invalid answer.',
};

export function transportErrorText(error: TransportErrorInfo): string {
  return TEXT[error.code] ?? `Device error (${error.code}).`;
}
