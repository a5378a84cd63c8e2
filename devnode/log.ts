/**
 * A small namespaced logger writing to stderr (stdout is reserved for the one
 * `devnode ready …` line). Quiet by default: warnings and errors only;
 * DEVNODE_LOG=info|debug for more, DEVNODE_LOG=silent for none.
 * Owns no protocol logic.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, namespace: string, message: string) => void;

export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
  child(namespace: string): Logger;
}

const LEVEL_RANK: Record<LogLevel | 'silent', number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};

function thresholdFromEnv(): number {
  const raw = (process.env.DEVNODE_LOG ?? 'warn').toLowerCase();
  return raw in LEVEL_RANK ? LEVEL_RANK[raw as LogLevel] : LEVEL_RANK.warn;
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}

/** Default sink: one line per record on stderr, filtered by DEVNODE_LOG. */
export function stderrSink(): LogSink {
  const threshold = thresholdFromEnv();
  return (level, namespace, message) => {
    if (LEVEL_RANK[level] < threshold) return;
    process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${namespace} ${message}\n`);
  };
}

export function createLogger(namespace: string, sink: LogSink = stderrSink()): Logger {
  const emit = (level: LogLevel, message: string, rest: unknown[]): void => {
    const text = rest.length ? `${message} ${rest.map(describe).join(' ')}` : message;
    sink(level, namespace, text);
  };
  return {
    debug: (m, ...r) => emit('debug', m, r),
    info: (m, ...r) => emit('info', m, r),
    warn: (m, ...r) => emit('warn', m, r),
    error: (m, ...r) => emit('error', m, r),
    child: (ns) => createLogger(`${namespace}:${ns}`, sink),
  };
}
