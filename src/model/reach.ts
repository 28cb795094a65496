/**
 * Sets of error codes that reach a point of a handler (src/model/handler-sinks.ts): which codes an
 * `if`/`switch` on the error lets through to a statement, plus `NO_ERROR` where the handler may run
 * without one (a callback called on success).
 */
import { SOCKET_ERROR_CODES, SOCKET_ERRORS } from '../codes.js';

/** In a set of codes reaching a point: "the error may be absent" (callbacks are called with none on success). */
export const NO_ERROR = '';
export type Reach = ReadonlySet<string>;
export const NOTHING: Reach = new Set();

/** Every code the table calls routine on close: what `isBenignCloseError(err)` is true for. */
export const BENIGN_CODES: ReadonlySet<string> = new Set(SOCKET_ERROR_CODES.filter((code) => SOCKET_ERRORS[code].benignOnClose));

export function union(...sets: Reach[]): Reach {
  const result = new Set<string>();
  for (const set of sets) for (const value of set) result.add(value);
  return result;
}
export function intersect(set: Reach, keep: ReadonlySet<string>): Reach {
  return new Set([...set].filter((value) => keep.has(value)));
}
export function without(set: Reach, drop: ReadonlySet<string> | string): Reach {
  return new Set([...set].filter((value) => (typeof drop === 'string' ? value !== drop : !drop.has(value))));
}
export const onlyNoError = (set: Reach): Reach => (set.has(NO_ERROR) ? new Set([NO_ERROR]) : NOTHING);
