/**
 * Which Keycard routes this browser offers, and why the others are missing
 * (status-protocol.md §12.5). Pure: the caller passes what it saw on `window` / `navigator`
 * (see probeEnvironment in transports.ts). Owns the decision table only, not the wording.
 */

export type TransportId = 'webusb-ccid' | 'smartcard' | 'webhid-shell' | 'emulator';

export type Unavailable =
  /** navigator.usb / navigator.hid is missing (Firefox, Safari, or an insecure context). */
  | 'no-webusb'
  | 'no-webhid'
  /** Web Smart Card API missing: it exists only in Isolated Web Apps. */
  | 'not-isolated'
  | 'no-smartcard-api'
  /** The test emulator hook is absent: ordinary builds never have it. */
  | 'no-emulator';

export interface Environment {
  readonly usb: boolean;
  readonly hid: boolean;
  readonly smartCard: boolean;
  /** window.crossOriginIsolated && isolated context (IWA): usb-unrestricted may be granted. */
  readonly isolated: boolean;
  readonly emulator: boolean;
}

export interface TransportOption {
  readonly id: TransportId;
  readonly available: boolean;
  readonly reason?: Unavailable;
  /**
   * Only for webusb-ccid: Chromium blocks the smart-card interface class (0x0B) for ordinary
   * pages, so the choice is shown but will most likely fail with a SecurityError outside an IWA.
   */
  readonly likelyBlocked?: boolean;
  /** False for the Keycard Shell: it cannot export the chat key, so it cannot log in. */
  readonly canLogIn: boolean;
}

export function transportOptions(env: Environment): TransportOption[] {
  const options: TransportOption[] = [];
  if (env.emulator) options.push({ id: 'emulator', available: true, canLogIn: true });
  options.push(
    env.smartCard
      ? { id: 'smartcard', available: true, canLogIn: true }
      : { id: 'smartcard', available: false, reason: env.isolated ? 'no-smartcard-api' : 'not-isolated', canLogIn: true },
  );
  options.push(
    env.usb
      ? { id: 'webusb-ccid', available: true, likelyBlocked: !env.isolated, canLogIn: true }
      : { id: 'webusb-ccid', available: false, reason: 'no-webusb', canLogIn: true },
  );
  options.push(env.hid ? { id: 'webhid-shell', available: true, canLogIn: false } : { id: 'webhid-shell', available: false, reason: 'no-webhid', canLogIn: false });
  return options;
}
