/**
 * The page's entry to Keycard transports: probe what this browser offers (feeding detect.ts) and
 * open the one the user picked. Touches `window` / `navigator` only here and in the glue
 * modules it calls.
 */
import type { Environment, TransportId } from './detect.ts';
import { connectEmulator, emulatorHook } from './emulator-hook.ts';
import { TransportError } from './errors.ts';
import { connectSmartCard, type SmartCardLike } from './smartcard.ts';
import type { KeycardTransport } from './transport.ts';
import { connectCcidReader, type UsbLike } from './webusb-ccid.ts';
import { connectShell, type HidLike, type ShellSession } from './webhid-shell.ts';

interface NavigatorWithDevices {
  readonly usb?: UsbLike;
  readonly hid?: HidLike;
  readonly smartCard?: SmartCardLike;
}

const nav = (): NavigatorWithDevices => navigator as unknown as NavigatorWithDevices;

export function probeEnvironment(): Environment {
  const n = nav();
  return {
    usb: typeof n.usb?.requestDevice === 'function',
    hid: typeof n.hid?.requestDevice === 'function',
    smartCard: typeof n.smartCard?.establishContext === 'function',
    // Isolated Web Apps are cross-origin isolated and expose isIsolatedContext.
    isolated: (globalThis as { isIsolatedContext?: boolean }).isIsolatedContext === true,
    emulator: emulatorHook(globalThis) !== null,
  };
}

/** Opens a login-capable transport. Call from a click handler: device pickers need a gesture. */
export async function openTransport(id: Exclude<TransportId, 'webhid-shell'>): Promise<KeycardTransport> {
  const n = nav();
  if (id === 'emulator') {
    const hook = emulatorHook(globalThis);
    if (!hook) throw new TransportError('device/not_chosen');
    return connectEmulator(hook);
  }
  if (id === 'smartcard') {
    if (!n.smartCard) throw new TransportError('smartcard/no_reader');
    return connectSmartCard(n.smartCard);
  }
  if (!n.usb) throw new TransportError('device/not_chosen');
  return connectCcidReader(n.usb);
}

export async function openShell(): Promise<ShellSession> {
  const n = nav();
  if (!n.hid) throw new TransportError('device/not_chosen');
  return connectShell(n.hid);
}
