/**
 * The test-only emulator route. When `window.__parleyKeycardEmulator` exists (Playwright installs
 * it with page.exposeFunction; it forwards hex APDUs to the TypeScript Keycard emulator in
 * test/keycard/emulator.ts, running in Node), the picker offers "Keycard emulator (test)". No
 * production code path installs it; nothing else refers to it.
 */
import { bytesToHex, hexToBytes } from '$lib/shared/bytes.ts';
import { TransportError } from './errors.ts';
import type { KeycardTransport } from './transport.ts';

export type EmulatorHook = (apduHex: string) => Promise<string>;

export function emulatorHook(scope: object): EmulatorHook | null {
  const hook = (scope as { __parleyKeycardEmulator?: unknown }).__parleyKeycardEmulator;
  return typeof hook === 'function' ? (hook as EmulatorHook) : null;
}

export function connectEmulator(hook: EmulatorHook): KeycardTransport {
  return {
    id: 'emulator',
    label: 'Keycard emulator (test)',
    async transmit(apdu) {
      const answer = await hook(bytesToHex(apdu));
      try {
        return hexToBytes(answer);
      } catch {
        throw new TransportError('emulator/bad_response');
      }
    },
    close: () => Promise.resolve(),
  };
}
