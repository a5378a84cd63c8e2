/**
 * One command APDU in clear over a caller-supplied `Transmit`, following `61xx` with GET RESPONSE
 * (T=0 readers) and joining the chunks. Transport failures become `keycard/transport` with the
 * transport's own code as detail. Pure apart from calling `transmit`.
 */
import { concatBytes } from '../../lib/shared/bytes.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';
import { err, ok, type Result } from '../../lib/shared/result.ts';
import { CLA_ISO, INS, command, encodeCommand, parseResponse, type CommandApdu, type ResponseApdu } from './apdu.ts';

/**
 * Sends one raw command APDU and resolves with the raw response (data ‖ SW1 ‖ SW2). Rejecting
 * means the transport failed; the client reports it as `keycard/transport`.
 */
export type Transmit = (apdu: Uint8Array) => Promise<Uint8Array>;

/** Upper bound of GET RESPONSE round trips for one command (T=0 readers). */
const MAX_GET_RESPONSE = 16;

/** A transport's own stable code when it has one (e.g. `device/disconnected`), else the error's name. */
function transportDetail(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length > 0 && code.length <= 64) return code;
  return e instanceof Error ? e.name : typeof e;
}

/** Sends `c` and returns the whole response, after any GET RESPONSE round trips. */
export async function exchangeInClear(transmit: Transmit, c: CommandApdu): Promise<Result<ResponseApdu, KeycardError>> {
  let apdu = encodeCommand(c);
  const chunks: Uint8Array[] = [];
  for (let i = 0; ; i++) {
    let raw: Uint8Array;
    try {
      raw = await transmit(apdu);
    } catch (e) {
      return err('keycard/transport', transportDetail(e));
    }
    const r = parseResponse(raw);
    if (!r.ok) return r;
    chunks.push(r.value.data);
    if (r.value.sw >> 8 !== 0x61) return chunks.length === 1 ? r : ok({ data: concatBytes(...chunks), sw: r.value.sw });
    if (i >= MAX_GET_RESPONSE) return err('keycard/malformed_response', 'get_response_loop');
    apdu = Uint8Array.of(...encodeCommand(command(CLA_ISO, INS.GET_RESPONSE, 0, 0, new Uint8Array(0))), r.value.sw & 0xff);
  }
}
