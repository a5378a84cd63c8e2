/**
 * Result values: how every WorkerApi method reports expected failures. Comlink drops custom fields
 * of thrown errors, so errors cross the worker boundary as plain data. Throwing is for bugs.
 * Error codes are stable identifiers, never English; the UI maps codes to text.
 */

export interface ErrorInfo<C extends string = string> {
  readonly code: C;
  /** Machine-oriented detail (an argument name, a count); never shown raw to users. */
  readonly detail?: string;
}

export type Result<T, E extends ErrorInfo = ErrorInfo> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<C extends string>(code: C, detail?: string): { readonly ok: false; readonly error: ErrorInfo<C> } {
  return { ok: false, error: detail === undefined ? { code } : { code, detail } };
}
