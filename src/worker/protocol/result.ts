/**
 * Result values for the pure protocol layer (ARCHITECTURE.md rule 1: throwing is for bugs).
 * Owns the Result shape and the constructors; each protocol module declares its own error codes
 * as string-literal unions (codes only, never English — the UI maps codes to text).
 */

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E extends string> = { readonly ok: false; readonly error: E };
export type Result<T, E extends string> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E extends string>(error: E): Err<E> => ({ ok: false, error });
