/**
 * WebHID glue for Keycard Shell (VID 0x1209, PID 0x21F7): pick it (user gesture), open it, and
 * exchange APDUs as 64-byte reports (shell-hid.ts). The only I/O of this route. The Shell
 * cannot export the chat key, so this module offers what it can do: its wallet public key
 * (the user confirms on the device). It is never a login transport.
 */
import { bytesToHex } from '$lib/shared/bytes.ts';
import { TransportError } from './errors.ts';
import { HidMessageReader, SHELL_PRODUCT_ID, SHELL_VENDOR_ID, encodeHidMessage } from './shell-hid.ts';
import { WALLET_PATH, decodeGetPublic, encodeGetPublic, shellTransmit } from './shell-commands.ts';

interface HidInputReportEventLike {
  readonly data: DataView;
}
export interface HidDeviceLike {
  readonly productName: string;
  readonly opened: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  sendReport(reportId: number, data: Uint8Array<ArrayBuffer>): Promise<void>;
  addEventListener(type: 'inputreport', listener: (e: HidInputReportEventLike) => void): void;
  removeEventListener(type: 'inputreport', listener: (e: HidInputReportEventLike) => void): void;
}
export interface HidLike {
  requestDevice(options: { filters: { vendorId: number; productId: number }[] }): Promise<HidDeviceLike[]>;
}

/** The Shell waits for the user to confirm on its screen: give them time. */
const RESPONSE_TIMEOUT_MS = 120_000;

export interface ShellSession {
  readonly label: string;
  /** The wallet public key (m/44'/60'/0'/0/0) as 0x04… hex, after confirmation on the Shell. */
  walletPublicKey(): Promise<string>;
  close(): Promise<void>;
}

/** One APDU out, one reassembled response in. */
export function hidExchange(device: HidDeviceLike, timeoutMs = RESPONSE_TIMEOUT_MS): (apdu: Uint8Array) => Promise<Uint8Array> {
  return (apdu) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const reader = new HidMessageReader();
      const done = (finish: () => void): void => {
        clearTimeout(timer);
        device.removeEventListener('inputreport', onReport);
        finish();
      };
      const onReport = (e: HidInputReportEventLike): void => {
        const step = reader.push(new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength));
        if (!step.ok) done(() => reject(new TransportError(step.error.code, step.error.detail)));
        else if (step.value) done(() => resolve(Uint8Array.from(step.value as Uint8Array)));
      };
      const timer = setTimeout(() => done(() => reject(new TransportError('device/io_failed', 'no answer from the Shell'))), timeoutMs);
      device.addEventListener('inputreport', onReport);
      void (async () => {
        try {
          for (const report of encodeHidMessage(apdu)) await device.sendReport(0, Uint8Array.from(report));
        } catch (e) {
          done(() => reject(new TransportError('device/disconnected', e instanceof Error ? e.name : String(e))));
        }
      })();
    });
}

export async function connectShell(hid: HidLike): Promise<ShellSession> {
  let device: HidDeviceLike | undefined;
  try {
    [device] = await hid.requestDevice({ filters: [{ vendorId: SHELL_VENDOR_ID, productId: SHELL_PRODUCT_ID }] });
  } catch (e) {
    throw new TransportError('device/io_failed', e instanceof Error ? e.name : String(e));
  }
  if (!device) throw new TransportError('device/not_chosen');
  const shell = device;
  if (!shell.opened) await shell.open();
  const exchange = hidExchange(shell);
  return {
    label: shell.productName || 'Keycard Shell',
    async walletPublicKey() {
      const response = await shellTransmit(exchange, encodeGetPublic(WALLET_PATH));
      return `0x${bytesToHex(decodeGetPublic(response).publicKey)}`;
    },
    close: () => shell.close(),
  };
}
