/**
 * UI state of "Log in with Keycard": pick a transport → (pairing password) → PIN → done. The page
 * opens the device and hands the worker its transmit function; every card step is a WorkerApi
 * call (the secure channel, PIN and keys stay in the worker). Errors become text here: card and
 * session codes through errorText, device codes through transportErrorText.
 */
import { proxyCallback, workerClient } from '$lib/client/worker-client.ts';
import type { KeycardCardInfo, KeycardLoginFailure, KeycardPinStatus } from '$lib/shared/keycard-login.ts';
import type { Result } from '$lib/shared/result.ts';
import { transportOptions, type TransportId, type TransportOption } from '$lib/keycard/detect.ts';
import { transportErrorInfo, type TransportErrorInfo } from '$lib/keycard/errors.ts';
import { transportErrorText } from '$lib/keycard/transport-text.ts';
import { openShell, openTransport, probeEnvironment } from '$lib/keycard/transports.ts';
import type { KeycardTransport } from '$lib/keycard/transport.ts';
import { errorText } from './error-text.ts';

export type KeycardStep = 'transport' | 'pairing' | 'pin' | 'blocked';

export class KeycardLoginManager {
  step = $state<KeycardStep>('transport');
  options = $state<TransportOption[]>([]);
  busy = $state(false);
  error = $state<string | null>(null);
  card = $state<KeycardCardInfo | null>(null);
  pin = $state<KeycardPinStatus | null>(null);
  /** The Keycard Shell's wallet public key, once shown. */
  shellKey = $state<string | null>(null);
  #transport: KeycardTransport | null = null;
  #lastTransportError: TransportErrorInfo | null = null;

  /** Set when the card must open this profile (freeing its slot before a delete). */
  readonly #forProfile: string | null;

  constructor(forProfile: string | null = null) {
    this.#forProfile = forProfile;
    this.options = transportOptions(probeEnvironment());
  }

  get transportLabel(): string | null {
    return this.#transport?.label ?? null;
  }

  /** Called from the click on a choice: device pickers need that user gesture. */
  async choose(id: Exclude<TransportId, 'webhid-shell'>): Promise<void> {
    this.error = null;
    this.busy = true;
    try {
      // No await before this call: the browser's device picker needs the click's user activation.
      const opening = openTransport(id);
      const transport = await opening;
      await this.#closeTransport();
      this.#transport = transport;
      const transmit = proxyCallback(async (apdu: Uint8Array) => {
        try {
          return await transport.transmit(apdu);
        } catch (e) {
          this.#lastTransportError = transportErrorInfo(e);
          throw e;
        }
      });
      const card = await this.#call(() => workerClient().api.keycardConnect(transmit));
      if (!card) return void (await this.#closeTransport());
      if (this.#forProfile !== null && card.profileId !== this.#forProfile) {
        // Another card: refuse before it is asked to pair (that would take one of its slots).
        await workerClient().api.keycardDisconnect();
        await this.#closeTransport();
        this.error = errorText({ code: 'keycard/wrong_card' });
        return;
      }
      this.card = card;
      if (card.needsPairing) this.step = 'pairing';
      else await this.#toPin();
    } catch (e) {
      this.error = transportErrorText(transportErrorInfo(e));
    } finally {
      this.busy = false;
    }
  }

  async pair(password: string): Promise<void> {
    this.busy = true;
    try {
      const card = await this.#call(() => workerClient().api.keycardPair(password));
      if (!card) return;
      this.card = card;
      await this.#toPin();
    } finally {
      this.busy = false;
    }
  }

  async #toPin(): Promise<void> {
    const status = await this.#call(() => workerClient().api.keycardOpen());
    if (!status) return;
    this.pin = status;
    this.step = status.pinRetries === 0 ? 'blocked' : 'pin';
  }

  /** VERIFY PIN and log in; true when the profile is open. */
  async logIn(pin: string, copyPassword?: string): Promise<boolean> {
    this.busy = true;
    try {
      const options = copyPassword === undefined ? { pin } : { pin, copyPassword };
      const profile = await this.#call(() => workerClient().api.keycardLogin(options));
      if (!profile) return false;
      await this.#closeTransport();
      this.reset();
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** VERIFY PIN and free this browser's pairing slot on the open profile's card; true when freed. */
  async unpair(pin: string): Promise<boolean> {
    this.busy = true;
    try {
      const freed = await this.#call(() => workerClient().api.keycardUnpair(pin));
      if (freed === null) return false;
      await this.#closeTransport();
      this.reset();
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** The Keycard Shell route: show its wallet public key (it cannot log in). */
  async showShellKey(): Promise<void> {
    this.error = null;
    this.busy = true;
    try {
      const shell = await openShell();
      try {
        this.shellKey = await shell.walletPublicKey();
      } finally {
        await shell.close().catch(() => undefined);
      }
    } catch (e) {
      this.error = transportErrorText(transportErrorInfo(e));
    } finally {
      this.busy = false;
    }
  }

  async cancel(): Promise<void> {
    await workerClient().api.keycardDisconnect();
    await this.#closeTransport();
    this.reset();
  }

  reset(): void {
    this.step = 'transport';
    this.card = null;
    this.pin = null;
    this.error = null;
  }

  async #closeTransport(): Promise<void> {
    const t = this.#transport;
    this.#transport = null;
    await t?.close().catch(() => undefined);
  }

  /** Runs a worker call; on failure sets `error` (the device's own reason when it was the device). */
  async #call<T>(action: () => Promise<Result<T, KeycardLoginFailure>>): Promise<T | null> {
    this.error = null;
    this.#lastTransportError = null;
    const result = await action();
    if (result.ok) return result.value;
    const failure = result.error;
    if (failure.code === 'keycard/transport' && this.#lastTransportError) this.error = transportErrorText(this.#lastTransportError);
    else this.error = errorText(failure);
    if (failure.code === 'keycard/pin_blocked') this.step = 'blocked';
    if (failure.code === 'keycard/wrong_pin' && 'triesLeft' in failure && this.pin) this.pin = { ...this.pin, pinRetries: failure.triesLeft ?? this.pin.pinRetries };
    if (failure.code === 'keycard/pairing_invalid' && this.card) {
      this.card = { ...this.card, needsPairing: true };
      this.step = 'pairing';
    }
    return null;
  }
}
