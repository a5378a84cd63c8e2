/**
 * What a page-side Keycard transport is: a dumb byte pipe. The worker drives the card through
 * `transmit` (handed over as a Comlink proxy); the secure channel ends in the worker, so a
 * transport only ever sees SELECT/PAIR plaintext and encrypted secured APDUs. Types only.
 */
import type { TransportId } from './detect.ts';

export interface KeycardTransport {
  readonly id: TransportId;
  /** What the user picked: the reader's or device's product name. */
  readonly label: string;
  /** Sends one command APDU and resolves with the response APDU (data ‖ SW1 SW2). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}
