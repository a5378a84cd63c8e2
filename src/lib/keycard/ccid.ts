/**
 * CCID message framing (USB Device Class Smart Card CCID, rev 1.1, §6.1 and §6.2): the bulk-OUT
 * commands a host sends to a USB smart-card reader and the bulk-IN responses it gets back. Pure:
 * builds and parses bytes; the exchange (sequence numbers, time extensions, chaining) is in
 * ccid-session.ts and the USB I/O in webusb-ccid.ts. Only the messages an APDU-level reader
 * needs: IccPowerOn, IccPowerOff, XfrBlock, GetSlotStatus → DataBlock, SlotStatus.
 */
import { err, ok, type Result } from '$lib/shared/result.ts';
import type { TransportErrorInfo } from './errors.ts';

/** Every CCID message starts with a 10-byte header. */
export const CCID_HEADER_BYTES = 10;
/** Largest message we accept from a reader: an extended APDU response (65 536 + 2) plus header. */
export const CCID_MAX_MESSAGE_BYTES = CCID_HEADER_BYTES + 65_538;

/** bMessageType values (§6.1, §6.2). */
export const PC_TO_RDR = { IccPowerOn: 0x62, IccPowerOff: 0x63, GetSlotStatus: 0x65, XfrBlock: 0x6f } as const;
export const RDR_TO_PC = { DataBlock: 0x80, SlotStatus: 0x81 } as const;

/** bmICCStatus, bits 0–1 of bStatus (§6.2.6). */
export const ICC_STATUS = { activePresent: 0, inactivePresent: 1, absent: 2 } as const;
/** bmCommandStatus, bits 6–7 of bStatus (§6.2.6). */
export const COMMAND_STATUS = { ok: 0, failed: 1, timeExtension: 2 } as const;
/** bError slot errors we name (§6.2.6 table 6.2-2). */
export const SLOT_ERROR = { iccMute: 0xfe, xfrParity: 0xfd, hardware: 0xfb, badAtrTs: 0xf8, commandAborted: 0xff } as const;

/**
 * bChainParameter of RDR_to_PC_DataBlock and wLevelParameter of XfrBlock for APDU-level
 * exchanges (§6.1.4): 0 = complete, 1 = begins, 2 = ends, 3 = continues, 0x10 = "send the next part".
 */
export const CHAIN = { complete: 0x00, begins: 0x01, ends: 0x02, continues: 0x03, requestNext: 0x10 } as const;

function header(type: number, length: number, slot: number, seq: number, specific: readonly [number, number, number]): Uint8Array {
  const out = new Uint8Array(CCID_HEADER_BYTES + length);
  const view = new DataView(out.buffer);
  out[0] = type;
  view.setUint32(1, length, true);
  out[5] = slot;
  out[6] = seq & 0xff;
  out[7] = specific[0];
  out[8] = specific[1];
  out[9] = specific[2];
  return out;
}

/** PC_to_RDR_IccPowerOn with automatic voltage selection (bPowerSelect 0). */
export function encodePowerOn(slot: number, seq: number): Uint8Array {
  return header(PC_TO_RDR.IccPowerOn, 0, slot, seq, [0, 0, 0]);
}

export function encodePowerOff(slot: number, seq: number): Uint8Array {
  return header(PC_TO_RDR.IccPowerOff, 0, slot, seq, [0, 0, 0]);
}

export function encodeGetSlotStatus(slot: number, seq: number): Uint8Array {
  return header(PC_TO_RDR.GetSlotStatus, 0, slot, seq, [0, 0, 0]);
}

/** PC_to_RDR_XfrBlock carrying `data` (a command APDU, or nothing with `level` = requestNext). */
export function encodeXfrBlock(opts: { slot: number; seq: number; data: Uint8Array; level?: number }): Uint8Array {
  const level = opts.level ?? CHAIN.complete;
  const out = header(PC_TO_RDR.XfrBlock, opts.data.length, opts.slot, opts.seq, [0, level & 0xff, (level >> 8) & 0xff]);
  out.set(opts.data, CCID_HEADER_BYTES);
  return out;
}

/** A parsed bulk-IN message. */
export interface ReaderMessage {
  readonly type: typeof RDR_TO_PC.DataBlock | typeof RDR_TO_PC.SlotStatus;
  readonly slot: number;
  readonly seq: number;
  readonly iccStatus: number;
  readonly commandStatus: number;
  /** bError: a slot error when the command failed, the BWT multiplier on a time extension. */
  readonly error: number;
  /** bChainParameter (DataBlock) or bClockStatus (SlotStatus). */
  readonly specific: number;
  readonly data: Uint8Array;
}

/** How many bytes the message that starts `bytes` needs in total, once its header is in. */
export function messageLength(bytes: Uint8Array): Result<number, TransportErrorInfo> {
  if (bytes.length < CCID_HEADER_BYTES) return err('ccid/truncated', `header needs ${CCID_HEADER_BYTES} bytes, got ${bytes.length}`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, true);
  const total = CCID_HEADER_BYTES + length;
  return total > CCID_MAX_MESSAGE_BYTES ? err('ccid/too_long', `announced ${length} bytes`) : ok(total);
}

/** Parses exactly one bulk-IN message; extra bytes after it are an error, not ignored. */
export function decodeReaderMessage(bytes: Uint8Array): Result<ReaderMessage, TransportErrorInfo> {
  const total = messageLength(bytes);
  if (!total.ok) return total;
  if (bytes.length < total.value) return err('ccid/truncated', `message needs ${total.value} bytes, got ${bytes.length}`);
  if (bytes.length > total.value) return err('ccid/trailing_bytes', `${bytes.length - total.value} bytes after the message`);
  const type = bytes[0];
  if (type !== RDR_TO_PC.DataBlock && type !== RDR_TO_PC.SlotStatus) {
    return err('ccid/unexpected_message', `bMessageType 0x${(type ?? 0).toString(16)}`);
  }
  const status = bytes[7] ?? 0;
  return ok({
    type,
    slot: bytes[5] ?? 0,
    seq: bytes[6] ?? 0,
    iccStatus: status & 0x03,
    commandStatus: (status >> 6) & 0x03,
    error: bytes[8] ?? 0,
    specific: bytes[9] ?? 0,
    data: bytes.slice(CCID_HEADER_BYTES),
  });
}

/** The typed error of a message whose command failed (bmCommandStatus 1), or of a missing card. */
export function failureOf(message: ReaderMessage): TransportErrorInfo | null {
  if (message.iccStatus === ICC_STATUS.absent) return { code: 'ccid/no_card' };
  if (message.commandStatus !== COMMAND_STATUS.failed) return null;
  if (message.error === SLOT_ERROR.iccMute) return { code: 'ccid/card_mute' };
  return { code: 'ccid/command_failed', detail: `bError 0x${message.error.toString(16).padStart(2, '0')}` };
}
