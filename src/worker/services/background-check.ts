/**
 * The worker's half of the background store check (issue #5): while a profile that opted in
 * ("Check for messages in the background", with notifications on) is open, keep its small
 * unencrypted record for the service worker up to date — the configured nodes, the message topics
 * (partitioned + negotiated), and what this app has already seen. Opting out, turning
 * notifications off or deleting the profile deletes the record.
 *
 * Owns: when the record is written or deleted, and the "seen" bookkeeping. Does not own: the
 * record's shape and the decision (lib/shared/background-check.ts), the database schema
 * (lib/shared/background-db.ts), or the check itself (the service worker). No key, name or
 * message content ever goes into the record.
 */
import {
  BACKGROUND_RECORD_VERSION,
  MAX_BACKGROUND_NODES,
  MAX_BACKGROUND_TOPICS,
  MAX_REMEMBERED_HASHES,
  parseBackgroundRecord,
  type BackgroundRecord,
  type FoundEnvelope,
} from '$lib/shared/background-check.ts';
import { deleteRecord, openBackgroundDb, putRecord, type BackgroundDb } from '$lib/shared/background-db.ts';
import { createLogger } from '$lib/shared/log.ts';
import { DEFAULT_SHARD, type NetworkSettings } from '$lib/shared/network.ts';
import type { NotificationSettings } from '$lib/shared/notifications.ts';

const log = createLogger('background-check');
/** How often the record is refreshed while the profile is open (topics, nodes, seenUntil). */
const REFRESH_MS = 30_000;
/** A burst of envelopes is written once, shortly after. */
const WRITE_DELAY_MS = 500;
/** While live, everything older than this has reached us (filter push takes well under a second). */
const LIVE_MARGIN_MS = 10_000;

/** What the record is built from: the open profile's chat engine (or a test double). */
export interface EnvelopeSource {
  readonly messageTopics: readonly string[];
  readonly live: boolean;
  onEnvelope: (msg: FoundEnvelope) => void;
}

export interface BackgroundCheckDeps {
  readonly network: () => NetworkSettings;
  readonly db?: () => Promise<BackgroundDb>;
  readonly now?: () => number;
}

let shared: Promise<BackgroundDb> | null = null;
const defaultDb = (): Promise<BackgroundDb> => (shared ??= openBackgroundDb());

/** Deletes a profile's record (and the service worker's state for it); used on profile deletion. Never throws. */
export async function forgetBackgroundRecord(profileId: string, db: () => Promise<BackgroundDb> = defaultDb): Promise<void> {
  try {
    await deleteRecord(await db(), profileId);
  } catch (e) {
    log.warn(`deleting the background record failed: ${String(e)}`);
  }
}

export class BackgroundCheck {
  readonly #deps: BackgroundCheckDeps;
  readonly #db: () => Promise<BackgroundDb>;
  readonly #now: () => number;
  #profileId: string | null = null;
  #source: EnvelopeSource | null = null;
  #active = false;
  /** The newest settings told by apply(), per profile. */
  readonly #latest = new Map<string, NotificationSettings>();
  #seenUntil = 0;
  #seen: FoundEnvelope[] = [];
  #interval: ReturnType<typeof setInterval> | null = null;
  #pending: ReturnType<typeof setTimeout> | null = null;
  /** Writes and deletes run one at a time, in order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(deps: BackgroundCheckDeps) {
    this.#deps = deps;
    this.#db = deps.db ?? defaultDb;
    this.#now = deps.now ?? Date.now;
  }

  /** A profile opened (with its engine and settings) or closed (null). Closing keeps the record. */
  async profileChanged(profile: { id: string; source: EnvelopeSource; settings: NotificationSettings } | null): Promise<void> {
    this.#stopTimers();
    this.#profileId = profile?.id ?? null;
    this.#source = profile?.source ?? null;
    this.#active = false;
    this.#seen = [];
    if (!profile) return;
    profile.source.onEnvelope = (m) => this.#sawEnvelope(m);
    const previous = await this.#read(profile.id);
    this.#seenUntil = previous?.seenUntil ?? this.#now();
    // The user may have changed the settings while the profile was opening: the newest win.
    await this.apply(this.#latest.get(profile.id) ?? profile.settings, profile.id);
  }

  /** Follows the settings of `profileId`: write the record while opted in with notifications on, else delete it. */
  async apply(settings: NotificationSettings, profileId: string | undefined): Promise<void> {
    if (profileId === undefined) return;
    this.#latest.set(profileId, settings);
    if (this.#profileId !== profileId) return;
    const wasActive = this.#active;
    this.#active = settings.enabled && settings.background;
    if (this.#active) {
      if (!wasActive && this.#seenUntil === 0) this.#seenUntil = this.#now();
      this.#interval ??= setInterval(() => void this.flush(), REFRESH_MS);
      await this.flush();
    } else {
      this.#stopTimers();
      await this.#enqueue(async () => deleteRecord(await this.#db(), profileId));
    }
  }

  /** Writes the record now (tests and the timers call this). */
  flush(): Promise<void> {
    if (this.#pending !== null) clearTimeout(this.#pending);
    this.#pending = null;
    return this.#enqueue(async () => {
      const record = this.#record();
      if (record) await putRecord(await this.#db(), record);
    });
  }

  #record(): BackgroundRecord | null {
    const source = this.#source;
    const profileId = this.#profileId;
    if (!this.#active || !source || !profileId) return null;
    const network = this.#deps.network();
    if (source.live) this.#seenUntil = Math.max(this.#seenUntil, this.#now() - LIVE_MARGIN_MS);
    this.#seen = this.#seen.filter((e) => e.timestamp > this.#seenUntil).slice(-MAX_REMEMBERED_HASHES);
    const topics = source.messageTopics.slice(0, MAX_BACKGROUND_TOPICS);
    const nodes = network.nodes.slice(0, MAX_BACKGROUND_NODES);
    if (topics.length === 0 || nodes.length === 0) return null;
    return {
      v: BACKGROUND_RECORD_VERSION,
      profileId,
      nodes,
      clusterId: network.clusterId,
      shard: DEFAULT_SHARD,
      topics,
      seenUntil: this.#seenUntil,
      seen: this.#seen.map((e) => e.hash),
    };
  }

  #sawEnvelope(m: FoundEnvelope): void {
    if (m.timestamp <= this.#seenUntil || this.#seen.some((e) => e.hash === m.hash)) return;
    this.#seen.push({ hash: m.hash, timestamp: m.timestamp });
    if (this.#active && this.#pending === null) this.#pending = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
  }

  async #read(profileId: string): Promise<BackgroundRecord | null> {
    try {
      return parseBackgroundRecord(await (await this.#db()).get('records', profileId));
    } catch {
      return null;
    }
  }

  #enqueue(job: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(job).catch((e: unknown) => log.warn(`background record: ${String(e)}`));
    return this.#queue;
  }

  #stopTimers(): void {
    if (this.#interval !== null) clearInterval(this.#interval);
    if (this.#pending !== null) clearTimeout(this.#pending);
    this.#interval = null;
    this.#pending = null;
  }
}
