/**
 * The few Keycard Shell commands Parley uses (status-protocol.md §12.5): GET PUBLIC of a wallet
 * path, with GET RESPONSE for `61XX` continuation. Pure over an exchange function. The Shell
 * offers no private-key export, ECDH or raw-digest signing, so it can never provide the Status
 * chat key: Parley shows what it can do (its wallet public key) and says so. Does not own HID.
 */
import { concatBytes } from '$lib/shared/bytes.ts';
import { TransportError } from './errors.ts';

export type ShellExchange = (apdu: Uint8Array) => Promise<Uint8Array>;

export const SHELL_CLA = 0xe0;
export const SHELL_INS = { getPublic: 0x02, getAppConf: 0x06, signEthMessage: 0x08, getResponse: 0xc0 } as const;
/** The first Ethereum account, m/44'/60'/0'/0/0: a wallet key, not the chat key. */
export const WALLET_PATH: readonly number[] = [0x8000002c, 0x8000003c, 0x80000000, 0, 0];
/** GET RESPONSE rounds before we give up on a device that keeps saying "more". */
const MAX_CONTINUATIONS = 64;

const sw = (r: Uint8Array): number => (r.length < 2 ? -1 : ((r[r.length - 2] ?? 0) << 8) | (r[r.length - 1] ?? 0));

/** Sends a command; follows `61XX` with GET RESPONSE and returns data ‖ final SW. */
export async function shellTransmit(exchange: ShellExchange, apdu: Uint8Array): Promise<Uint8Array> {
  let response = await exchange(apdu);
  const parts: Uint8Array[] = [];
  for (let round = 0; (sw(response) >> 8) === 0x61; round++) {
    if (round >= MAX_CONTINUATIONS) throw new TransportError('shell/bad_response', 'endless GET RESPONSE');
    parts.push(response.subarray(0, response.length - 2));
    response = await exchange(Uint8Array.of(SHELL_CLA, SHELL_INS.getResponse, 0, 0, 0));
  }
  if (response.length < 2) throw new TransportError('shell/bad_response', 'no status word');
  return concatBytes(...parts, response);
}

/** GET PUBLIC `E0 02 00 00`, data = count ‖ path as big-endian uint32s. */
export function encodeGetPublic(path: readonly number[]): Uint8Array {
  const data = new Uint8Array(1 + 4 * path.length);
  data[0] = path.length;
  const view = new DataView(data.buffer);
  path.forEach((index, i) => view.setUint32(1 + 4 * i, index >>> 0, false));
  return concatBytes(Uint8Array.of(SHELL_CLA, SHELL_INS.getPublic, 0, 0, data.length), data);
}

export interface ShellPublicKey {
  /** Master key fingerprint (4 bytes). */
  readonly masterFingerprint: Uint8Array;
  /** SEC1 public key as the Shell sends it (65 bytes, uncompressed). */
  readonly publicKey: Uint8Array;
}

/** Parses `04 ‖ fingerprint(4) ‖ 65 ‖ public key(65) ‖ chainLen ‖ [chain] ‖ SW`. */
export function decodeGetPublic(response: Uint8Array): ShellPublicKey {
  const status = sw(response);
  if (status === 0x6982 || status === 0x6985) throw new TransportError('shell/refused', `SW ${status.toString(16)}`);
  if (status !== 0x9000) throw new TransportError('shell/bad_response', `SW ${status.toString(16)}`);
  const body = response.subarray(0, response.length - 2);
  if (body.length < 72 || body[0] !== 4 || body[5] !== 65) throw new TransportError('shell/bad_response', `GET PUBLIC body of ${body.length} bytes`);
  const chainLength = body[71] ?? 0;
  if (body.length !== 72 + chainLength) throw new TransportError('shell/bad_response', 'chain code length');
  return { masterFingerprint: body.slice(1, 5), publicKey: body.slice(6, 71) };
}
