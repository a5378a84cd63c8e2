/**
 * Edits, deletes, reactions and pins whose original message has not arrived yet (store and
 * filter order is not guaranteed; status-protocol.md §6.7: "if the original is not known yet,
 * store the edit and apply it when the original arrives"). They are kept as the signed AMM
 * pieces they came in, in one vault record ('sessions' / HELD_RECORD_ID) that is staged and
 * committed with the message that held or released them, so a reload loses nothing.
 *
 * Bounded: at most HELD_MAX actions and HELD_MAX_BYTES of payload, each for HELD_TTL_MS; what
 * falls out is reported to the caller (and counted there), never dropped silently.
 * Owns: the held list and its bounds. Does not own: the rules for applying (messages-in.ts).
 */
import type { ParsedAmm } from '../../protocol/index.ts';

export const HELD_RECORD_ID = 'held-actions';
export const HELD_MAX = 500;
export const HELD_MAX_BYTES = 1024 * 1024;
/** Same horizon as incomplete segment sets (§7.6: about a month). */
export const HELD_TTL_MS = 30 * 24 * 3600 * 1000;

export interface HeldAction {
  /** Id of the original message this action names. */
  readonly target: string;
  readonly amm: ParsedAmm;
  /** §2.5 envelope time of the Waku message that carried it (the clock rule's reference). */
  readonly envelopeMs: bigint;
  readonly heldAt: number;
}

export interface HeldRecord {
  readonly v: 1;
  readonly actions: readonly HeldAction[];
}

export const emptyHeld = (): HeldRecord => ({ v: 1, actions: [] });

const isBytes = (x: unknown): x is Uint8Array => x instanceof Uint8Array;

function isHeldAction(x: unknown): x is HeldAction {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  const amm = a['amm'] as Record<string, unknown> | null | undefined;
  return typeof a['target'] === 'string' && typeof a['envelopeMs'] === 'bigint' && typeof a['heldAt'] === 'number'
    && typeof amm === 'object' && amm !== null && typeof amm['type'] === 'number' && typeof amm['messageId'] === 'string'
    && isBytes(amm['payload']) && isBytes(amm['signature']) && isBytes(amm['author']);
}

export function isHeldRecord(v: unknown): v is HeldRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r['v'] === 1 && Array.isArray(r['actions']) && r['actions'].every(isHeldAction);
}

export interface HeldChange {
  readonly record: HeldRecord;
  /** Actions that left without being applied: too old, or pushed out by the bounds. */
  readonly expired: number;
  readonly evicted: number;
}

const sizeOf = (a: HeldAction): number => a.amm.payload.length + a.amm.signature.length + a.amm.author.length + a.target.length;

function fresh(actions: readonly HeldAction[], nowMs: number): HeldAction[] {
  return actions.filter((a) => nowMs - a.heldAt <= HELD_TTL_MS && a.heldAt <= nowMs + HELD_TTL_MS);
}

/** Adds an action (once per AMM id), dropping expired ones and the oldest beyond the bounds. */
export function holdAction(record: HeldRecord, action: HeldAction, nowMs: number): HeldChange {
  const kept = fresh(record.actions, nowMs);
  const expired = record.actions.length - kept.length;
  if (kept.some((a) => a.amm.messageId === action.amm.messageId)) return { record: { v: 1, actions: kept }, expired, evicted: 0 };
  const actions = [...kept, action];
  let bytes = actions.reduce((s, a) => s + sizeOf(a), 0);
  let evicted = 0;
  while (actions.length > 0 && (actions.length > HELD_MAX || bytes > HELD_MAX_BYTES)) {
    bytes -= sizeOf(actions.shift()!);
    evicted++;
  }
  return { record: { v: 1, actions }, expired, evicted };
}

/** Takes the actions naming `target`, in the order they arrived. */
export function takeActions(record: HeldRecord, target: string): { record: HeldRecord; taken: HeldAction[] } {
  const taken = record.actions.filter((a) => a.target === target);
  if (taken.length === 0) return { record, taken };
  return { record: { v: 1, actions: record.actions.filter((a) => a.target !== target) }, taken };
}
