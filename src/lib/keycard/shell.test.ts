import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, concatBytes, hexToBytes } from '$lib/shared/bytes.ts';
import { TransportError } from './errors.ts';
import { DEFAULT_CHANNEL, FIRST_DATA_BYTES, HID_REPORT_BYTES, NEXT_DATA_BYTES, decodeHidMessage, encodeHidMessage } from './shell-hid.ts';
import { WALLET_PATH, decodeGetPublic, encodeGetPublic, shellTransmit } from './shell-commands.ts';

describe('Keycard Shell HID framing', () => {
  it('puts 57 data bytes in the first report and 59 in the next, with channel, type, segment and length', () => {
    const data = Uint8Array.from({ length: FIRST_DATA_BYTES + NEXT_DATA_BYTES + 1 }, (_, i) => i);
    const reports = encodeHidMessage(data);
    expect(reports).toHaveLength(3);
    expect(bytesToHex(reports[0]!.slice(0, 7))).toBe('0101050000' + '0075');
    expect(reports[0]!.slice(7)).toEqual(data.slice(0, 57));
    expect(bytesToHex(reports[1]!.slice(0, 5))).toBe('0101050001');
    expect(reports[1]!.slice(5)).toEqual(data.slice(57, 116));
    expect(bytesToHex(reports[2]!.slice(0, 6))).toBe('0101050002' + '74');
    expect(reports.every((r) => r.length === HID_REPORT_BYTES)).toBe(true);
  });

  it('round-trips any message and ignores the padding after the announced length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (data) => {
        const decoded = decodeHidMessage(encodeHidMessage(data));
        return decoded.ok && bytesToHex(decoded.value) === bytesToHex(data);
      }),
    );
    const padded = encodeHidMessage(hexToBytes('9000'));
    padded[0]![20] = 0xaa;
    const decoded = decodeHidMessage(padded);
    expect(decoded.ok && bytesToHex(decoded.value)).toBe('9000');
  });

  it('rejects wrong channel, wrong type, out-of-order segments, short reports and truncated messages', () => {
    const reports = encodeHidMessage(new Uint8Array(100).fill(1));
    const tweak = (i: number, at: number, value: number): Uint8Array[] => reports.map((r, j) => (j === i ? Uint8Array.from(r, (b, k) => (k === at ? value : b)) : r));
    const cases: [Uint8Array[], string][] = [
      [tweak(0, 1, 0x02), 'hid/wrong_channel'],
      [tweak(0, 2, 0x02), 'hid/wrong_type'],
      [tweak(1, 4, 0x05), 'hid/sequence_mismatch'],
      [[reports[1]!, reports[0]!], 'hid/sequence_mismatch'],
      [[reports[0]!.slice(0, 63)], 'hid/bad_report'],
      [[reports[0]!], 'hid/truncated'],
      [[...reports, encodeHidMessage(new Uint8Array(1))[0]!], 'hid/too_long'],
    ];
    for (const [input, code] of cases) {
      const r = decodeHidMessage(input);
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
    }
    fc.assert(fc.property(fc.array(fc.uint8Array({ minLength: 64, maxLength: 64 }), { maxLength: 4 }), (garbage) => {
      const r = decodeHidMessage(garbage, { channel: DEFAULT_CHANNEL });
      return r.ok || r.error.code.startsWith('hid/');
    }));
  });
});

describe('Keycard Shell commands', () => {
  const pub = concatBytes(Uint8Array.of(4), new Uint8Array(64).fill(0x11));
  const body = concatBytes(Uint8Array.of(4, 0xde, 0xad, 0xbe, 0xef, 65), pub, Uint8Array.of(0));

  it('encodes GET PUBLIC with the path count and big-endian indices', () => {
    expect(bytesToHex(encodeGetPublic(WALLET_PATH))).toBe('e002000015' + '05' + '8000002c' + '8000003c' + '80000000' + '00000000' + '00000000');
  });

  it('follows 61XX with GET RESPONSE and parses the public key', async () => {
    const sent: string[] = [];
    const chunks = [concatBytes(body.slice(0, 40), hexToBytes('6120')), concatBytes(body.slice(40), hexToBytes('9000'))];
    const exchange = (apdu: Uint8Array): Promise<Uint8Array> => {
      sent.push(bytesToHex(apdu));
      return Promise.resolve(chunks.shift()!);
    };
    const response = await shellTransmit(exchange, encodeGetPublic(WALLET_PATH));
    expect(sent[1]).toBe('e0c0000000');
    expect(decodeGetPublic(response)).toEqual({ masterFingerprint: hexToBytes('deadbeef'), publicKey: pub });
  });

  it('reports a refusal on the device and malformed answers as typed errors', () => {
    const code = (r: Uint8Array): string => {
      try {
        decodeGetPublic(r);
        return 'ok';
      } catch (e) {
        return e instanceof TransportError ? e.code : 'untyped';
      }
    };
    expect(code(hexToBytes('6982'))).toBe('shell/refused');
    expect(code(hexToBytes('6d00'))).toBe('shell/bad_response');
    expect(code(concatBytes(body.slice(0, 50), hexToBytes('9000')))).toBe('shell/bad_response');
    expect(code(concatBytes(body, Uint8Array.of(1), hexToBytes('9000')))).toBe('shell/bad_response');
    expect(code(Uint8Array.of(0x90))).toBe('shell/bad_response');
  });
});
