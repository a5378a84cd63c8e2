/**
 * Contact-request state of one contact (status-protocol.md §6.8): what we did (local) and what
 * they did (remote), each with a clock; transitions apply only with a newer clock. Pure.
 */

/** Wire numbering of ContactRequestPropagatedState (§6.8). */
export const STATE_NONE = 0;
export const STATE_SENT = 2;
export const STATE_RECEIVED = 3;
export const STATE_DISMISSED = 4;

export interface ContactRequestState {
  readonly localState: number;
  readonly localClock: bigint;
  readonly remoteState: number;
  readonly remoteClock: bigint;
}

export const NO_CONTACT: ContactRequestState = { localState: STATE_NONE, localClock: 0n, remoteState: STATE_NONE, remoteClock: 0n };

export type RequestView = 'none' | 'sent' | 'received' | 'mutual' | 'declined';

export function viewOf(s: ContactRequestState): RequestView {
  if (s.localState === STATE_DISMISSED) return 'declined';
  if (s.localState === STATE_SENT) return s.remoteState === STATE_RECEIVED ? 'mutual' : 'sent';
  return s.remoteState === STATE_RECEIVED ? 'received' : 'none';
}

/** We sent a request or accepted theirs. */
export function localSent(s: ContactRequestState, clock: bigint): ContactRequestState {
  return clock > s.localClock ? { ...s, localState: STATE_SENT, localClock: clock } : s;
}

export function localDismissed(s: ContactRequestState, clock: bigint): ContactRequestState {
  return clock > s.localClock ? { ...s, localState: STATE_DISMISSED, localClock: clock } : s;
}

/** We retract or remove: both sides back to NONE at the new clock. */
export function localRetracted(s: ContactRequestState, clock: bigint): ContactRequestState {
  return clock > s.localClock ? { localState: STATE_NONE, localClock: clock, remoteState: STATE_NONE, remoteClock: clock } : s;
}

/** They sent a request or accepted ours. `isNewRequest` when remote was NONE before. */
export function remoteReceived(s: ContactRequestState, clock: bigint): { state: ContactRequestState; isNewRequest: boolean } {
  if (clock <= s.remoteClock) return { state: s, isNewRequest: false };
  return { state: { ...s, remoteState: STATE_RECEIVED, remoteClock: clock }, isNewRequest: s.remoteState === STATE_NONE };
}

/** They retracted: remote NONE and, unless we dismissed them, local NONE too. */
export function remoteRetracted(s: ContactRequestState, clock: bigint): ContactRequestState {
  if (clock <= s.remoteClock) return s;
  const remote = { ...s, remoteState: STATE_NONE, remoteClock: clock };
  return s.localState === STATE_DISMISSED ? remote : { ...remote, localState: STATE_NONE, localClock: clock };
}

export interface PropagatedState {
  readonly localClock: bigint;
  readonly localState: number;
  readonly remoteClock: bigint;
  readonly remoteState: number;
}

/**
 * §6.8 rule 5, on the sender's view carried by a message. Returns our new state and whether we
 * should send them a ContactUpdate so they can catch up.
 */
export function applyPropagated(s: ContactRequestState, theirs: PropagatedState): { state: ContactRequestState; sendUpdate: boolean } {
  let state = s;
  let sendUpdate = false;
  // Their "remote" is what they saw of us: RECEIVED there corresponds to SENT here.
  const seenByThem = s.localState === STATE_SENT ? STATE_RECEIVED : STATE_NONE;
  if (theirs.remoteClock < s.localClock && theirs.remoteState !== seenByThem) sendUpdate = true;
  if (theirs.remoteClock > s.localClock && s.localState !== STATE_DISMISSED && theirs.remoteState === STATE_NONE) {
    state = { ...state, localState: STATE_NONE, remoteState: STATE_NONE, localClock: theirs.remoteClock };
  }
  if (theirs.localClock > state.remoteClock) {
    if (theirs.localState === STATE_SENT) state = remoteReceived(state, theirs.localClock).state;
    else if (theirs.localState === STATE_NONE) state = remoteRetracted(state, theirs.localClock);
  }
  return { state, sendUpdate };
}

export function isContactRequestState(v: unknown): v is ContactRequestState {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['localState'] === 'number' && typeof r['localClock'] === 'bigint' && typeof r['remoteState'] === 'number' && typeof r['remoteClock'] === 'bigint';
}
