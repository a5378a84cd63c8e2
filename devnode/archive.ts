/**
 * Message archive on SQLite (node:sqlite DatabaseSync), the storage behind store
 * v3 (notes §5). Owns the schema, inserts, filtered/paged selects ordered by
 * (timestamp, hash) as nwaku does, and retention. Does not know the wire format
 * of store requests (see store.ts).
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';

export interface RetentionPolicy {
  /** Delete messages older than this (by message timestamp); 0 disables. */
  maxAgeMs: number;
  /** Keep at most this many messages (oldest go first); 0 disables. */
  maxCount: number;
}

export interface ArchivedMessage {
  hash: Uint8Array;
  pubsubTopic: string;
  timestamp: bigint;
  /** The WakuMessage protobuf exactly as received. */
  encoded: Uint8Array;
}

export interface ArchiveQuery {
  pubsubTopic?: string;
  contentTopics: string[];
  /** Inclusive lower bound, ns. */
  timeStart?: bigint;
  /** Exclusive upper bound, ns. */
  timeEnd?: bigint;
  hashes: Uint8Array[];
  cursor?: { timestamp: bigint; hash: Uint8Array };
  forward: boolean;
  /** Rows to return at most (callers ask for page size + 1 to detect more). */
  limit: number;
}

const MAX_CACHED_STATEMENTS = 256;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  hash BLOB NOT NULL PRIMARY KEY,
  pubsub_topic TEXT NOT NULL,
  content_topic TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  encoded BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_time ON messages (timestamp, hash);
CREATE INDEX IF NOT EXISTS messages_by_topic ON messages (pubsub_topic, content_topic, timestamp, hash);
`;

export class Archive {
  #db: DatabaseSync;
  #statements = new Map<string, StatementSync>();

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    if (path !== ':memory:') this.#db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;');
    this.#db.exec(SCHEMA);
  }

  #stmt(sql: string): StatementSync {
    let s = this.#statements.get(sql);
    if (!s) {
      // Queries differ by IN-list length; keep the cache bounded.
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      s = this.#db.prepare(sql);
      s.setReadBigInts(true);
      this.#statements.set(sql, s);
    }
    return s;
  }

  /** Stores a message; false when its hash is already archived. */
  insert(m: ArchivedMessage & { contentTopic: string }): boolean {
    const r = this.#stmt(
      'INSERT OR IGNORE INTO messages (hash, pubsub_topic, content_topic, timestamp, encoded) VALUES (?, ?, ?, ?, ?)',
    ).run(m.hash, m.pubsubTopic, m.contentTopic, m.timestamp, m.encoded);
    return Number(r.changes) === 1;
  }

  /** Position of an archived message, for cursor pagination. */
  position(hash: Uint8Array): { timestamp: bigint; hash: Uint8Array } | undefined {
    const row = this.#stmt('SELECT timestamp FROM messages WHERE hash = ?').get(hash);
    return row ? { timestamp: row.timestamp as bigint, hash } : undefined;
  }

  /** Rows in query order: ascending when forward, descending otherwise. */
  select(q: ArchiveQuery): ArchivedMessage[] {
    const { where, params } = whereClause(q);
    const dir = q.forward ? 'ASC' : 'DESC';
    const sql = `SELECT hash, pubsub_topic, timestamp, encoded FROM messages ${where} ` +
      `ORDER BY timestamp ${dir}, hash ${dir} LIMIT ?`;
    const rows = this.#stmt(sql).all(...params, q.limit);
    return rows.map((r) => ({
      hash: r.hash as Uint8Array,
      pubsubTopic: r.pubsub_topic as string,
      timestamp: r.timestamp as bigint,
      encoded: r.encoded as Uint8Array,
    }));
  }

  count(): number {
    return Number(this.#stmt('SELECT COUNT(*) AS n FROM messages').get()?.n ?? 0);
  }

  /** Applies the retention policy; returns how many messages were deleted. */
  applyRetention(policy: RetentionPolicy, nowMs: number = Date.now()): number {
    let deleted = 0;
    if (policy.maxAgeMs > 0) {
      const cutoff = BigInt(nowMs - policy.maxAgeMs) * 1_000_000n;
      deleted += Number(this.#stmt('DELETE FROM messages WHERE timestamp < ?').run(cutoff).changes);
    }
    if (policy.maxCount > 0) {
      const excess = this.count() - policy.maxCount;
      if (excess > 0) {
        deleted += Number(this.#stmt(
          'DELETE FROM messages WHERE hash IN (SELECT hash FROM messages ORDER BY timestamp ASC, hash ASC LIMIT ?)',
        ).run(excess).changes);
      }
    }
    return deleted;
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

type SqlParam = string | bigint | Uint8Array;

function whereClause(q: ArchiveQuery): { where: string; params: SqlParam[] } {
  const conds: string[] = [];
  const params: SqlParam[] = [];
  if (q.hashes.length) {
    conds.push(`hash IN (${q.hashes.map(() => '?').join(', ')})`);
    params.push(...q.hashes);
  }
  if (q.pubsubTopic) {
    conds.push('pubsub_topic = ?');
    params.push(q.pubsubTopic);
  }
  if (q.contentTopics.length) {
    conds.push(`content_topic IN (${q.contentTopics.map(() => '?').join(', ')})`);
    params.push(...q.contentTopics);
  }
  if (q.timeStart !== undefined) {
    conds.push('timestamp >= ?');
    params.push(q.timeStart);
  }
  if (q.timeEnd !== undefined) {
    conds.push('timestamp < ?');
    params.push(q.timeEnd);
  }
  if (q.cursor) {
    conds.push(`(timestamp, hash) ${q.forward ? '>' : '<'} (?, ?)`);
    params.push(q.cursor.timestamp, q.cursor.hash);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}
