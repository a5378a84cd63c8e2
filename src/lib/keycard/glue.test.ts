/**
 * The thin device glue driven by fake devices (no WebHID device, smart-card service or reader can
 * be attached here): Keycard Shell report exchange, the Web Smart Card API route, the emulator hook.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '$lib/shared/bytes.ts';
import { connectEmulator, emulatorHook } from './emulator-hook.ts';
import { TransportError } from './errors.ts';
import { encodeHidMessage } from './shell-hid.ts';
import { connectShell, hidExchange, type HidDeviceLike } from './webhid-shell.ts';
import { connectSmartCard, type SmartCardLike } from './smartcard.ts';

type Listener = (e: { data: DataView }) => void;

/** A fake Keycard Shell: collects output reports, answers each complete APDU with `answer`. */
function fakeShell(answer: (apdu: Uint8Array) => Uint8Array[]): HidDeviceLike & { sent: Uint8Array[] } {
  const listeners = new Set<Listener>();
  const sent: Uint8Array[] = [];
  return {
    sent,
    productName: 'Keycard Shell',
    opened: false,
    open: () => Promise.resolve(),
    close: () => Promise.resolve(),
    sendReport(_id, data) {
      sent.push(data);
      const apdu = data.slice(7, 7 + ((data[5] ?? 0) << 8) + (data[6] ?? 0));
      queueMicrotask(() => {
        for (const report of answer(apdu)) for (const l of listeners) l({ data: new DataView(report.buffer) });
      });
      return Promise.resolve();
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
  };
}

const code = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof TransportError ? e.code : 'untyped'),
  );

describe('Keycard Shell over WebHID (fake device)', () => {
  it('sends an APDU as reports and reassembles a multi-report answer', async () => {
    const response = concatBytes(new Uint8Array(100).fill(9), hexToBytes('9000'));
    const device = fakeShell(() => encodeHidMessage(response));
    const r = await hidExchange(device)(hexToBytes('e006000000'));
    expect(bytesToHex(r)).toBe(bytesToHex(response));
    expect(device.sent[0]?.length).toBe(64);
  });

  it('rejects a garbled answer with a typed error, and times out on silence', async () => {
    const garbled = fakeShell(() => encodeHidMessage(hexToBytes('9000'), { channel: 0x0202 }));
    expect(await code(hidExchange(garbled)(hexToBytes('e006000000')))).toBe('hid/wrong_channel');
    const silent = fakeShell(() => []);
    expect(await code(hidExchange(silent, 20)(hexToBytes('e006000000')))).toBe('device/io_failed');
  });

  it('reads the wallet public key after the user confirms on the Shell', async () => {
    const pub = concatBytes(Uint8Array.of(4), new Uint8Array(64).fill(0x22));
    const body = concatBytes(Uint8Array.of(4, 1, 2, 3, 4, 65), pub, Uint8Array.of(0), hexToBytes('9000'));
    const device = fakeShell(() => encodeHidMessage(body));
    const shell = await connectShell({ requestDevice: () => Promise.resolve([device]) });
    expect(await shell.walletPublicKey()).toBe(`0x${bytesToHex(pub)}`);
    expect(await code(connectShell({ requestDevice: () => Promise.resolve([]) }))).toBe('device/not_chosen');
  });
});

describe('Web Smart Card API route (fake resource manager)', () => {
  function manager(readers: Record<string, ((apdu: Uint8Array) => Uint8Array) | null>): SmartCardLike {
    return {
      establishContext: () =>
        Promise.resolve({
          listReaders: () => Promise.resolve(Object.keys(readers)),
          connect: (reader: string) => {
            const card = readers[reader];
            if (!card) return Promise.reject(new DOMException('no card', 'SmartCardError'));
            return Promise.resolve({
              connection: {
                transmit: (apdu: Uint8Array) => Promise.resolve(card(apdu).buffer as ArrayBuffer),
                disconnect: () => Promise.resolve(),
              },
            });
          },
        }),
    };
  }

  it('connects to the first reader that holds a card and relays APDUs', async () => {
    const t = await connectSmartCard(manager({ 'Empty reader': null, 'Reader with card': (apdu) => concatBytes(apdu, hexToBytes('9000')) }));
    expect(t.label).toBe('Reader with card');
    expect(bytesToHex(await t.transmit(hexToBytes('80f2000000')))).toBe('80f20000009000');
  });

  it('says whether no reader or no card was found', async () => {
    expect(await code(connectSmartCard(manager({})))).toBe('smartcard/no_reader');
    expect(await code(connectSmartCard(manager({ 'Reader A': null })))).toBe('smartcard/no_card');
  });
});

describe('emulator hook', () => {
  it('is found only when installed, relays hex, and rejects a non-hex answer', async () => {
    expect(emulatorHook({})).toBeNull();
    const scope = { __parleyKeycardEmulator: (hex: string) => Promise.resolve(hex === '00a4' ? '9000' : 'zz') };
    const hook = emulatorHook(scope);
    expect(hook).not.toBeNull();
    const t = connectEmulator(hook!);
    expect(bytesToHex(await t.transmit(hexToBytes('00a4')))).toBe('9000');
    expect(await code(t.transmit(hexToBytes('01')))).toBe('emulator/bad_response');
  });
});
