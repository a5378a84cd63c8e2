import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, hexToBytes } from '$lib/shared/bytes.ts';
import { CcidSession, MAX_TIME_EXTENSIONS, type BulkPipe } from './ccid-session.ts';
import { parseCcidClassDescriptor } from './ccid-descriptor.ts';
import { CHAIN, decodeReaderMessage, encodePowerOn, encodeXfrBlock, messageLength } from './ccid.ts';
import { TransportError } from './errors.ts';

/** A reader's bulk-IN message: type, data, slot 0, given seq/status/error/chain. */
function readerMessage(opts: { type?: number; seq: number; data?: Uint8Array; status?: number; error?: number; chain?: number }): Uint8Array {
  const data = opts.data ?? new Uint8Array(0);
  const out = new Uint8Array(10 + data.length);
  out[0] = opts.type ?? 0x80;
  new DataView(out.buffer).setUint32(1, data.length, true);
  out[6] = opts.seq;
  out[7] = opts.status ?? 0;
  out[8] = opts.error ?? 0;
  out[9] = opts.chain ?? 0;
  out.set(data, 10);
  return out;
}

/** A fake reader: answers each bulk-OUT message through `respond`, and records what it got. */
class FakeReader implements BulkPipe {
  readonly sent: Uint8Array[] = [];
  readonly #pending: Uint8Array[] = [];
  constructor(readonly respond: (message: Uint8Array, index: number) => Uint8Array[]) {}
  out(bytes: Uint8Array): Promise<void> {
    this.sent.push(bytes);
    this.#pending.push(...this.respond(bytes, this.sent.length - 1));
    return Promise.resolve();
  }
  in(): Promise<Uint8Array> {
    const next = this.#pending.shift();
    return next ? Promise.resolve(next) : Promise.reject(new Error('fake reader: nothing to read'));
  }
}

const ATR = hexToBytes('3b8f8001804f0ca000000306030001000000006a');
const seqOf = (m: Uint8Array): number => m[6] ?? -1;

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TransportError) return e.code;
    throw e;
  }
  throw new Error('expected a TransportError');
}

describe('CCID framing', () => {
  it('encodes PC_to_RDR_IccPowerOn and XfrBlock with little-endian lengths and the sequence number', () => {
    expect(bytesToHex(encodePowerOn(0, 7))).toBe('62000000000007000000');
    const apdu = hexToBytes('00a4040009a00000080400010101');
    expect(bytesToHex(encodeXfrBlock({ slot: 0, seq: 0x12, data: apdu }))).toBe('6f0e0000000012000000' + bytesToHex(apdu));
    expect(bytesToHex(encodeXfrBlock({ slot: 1, seq: 3, data: new Uint8Array(0), level: CHAIN.requestNext }))).toBe('6f000000000103001000');
  });

  it('decodes a DataBlock with its status fields', () => {
    const m = decodeReaderMessage(readerMessage({ seq: 5, data: hexToBytes('9000'), status: 0x00, chain: 0 }));
    expect(m.ok && m.value).toMatchObject({ type: 0x80, seq: 5, iccStatus: 0, commandStatus: 0, data: hexToBytes('9000') });
  });

  it('rejects truncated, over-long, trailing and unknown messages with typed errors', () => {
    const good = readerMessage({ seq: 1, data: hexToBytes('9000') });
    const cases: [Uint8Array, string][] = [
      [good.slice(0, 5), 'ccid/truncated'],
      [good.slice(0, 11), 'ccid/truncated'],
      [Uint8Array.of(...good, 0), 'ccid/trailing_bytes'],
      [readerMessage({ type: 0x62, seq: 1 }), 'ccid/unexpected_message'],
      [Uint8Array.of(0x80, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0), 'ccid/too_long'],
    ];
    for (const [bytes, code] of cases) {
      const r = decodeReaderMessage(bytes);
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
    }
  });

  it('never throws on garbage: every input decodes or gives a ccid/ error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const r = decodeReaderMessage(bytes);
        return r.ok || r.error.code.startsWith('ccid/');
      }),
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 9 }), (bytes) => !messageLength(bytes).ok));
  });
});

describe('CCID session', () => {
  it('powers on (ATR) and exchanges an APDU with increasing sequence numbers', async () => {
    const reader = new FakeReader((m) => [readerMessage({ seq: seqOf(m), data: m[0] === 0x62 ? ATR : hexToBytes('01029000') })]);
    const session = new CcidSession(reader);
    expect(await session.powerOn()).toEqual(ATR);
    expect(await session.transmit(hexToBytes('80f2000000'))).toEqual(hexToBytes('01029000'));
    expect(reader.sent.map(seqOf)).toEqual([0, 1]);
    expect(reader.sent[1]?.slice(10)).toEqual(hexToBytes('80f2000000'));
  });

  it('waits through time-extension requests (bmCommandStatus 2) for the same sequence number', async () => {
    const reader = new FakeReader((m) => [
      readerMessage({ seq: seqOf(m), status: 0x80, error: 1 }),
      readerMessage({ seq: seqOf(m), status: 0x80, error: 2 }),
      readerMessage({ seq: seqOf(m), data: hexToBytes('9000') }),
    ]);
    expect(await new CcidSession(reader).transmit(hexToBytes('0020000000'))).toEqual(hexToBytes('9000'));
  });

  it('gives up on a reader that asks for time forever', async () => {
    const reader = new FakeReader((m) => Array.from({ length: MAX_TIME_EXTENSIONS + 2 }, () => readerMessage({ seq: seqOf(m), status: 0x80 })));
    expect(await failure(new CcidSession(reader).transmit(hexToBytes('00')))).toBe('ccid/too_many_time_extensions');
  });

  it('reassembles a message split over several USB transfers', async () => {
    const reader = new FakeReader((m) => {
      const whole = readerMessage({ seq: seqOf(m), data: new Uint8Array(100).fill(7) });
      return [whole.slice(0, 4), whole.slice(4, 64), whole.slice(64)];
    });
    const r = await new CcidSession(reader).transmit(hexToBytes('00'));
    expect(r.length).toBe(100);
  });

  it('follows response chaining (bChainParameter begins/continues/ends) with requestNext XfrBlocks', async () => {
    const reader = new FakeReader((m, i) => {
      const chain = [CHAIN.begins, CHAIN.continues, CHAIN.ends][i] ?? 0;
      return [readerMessage({ seq: seqOf(m), data: Uint8Array.of(i), chain })];
    });
    expect(await new CcidSession(reader).transmit(hexToBytes('00'))).toEqual(Uint8Array.of(0, 1, 2));
    expect(reader.sent.slice(1).map((m) => m[8])).toEqual([CHAIN.requestNext, CHAIN.requestNext]);
  });

  it('reports a sequence mismatch, a missing card, a mute card and a failed command as typed errors', async () => {
    const cases: [(seq: number) => Uint8Array, string][] = [
      [(seq) => readerMessage({ seq: seq + 1, data: hexToBytes('9000') }), 'ccid/sequence_mismatch'],
      [(seq) => readerMessage({ seq, status: 0x42 }), 'ccid/no_card'],
      [(seq) => readerMessage({ seq, status: 0x40, error: 0xfe }), 'ccid/card_mute'],
      [(seq) => readerMessage({ seq, status: 0x40, error: 0xfb }), 'ccid/command_failed'],
      [(seq) => readerMessage({ type: 0x81, seq }), 'ccid/unexpected_message'],
      [(seq) => Uint8Array.of(...readerMessage({ seq }), 1, 2), 'ccid/trailing_bytes'],
    ];
    for (const [reply, code] of cases) {
      const reader = new FakeReader((m) => [reply(seqOf(m))]);
      expect(await failure(new CcidSession(reader).transmit(hexToBytes('00')))).toBe(code);
    }
  });

  it('reports a reader that stops mid-message as truncated', async () => {
    const reader = new FakeReader((m) => [readerMessage({ seq: seqOf(m), data: new Uint8Array(30) }).slice(0, 20), new Uint8Array(0)]);
    expect(await failure(new CcidSession(reader).transmit(hexToBytes('00')))).toBe('ccid/truncated');
  });

  it('serialises concurrent transmits so responses never cross', async () => {
    const reader = new FakeReader((m) => [readerMessage({ seq: seqOf(m), data: m.slice(10) })]);
    const session = new CcidSession(reader);
    const answers = await Promise.all([1, 2, 3].map((n) => session.transmit(Uint8Array.of(n))));
    expect(answers).toEqual([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]);
  });
});

describe('CCID class descriptor', () => {
  /** config(9) ‖ interface(9) ‖ CCID class descriptor(54) ‖ endpoint(7), with the given dwFeatures. */
  function configWith(features: number, maxMessage = 271): Uint8Array {
    const config = Uint8Array.of(9, 2, 79, 0, 1, 1, 0, 0x80, 50);
    const iface = Uint8Array.of(9, 4, 0, 0, 3, 0x0b, 0, 0, 0);
    const ccid = new Uint8Array(54);
    ccid[0] = 54;
    ccid[1] = 0x21;
    new DataView(ccid.buffer).setUint32(40, features, true);
    new DataView(ccid.buffer).setUint32(44, maxMessage, true);
    const endpoint = Uint8Array.of(7, 5, 0x81, 2, 64, 0, 0);
    return Uint8Array.of(...config, ...iface, ...ccid, ...endpoint);
  }

  it('reads the exchange level and message size a reader advertises', () => {
    expect(parseCcidClassDescriptor(configWith(0x000404be, 3072))).toEqual({ features: 0x000404be, exchangeLevel: 'extended-apdu', maxMessageLength: 3072 });
    expect(parseCcidClassDescriptor(configWith(0x000200ba))?.exchangeLevel).toBe('short-apdu');
    expect(parseCcidClassDescriptor(configWith(0x000100ba))?.exchangeLevel).toBe('tpdu');
    expect(parseCcidClassDescriptor(configWith(0))?.exchangeLevel).toBe('character');
  });

  it('returns null for descriptors without a CCID part, and for garbage', () => {
    expect(parseCcidClassDescriptor(Uint8Array.of(9, 2, 9, 0, 0, 1, 0, 0x80, 50))).toBeNull();
    expect(parseCcidClassDescriptor(configWith(0x20000).slice(0, 40))).toBeNull();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      const r = parseCcidClassDescriptor(bytes);
      return r === null || typeof r.features === 'number';
    }));
  });
});
