/**
 * Network diagnostics: publish a test message with light push, watch it come back through filter,
 * and find it in store. Owns the diagnostics subscription and its dedup; the transport is attached
 * and detached by the network service whenever the node is (re)built.
 */
import type { NetworkError, RoundTripReport, SentDiagnostic } from '$lib/shared/api.ts';
import type { DiagnosticMessage } from '$lib/shared/events.ts';
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { bytesToHex, hexToBytes } from '$lib/shared/bytes.ts';
import { createLogger } from '$lib/shared/log.ts';
import type { EventHub } from '../events.ts';
import type { TransportClient } from '../transport/client.ts';
import { toPlainMessage, type PlainWakuMessage, type WakuTransport } from '../transport/waku-node.ts';
import { randomBytes } from '../crypto/random.ts';
import { DIAGNOSTICS_CONTENT_TOPIC, MAX_DIAGNOSTIC_TEXT, decodeDiagnostic, encodeDiagnostic, type DiagnosticDecodeError } from './diagnostics-codec.ts';

const log = createLogger('diagnostics');

/** How long a round trip waits for the filter echo and for the store to have the message. */
const ROUND_TRIP_TIMEOUT_MS = 8_000;
const STORE_RETRY_MS = 250;
/** How far back "fetch diagnostics" looks, and how many it keeps. */
const RECENT_WINDOW_MS = 60 * 60 * 1000;
const RECENT_MAX = 200;
const SEEN_MAX = 2_000;

export class DiagnosticsService implements TransportClient {
  readonly name = 'diagnostics';
  readonly #events: EventHub;
  #transport: WakuTransport | null = null;
  readonly #seen = new Set<string>();
  readonly #echoWaiters = new Map<string, () => void>();
  readonly rejected: Partial<Record<DiagnosticDecodeError, number>> = {};

  constructor(events: EventHub) {
    this.#events = events;
  }

  async attach(transport: WakuTransport): Promise<void> {
    this.#transport = transport;
    await this.resubscribe();
  }

  detach(): void {
    this.#transport = null;
  }

  /** (Re)creates the filter subscription; called on attach and after a reconnect (notes §4.4). */
  async resubscribe(): Promise<void> {
    const t = this.#transport;
    if (!t) return;
    const decoder = t.decoder(DIAGNOSTICS_CONTENT_TOPIC, DEFAULT_SHARD);
    await t.node.filter.unsubscribe(decoder).catch(() => false);
    const subscribed = await t.node.filter.subscribe(decoder, (msg) => {
      this.#accept(toPlainMessage(msg), 'filter');
    });
    if (!subscribed) log.info('no filter peer yet; subscribing again when one connects');
  }

  async send(text: string): Promise<Result<SentDiagnostic, NetworkError>> {
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_DIAGNOSTIC_TEXT) {
      return err('network/invalid_text');
    }
    const t = this.#transport;
    if (!t) return err('network/not_started');
    const encoder = t.encoder(DIAGNOSTICS_CONTENT_TOPIC, DEFAULT_SHARD);
    const payload = encodeDiagnostic(text);
    // A fixed timestamp per message keeps the hash stable across our own retries (notes §4.1).
    const timestamp = new Date();
    const hash = await t.hashOf(encoder, payload, timestamp);
    const result = await t.node.lightPush.send(encoder, { payload, timestamp }, { autoRetry: false });
    if (result.successes.length === 0) {
      const reason = result.failures[0]?.error ?? 'no_peer';
      return err(reason === 'No peer available' ? 'network/no_peer' : 'network/push_failed', String(reason));
    }
    return ok({ hash, sentAt: timestamp.getTime(), acceptedBy: result.successes.length });
  }

  async catchUp(): Promise<boolean> {
    return (await this.fetchRecent(Date.now())).ok;
  }

  async roundTrip(): Promise<Result<RoundTripReport, NetworkError>> {
    const start = performance.now();
    const nonce = bytesToHex(randomBytes(6));
    let echoAt: number | null = null;
    const echo = new Promise<void>((resolve) => this.#echoWaiters.set(nonce, resolve)).then(() => {
      echoAt = performance.now();
    });
    const sent = await this.send(`round trip ${nonce}`);
    const pushMs = performance.now() - start;
    if (!sent.ok) {
      this.#echoWaiters.delete(nonce);
      return sent;
    }
    await Promise.race([echo, sleep(ROUND_TRIP_TIMEOUT_MS)]);
    this.#echoWaiters.delete(nonce);
    const storeAt = await this.#waitInStore(sent.value.hash, start + ROUND_TRIP_TIMEOUT_MS);
    return ok({
      hash: sent.value.hash,
      pushMs: Math.round(pushMs),
      filterMs: echoAt === null ? null : Math.round(echoAt - start),
      storeMs: storeAt === null ? null : Math.round(storeAt - start),
    });
  }

  async fetchRecent(now: number): Promise<Result<readonly DiagnosticMessage[], NetworkError>> {
    const t = this.#transport;
    if (!t) return err('network/not_started');
    const decoder = t.decoder(DIAGNOSTICS_CONTENT_TOPIC, DEFAULT_SHARD);
    const found: DiagnosticMessage[] = [];
    try {
      // Only timeStart: with both bounds the SDK drops the newest 24 h chunk (notes §4.2).
      const options = { timeStart: new Date(now - RECENT_WINDOW_MS), paginationForward: true, paginationLimit: 50 };
      for await (const page of t.node.store.queryGenerator([decoder], options)) {
        for (const pending of page) {
          const msg = await pending;
          const decoded = msg ? this.#accept(toPlainMessage(msg), 'store') : null;
          if (decoded) found.push(decoded);
        }
        if (found.length >= RECENT_MAX) break;
      }
    } catch (e) {
      return err('network/store_failed', String(e));
    }
    found.sort((a, b) => a.sentAt - b.sentAt);
    return ok(found);
  }

  /** Decodes, dedups by message hash, emits, and wakes round-trip waiters. Never throws. */
  #accept(msg: PlainWakuMessage, via: 'filter' | 'store'): DiagnosticMessage | null {
    const decoded = decodeDiagnostic(msg.payload);
    if (!decoded.ok) {
      this.rejected[decoded.reason] = (this.rejected[decoded.reason] ?? 0) + 1;
      log.debug(`rejected a diagnostics payload: ${decoded.reason}`);
      return null;
    }
    const message: DiagnosticMessage = { hash: msg.hash, text: decoded.text, sentAt: msg.timestamp, via };
    const nonce = /^round trip ([0-9a-f]{12})$/.exec(decoded.text)?.[1];
    if (nonce !== undefined) this.#echoWaiters.get(nonce)?.();
    if (!this.#seen.has(msg.hash)) {
      this.#remember(msg.hash);
      this.#events.emit({ type: 'diagnostic-message', message });
    }
    return message;
  }

  #remember(hash: string): void {
    this.#seen.add(hash);
    if (this.#seen.size > SEEN_MAX) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }

  async #waitInStore(hashHex: string, deadline: number): Promise<number | null> {
    while (performance.now() < deadline) {
      if (await this.#inStore(hashHex)) return performance.now();
      await sleep(STORE_RETRY_MS);
    }
    return null;
  }

  async #inStore(hashHex: string): Promise<boolean> {
    const t = this.#transport;
    if (!t) return false;
    const decoder = t.decoder(DIAGNOSTICS_CONTENT_TOPIC, DEFAULT_SHARD);
    try {
      const options = { messageHashes: [hexToBytes(hashHex)], pubsubTopic: decoder.pubsubTopic };
      for await (const page of t.node.store.queryGenerator([decoder], options)) {
        for (const pending of page) if ((await pending)?.hashStr === hashHex) return true;
      }
    } catch (e) {
      log.debug(`store lookup failed: ${String(e)}`);
    }
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
