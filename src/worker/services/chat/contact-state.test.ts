import { describe, expect, it } from 'vitest';
import {
  NO_CONTACT,
  STATE_NONE,
  STATE_RECEIVED,
  STATE_SENT,
  applyPropagated,
  localDismissed,
  localRetracted,
  localSent,
  remoteReceived,
  remoteRetracted,
  viewOf,
} from './contact-state.ts';

describe('contact request state (§6.8)', () => {
  it('a request sent and then accepted by the other side becomes mutual', () => {
    const sent = localSent(NO_CONTACT, 10n);
    expect(viewOf(sent)).toBe('sent');
    const accepted = remoteReceived(sent, 20n);
    expect(accepted.isNewRequest).toBe(true);
    expect(viewOf(accepted.state)).toBe('mutual');
  });

  it('a received request shows as received until accepted or declined', () => {
    const got = remoteReceived(NO_CONTACT, 5n).state;
    expect(viewOf(got)).toBe('received');
    expect(viewOf(localSent(got, 6n))).toBe('mutual');
    expect(viewOf(localDismissed(got, 6n))).toBe('declined');
  });

  it('ignores transitions that do not carry a newer clock', () => {
    const s = localSent(NO_CONTACT, 10n);
    expect(localDismissed(s, 10n)).toBe(s);
    const r = remoteReceived(NO_CONTACT, 7n).state;
    expect(remoteReceived(r, 7n)).toEqual({ state: r, isNewRequest: false });
    expect(remoteRetracted(r, 6n)).toBe(r);
  });

  it('a retraction from them resets both sides unless we dismissed them', () => {
    const mutual = remoteReceived(localSent(NO_CONTACT, 1n), 2n).state;
    expect(remoteRetracted(mutual, 3n)).toMatchObject({ localState: STATE_NONE, remoteState: STATE_NONE, localClock: 3n });
    const dismissed = localDismissed(remoteReceived(NO_CONTACT, 1n).state, 2n);
    expect(viewOf(remoteRetracted(dismissed, 3n))).toBe('declined');
  });

  it('our own retraction clears both sides at the new clock', () => {
    const mutual = remoteReceived(localSent(NO_CONTACT, 1n), 2n).state;
    expect(localRetracted(mutual, 9n)).toEqual({ localState: STATE_NONE, localClock: 9n, remoteState: STATE_NONE, remoteClock: 9n });
  });

  it('a propagated SENT from them is a received request; a stale view of us asks for a ContactUpdate', () => {
    const ours = localSent(NO_CONTACT, 50n);
    const r = applyPropagated(ours, { localClock: 60n, localState: STATE_SENT, remoteClock: 10n, remoteState: STATE_NONE });
    expect(viewOf(r.state)).toBe('mutual');
    expect(r.state.remoteState).toBe(STATE_RECEIVED);
    expect(r.sendUpdate).toBe(true);
  });

  it('no ContactUpdate is sent when their view of us matches, even at an older clock', () => {
    const mutual = remoteReceived(localSent(NO_CONTACT, 50n), 60n).state;
    const r = applyPropagated(mutual, { localClock: 60n, localState: STATE_SENT, remoteClock: 40n, remoteState: STATE_RECEIVED });
    expect(r.sendUpdate).toBe(false);
    expect(r.state).toEqual(mutual);
  });

  it('a propagated newer NONE of us from them is an implicit retraction', () => {
    const ours = localSent(NO_CONTACT, 50n);
    const r = applyPropagated(ours, { localClock: 0n, localState: STATE_NONE, remoteClock: 70n, remoteState: STATE_NONE });
    expect(r.state).toMatchObject({ localState: STATE_NONE, localClock: 70n });
  });
});
