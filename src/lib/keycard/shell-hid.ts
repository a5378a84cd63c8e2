/**
 * Keycard Shell USB HID framing (status-protocol.md §12.5): an APDU travels in 64-byte reports
 * `channelId(2) ‖ type(1) ‖ segment(2, big-endian, from 0) ‖ [total length(2), first segment
 * only] ‖ data`, 57 data bytes in the first report and 59 in the others; the receiver ignores
 * bytes beyond the announced length. Pure: encodes reports and reassembles responses. The HID
 * I/O is in webhid-shell.ts, the Shell's commands in shell-commands.ts.
 */
import { err, ok, type Result } from '$lib/shared/result.ts';
import type { TransportErrorInfo } from './errors.ts';

export const SHELL_VENDOR_ID = 0x1209;
export const SHELL_PRODUCT_ID = 0x21f7;
export const HID_REPORT_BYTES = 64;
export const HID_TYPE = { ping: 0x02, apdu: 0x05 } as const;
/** Any fixed channel works; the Shell answers on the channel it was asked on. */
export const DEFAULT_CHANNEL = 0x0101;
const FIRST_HEADER = 7;
const NEXT_HEADER = 5;
export const FIRST_DATA_BYTES = HID_REPORT_BYTES - FIRST_HEADER;
export const NEXT_DATA_BYTES = HID_REPORT_BYTES - NEXT_HEADER;
/** The length field is 16 bits. */
export const MAX_MESSAGE_BYTES = 0xffff;

/** Splits one message into 64-byte reports (zero-padded). */
export function encodeHidMessage(data: Uint8Array, opts: { channel?: number; type?: number } = {}): Uint8Array[] {
  if (data.length > MAX_MESSAGE_BYTES) throw new RangeError(`message of ${data.length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
  const channel = opts.channel ?? DEFAULT_CHANNEL;
  const type = opts.type ?? HID_TYPE.apdu;
  const reports: Uint8Array[] = [];
  let offset = 0;
  for (let segment = 0; segment === 0 || offset < data.length; segment++) {
    const report = new Uint8Array(HID_REPORT_BYTES);
    report[0] = channel >> 8;
    report[1] = channel & 0xff;
    report[2] = type;
    report[3] = segment >> 8;
    report[4] = segment & 0xff;
    let at = NEXT_HEADER;
    if (segment === 0) {
      report[5] = data.length >> 8;
      report[6] = data.length & 0xff;
      at = FIRST_HEADER;
    }
    const chunk = data.subarray(offset, offset + HID_REPORT_BYTES - at);
    report.set(chunk, at);
    offset += chunk.length;
    reports.push(report);
  }
  return reports;
}

/** Reassembles one response from reports fed in order; typed errors for anything malformed. */
export class HidMessageReader {
  readonly #channel: number;
  readonly #type: number;
  #expected = -1;
  #segment = 0;
  #buffer = new Uint8Array(0);
  #filled = 0;

  constructor(opts: { channel?: number; type?: number } = {}) {
    this.#channel = opts.channel ?? DEFAULT_CHANNEL;
    this.#type = opts.type ?? HID_TYPE.apdu;
  }

  /** Adds a report: ok(message) when complete, ok(null) when more reports are needed. */
  push(report: Uint8Array): Result<Uint8Array | null, TransportErrorInfo> {
    if (report.length !== HID_REPORT_BYTES) return err('hid/bad_report', `expected ${HID_REPORT_BYTES} bytes, got ${report.length}`);
    const channel = ((report[0] ?? 0) << 8) | (report[1] ?? 0);
    if (channel !== this.#channel) return err('hid/wrong_channel', `0x${channel.toString(16)}`);
    if (report[2] !== this.#type) return err('hid/wrong_type', `0x${(report[2] ?? 0).toString(16)}`);
    const segment = ((report[3] ?? 0) << 8) | (report[4] ?? 0);
    if (segment !== this.#segment) return err('hid/sequence_mismatch', `expected segment ${this.#segment}, got ${segment}`);
    let at = NEXT_HEADER;
    if (segment === 0) {
      this.#expected = ((report[5] ?? 0) << 8) | (report[6] ?? 0);
      this.#buffer = new Uint8Array(this.#expected);
      at = FIRST_HEADER;
    }
    const take = Math.min(this.#expected - this.#filled, HID_REPORT_BYTES - at);
    this.#buffer.set(report.subarray(at, at + take), this.#filled);
    this.#filled += take;
    this.#segment++;
    return ok(this.#filled === this.#expected ? this.#buffer : null);
  }
}

/** Reassembles a whole list of reports; a list that ends early is 'hid/truncated'. */
export function decodeHidMessage(reports: readonly Uint8Array[], opts: { channel?: number; type?: number } = {}): Result<Uint8Array, TransportErrorInfo> {
  const reader = new HidMessageReader(opts);
  for (const [i, report] of reports.entries()) {
    const step = reader.push(report);
    if (!step.ok) return step;
    if (step.value) return i === reports.length - 1 ? ok(step.value) : err('hid/too_long', `${reports.length - i - 1} reports after the message`);
  }
  return err('hid/truncated', `${reports.length} reports`);
}
