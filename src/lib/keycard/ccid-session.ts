/**
 * A CCID exchange with one slot of an APDU-level USB smart-card reader, over an abstract bulk
 * pipe: power on (→ ATR), send an APDU (→ response APDU), power off. Owns the sequence numbers,
 * time-extension waits (bmCommandStatus 2), response chaining (bChainParameter) and reassembly
 * of messages split over several USB transfers. Does not own USB: webusb-ccid.ts supplies the
 * pipe. Readers that need TPDU-level T=1 from the host are not supported (we never build T=1
 * blocks); almost all current readers advertise short or extended APDU level exchange.
 */
import { TransportError } from './errors.ts';
import {
  CCID_MAX_MESSAGE_BYTES,
  CHAIN,
  COMMAND_STATUS,
  RDR_TO_PC,
  decodeReaderMessage,
  encodePowerOff,
  encodePowerOn,
  encodeXfrBlock,
  failureOf,
  messageLength,
  type ReaderMessage,
} from './ccid.ts';
import { concatBytes } from '$lib/shared/bytes.ts';

/** The USB side: one bulk-OUT write, one bulk-IN read (which may return part of a message). */
export interface BulkPipe {
  out(bytes: Uint8Array): Promise<void>;
  in(maxLength: number): Promise<Uint8Array>;
}

/** A card that keeps asking for more time this often is treated as hung. */
export const MAX_TIME_EXTENSIONS = 120;
/** Response chains longer than this many parts are refused (64 KiB in 256-byte parts). */
const MAX_CHAIN_PARTS = 260;

export class CcidSession {
  readonly #pipe: BulkPipe;
  readonly #slot: number;
  #seq = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(pipe: BulkPipe, slot = 0) {
    this.#pipe = pipe;
    this.#slot = slot;
  }

  /** Powers the card on; resolves with its ATR. */
  powerOn(): Promise<Uint8Array> {
    return this.#serial(async () => {
      const reply = await this.#exchange((seq) => encodePowerOn(this.#slot, seq), RDR_TO_PC.DataBlock);
      return reply.data;
    });
  }

  powerOff(): Promise<void> {
    return this.#serial(async () => {
      await this.#exchange((seq) => encodePowerOff(this.#slot, seq), RDR_TO_PC.SlotStatus);
    });
  }

  /** Sends one command APDU; resolves with the complete response APDU (data ‖ SW1 SW2). */
  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    return this.#serial(async () => {
      let reply = await this.#exchange((seq) => encodeXfrBlock({ slot: this.#slot, seq, data: apdu }), RDR_TO_PC.DataBlock);
      const parts = [reply.data];
      while (reply.specific === CHAIN.begins || reply.specific === CHAIN.continues) {
        if (parts.length >= MAX_CHAIN_PARTS) throw new TransportError('ccid/too_long', 'response chain');
        const next = (seq: number): Uint8Array => encodeXfrBlock({ slot: this.#slot, seq, data: new Uint8Array(0), level: CHAIN.requestNext });
        reply = await this.#exchange(next, RDR_TO_PC.DataBlock);
        parts.push(reply.data);
      }
      return concatBytes(...parts);
    });
  }

  /** One command → its final response, waiting through time extensions. */
  async #exchange(build: (seq: number) => Uint8Array, expected: number): Promise<ReaderMessage> {
    const seq = this.#seq;
    this.#seq = (this.#seq + 1) & 0xff;
    await this.#pipe.out(build(seq));
    for (let waits = 0; ; waits++) {
      const message = await this.#readMessage();
      if (message.seq !== seq) throw new TransportError('ccid/sequence_mismatch', `sent ${seq}, got ${message.seq}`);
      if (message.commandStatus === COMMAND_STATUS.timeExtension) {
        if (waits >= MAX_TIME_EXTENSIONS) throw new TransportError('ccid/too_many_time_extensions');
        continue;
      }
      const failure = failureOf(message);
      if (failure) throw new TransportError(failure.code, failure.detail);
      if (message.type !== expected) throw new TransportError('ccid/unexpected_message', `bMessageType 0x${message.type.toString(16)}`);
      return message;
    }
  }

  /** Reads bulk-IN transfers until one whole message is in. */
  async #readMessage(): Promise<ReaderMessage> {
    let buffer = await this.#pipe.in(CCID_MAX_MESSAGE_BYTES);
    for (;;) {
      const total = messageLength(buffer);
      if (total.ok && buffer.length >= total.value) break;
      if (!total.ok && total.error.code !== 'ccid/truncated') throw new TransportError(total.error.code, total.error.detail);
      const more = await this.#pipe.in(CCID_MAX_MESSAGE_BYTES);
      if (more.length === 0) throw new TransportError('ccid/truncated', 'the reader sent an empty transfer mid-message');
      buffer = concatBytes(buffer, more);
    }
    const decoded = decodeReaderMessage(buffer);
    if (!decoded.ok) throw new TransportError(decoded.error.code, decoded.error.detail);
    return decoded.value;
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
