import { describe, expect, it } from 'vitest';
import { transportOptions, type Environment } from './detect.ts';
import { TransportError } from './errors.ts';
import { connectCcidReader, findCcidInterface, type UsbDeviceLike } from './webusb-ccid.ts';

const none: Environment = { usb: false, hid: false, smartCard: false, isolated: false, emulator: false };
const byId = (env: Environment) => Object.fromEntries(transportOptions(env).map((o) => [o.id, o]));

describe('transport feature detection', () => {
  it('Firefox/Safari (no WebUSB, WebHID or Smart Card API): nothing is available, each with its reason', () => {
    const o = byId(none);
    expect(o['webusb-ccid']).toMatchObject({ available: false, reason: 'no-webusb' });
    expect(o['webhid-shell']).toMatchObject({ available: false, reason: 'no-webhid' });
    expect(o['smartcard']).toMatchObject({ available: false, reason: 'not-isolated' });
    expect(o['emulator']).toBeUndefined();
  });

  it('desktop Chromium page: WebUSB is offered but flagged as blocked for readers; the Shell cannot log in', () => {
    const o = byId({ ...none, usb: true, hid: true });
    expect(o['webusb-ccid']).toMatchObject({ available: true, likelyBlocked: true, canLogIn: true });
    expect(o['webhid-shell']).toMatchObject({ available: true, canLogIn: false });
    expect(o['smartcard']).toMatchObject({ available: false, reason: 'not-isolated' });
  });

  it('Isolated Web App: Smart Card API and unrestricted WebUSB are available', () => {
    const o = byId({ ...none, usb: true, hid: true, smartCard: true, isolated: true });
    expect(o['smartcard']).toMatchObject({ available: true });
    expect(o['webusb-ccid']).toMatchObject({ available: true, likelyBlocked: false });
    expect(byId({ ...none, isolated: true })['smartcard']).toMatchObject({ available: false, reason: 'no-smartcard-api' });
  });

  it('offers the emulator only when the test hook is installed, and first', () => {
    expect(transportOptions({ ...none, emulator: true })[0]).toMatchObject({ id: 'emulator', available: true });
  });
});

describe('WebUSB CCID glue', () => {
  const config = {
    configurationValue: 1,
    interfaces: [
      { interfaceNumber: 0, alternates: [{ interfaceClass: 0x03, endpoints: [] }] },
      {
        interfaceNumber: 1,
        alternates: [
          {
            interfaceClass: 0x0b,
            endpoints: [
              { endpointNumber: 3, direction: 'in' as const, type: 'interrupt' as const },
              { endpointNumber: 2, direction: 'in' as const, type: 'bulk' as const },
              { endpointNumber: 1, direction: 'out' as const, type: 'bulk' as const },
            ],
          },
        ],
      },
    ],
  };

  it('finds the smart-card interface and its bulk endpoints', () => {
    expect(findCcidInterface([config])).toEqual({ configurationValue: 1, interfaceNumber: 1, bulkIn: 2, bulkOut: 1 });
    expect(findCcidInterface([{ configurationValue: 1, interfaces: [config.interfaces[0]!] }])).toBeNull();
  });

  it('turns the SecurityError Chromium raises on the protected smart-card class into usb/security_error', async () => {
    let closed = false;
    const device = {
      configuration: config,
      configurations: [config],
      open: () => Promise.resolve(),
      close: () => {
        closed = true;
        return Promise.resolve();
      },
      claimInterface: () => Promise.reject(new DOMException('The requested interface implements a protected class.', 'SecurityError')),
    } as unknown as UsbDeviceLike;
    const usb = { requestDevice: () => Promise.resolve(device) };
    const error = await connectCcidReader(usb).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('usb/security_error');
    expect(closed).toBe(true);
    const cancelled = await connectCcidReader({ requestDevice: () => Promise.reject(new DOMException('No device selected.', 'NotFoundError')) }).catch((e: unknown) => e);
    expect((cancelled as TransportError).code).toBe('device/not_chosen');
  });
});
