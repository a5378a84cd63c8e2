/**
 * A namespaced logger used instead of bare `console` (ARCHITECTURE.md rule 10). Never pass
 * secrets: key types redact themselves, but a caller should not rely on that.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: LogLevel = 'info';

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export interface Logger {
  debug(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  error(msg: string, ...args: unknown[]): void;
}

export function createLogger(namespace: string): Logger {
  const emit = (level: LogLevel, msg: string, args: unknown[]): void => {
    if (ORDER[level] < ORDER[threshold]) return;
    // eslint-disable-next-line no-console
    console[level](`[parley:${namespace}] ${msg}`, ...args);
  };
  return {
    debug: (m, ...a) => emit('debug', m, a),
    info: (m, ...a) => emit('info', m, a),
    warn: (m, ...a) => emit('warn', m, a),
    error: (m, ...a) => emit('error', m, a),
  };
}
