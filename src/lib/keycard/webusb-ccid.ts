/**
 * WebUSB glue for a USB CCID smart-card reader: pick the reader (user gesture), open it, claim
 * its smart-card interface and run a CcidSession over its bulk endpoints. The only I/O of this
 * route. Chromium lists interface class 0x0B (Smart Card) as protected, so for an ordinary page
 * open()/claimInterface() fail with a SecurityError; that becomes 'usb/security_error', which the
 * UI explains (works only in an Isolated Web App with the `usb-unrestricted` permission policy).
 * Types are structural (no @types/w3c-web-usb): only the members we call.
 */
import { CcidSession, type BulkPipe } from './ccid-session.ts';
import { parseCcidClassDescriptor } from './ccid-descriptor.ts';
import { TransportError } from './errors.ts';
import type { KeycardTransport } from './transport.ts';

export const SMART_CARD_CLASS = 0x0b;

interface UsbEndpointLike {
  readonly endpointNumber: number;
  readonly direction: 'in' | 'out';
  readonly type: 'bulk' | 'interrupt' | 'isochronous';
}
interface UsbAlternateLike {
  readonly interfaceClass: number;
  readonly endpoints: readonly UsbEndpointLike[];
}
interface UsbInterfaceLike {
  readonly interfaceNumber: number;
  readonly alternates: readonly UsbAlternateLike[];
}
export interface UsbConfigurationLike {
  readonly configurationValue: number;
  readonly interfaces: readonly UsbInterfaceLike[];
}
interface UsbTransferIn {
  readonly status: 'ok' | 'stall' | 'babble';
  readonly data?: DataView;
}
export interface UsbDeviceLike {
  readonly productName?: string;
  readonly configuration: UsbConfigurationLike | null;
  readonly configurations: readonly UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void>;
  transferOut(endpoint: number, data: Uint8Array<ArrayBuffer>): Promise<{ readonly status: 'ok' | 'stall' }>;
  transferIn(endpoint: number, length: number): Promise<UsbTransferIn>;
  controlTransferIn(
    setup: { requestType: 'standard'; recipient: 'device'; request: number; value: number; index: number },
    length: number,
  ): Promise<UsbTransferIn>;
}
export interface UsbLike {
  requestDevice(options: { filters: { classCode?: number }[] }): Promise<UsbDeviceLike>;
}

export interface CcidInterface {
  readonly configurationValue: number;
  readonly interfaceNumber: number;
  readonly bulkIn: number;
  readonly bulkOut: number;
}

/** Finds the smart-card interface and its bulk endpoints in a device's configurations. Pure. */
export function findCcidInterface(configurations: readonly UsbConfigurationLike[]): CcidInterface | null {
  for (const config of configurations) {
    for (const iface of config.interfaces) {
      for (const alt of iface.alternates) {
        if (alt.interfaceClass !== SMART_CARD_CLASS) continue;
        const bulkIn = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
        const bulkOut = alt.endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
        if (bulkIn && bulkOut) {
          return { configurationValue: config.configurationValue, interfaceNumber: iface.interfaceNumber, bulkIn: bulkIn.endpointNumber, bulkOut: bulkOut.endpointNumber };
        }
      }
    }
  }
  return null;
}

/** Maps what WebUSB rejects with to our codes. */
export function usbError(e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'SecurityError') return new TransportError('usb/security_error');
  if (name === 'NotFoundError') return new TransportError('device/not_chosen');
  if (name === 'NetworkError' || name === 'InvalidStateError') return new TransportError('device/disconnected', name);
  return new TransportError('device/io_failed', name || String(e));
}

function pipeOf(device: UsbDeviceLike, iface: CcidInterface): BulkPipe {
  return {
    async out(bytes) {
      const r = await device.transferOut(iface.bulkOut, Uint8Array.from(bytes));
      if (r.status !== 'ok') throw new TransportError('device/io_failed', `bulk OUT ${r.status}`);
    },
    async in(maxLength) {
      const r = await device.transferIn(iface.bulkIn, maxLength);
      if (r.status === 'stall') await device.clearHalt('in', iface.bulkIn);
      if (r.status !== 'ok' || !r.data) throw new TransportError('device/io_failed', `bulk IN ${r.status}`);
      return new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
    },
  };
}

/** GET_DESCRIPTOR(CONFIGURATION): is the reader APDU level? Unknown when it cannot be read. */
async function exchangeLevel(device: UsbDeviceLike): Promise<'apdu' | 'unsupported' | 'unknown'> {
  try {
    const r = await device.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value: 0x0200, index: 0 }, 1024);
    if (r.status !== 'ok' || !r.data) return 'unknown';
    const parsed = parseCcidClassDescriptor(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
    if (!parsed) return 'unknown';
    return parsed.exchangeLevel === 'short-apdu' || parsed.exchangeLevel === 'extended-apdu' ? 'apdu' : 'unsupported';
  } catch {
    return 'unknown';
  }
}

/** Asks for a reader (must run in a user gesture), claims it and powers the card on. */
export async function connectCcidReader(usb: UsbLike): Promise<KeycardTransport> {
  let device: UsbDeviceLike;
  try {
    device = await usb.requestDevice({ filters: [{ classCode: SMART_CARD_CLASS }] });
  } catch (e) {
    throw usbError(e);
  }
  const iface = findCcidInterface(device.configurations);
  if (!iface) throw new TransportError('usb/no_interface');
  try {
    await device.open();
    if (device.configuration?.configurationValue !== iface.configurationValue) await device.selectConfiguration(iface.configurationValue);
    await device.claimInterface(iface.interfaceNumber);
  } catch (e) {
    await device.close().catch(() => undefined);
    throw usbError(e);
  }
  if ((await exchangeLevel(device)) === 'unsupported') {
    await device.close().catch(() => undefined);
    throw new TransportError('ccid/unsupported_reader');
  }
  const session = new CcidSession(pipeOf(device, iface));
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw usbError(e);
    }
  };
  await guarded(() => session.powerOn());
  return {
    id: 'webusb-ccid',
    label: device.productName || 'USB smart-card reader',
    transmit: (apdu) => guarded(() => session.transmit(apdu)),
    async close() {
      await session.powerOff().catch(() => undefined);
      await device.releaseInterface(iface.interfaceNumber).catch(() => undefined);
      await device.close().catch(() => undefined);
    },
  };
}
