import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '$lib/shared/events.ts';
import { MAX_PREVIEW_CHARS, type NotificationSettings } from '$lib/shared/notifications.ts';
import { err, ok } from '$lib/shared/result.ts';
import { EventHub } from '../events.ts';
import { NotificationService, parseSettings, type NotificationSettingsStore } from './notifications.ts';

function setup(initial?: unknown, locked = false) {
  let stored: unknown = initial;
  const store: NotificationSettingsStore = {
    load: () => Promise.resolve(locked ? err('session/locked') : ok(stored)),
    save: (s: NotificationSettings) => {
      stored = s;
      return Promise.resolve(ok(undefined));
    },
  };
  const events = new EventHub();
  const shown: WorkerEvent[] = [];
  events.add((e) => shown.push(e));
  const service = new NotificationService(events, store);
  return { service, shown, stored: () => stored };
}

const MESSAGE = { chatId: 'chat-1', senderName: 'Alice', preview: 'see you at  \n noon' };

describe('NotificationService', () => {
  it('does not notify while the page is visible, and notifies with the sender only once it is hidden', async () => {
    const { service, shown } = setup();
    expect(await service.notifyIncoming(MESSAGE)).toBe('page-visible');
    expect(shown).toEqual([]);
    service.setPageVisible(false);
    expect(await service.notifyIncoming(MESSAGE)).toBe('shown');
    expect(shown).toEqual([{ type: 'notify', notification: { chatId: 'chat-1', title: 'Alice', body: 'New message' } }]);
  });

  it('shows a flattened, clamped preview only after the user opted in', async () => {
    const { service, shown } = setup();
    service.setPageVisible(false);
    await service.update({ preview: true });
    await service.notifyIncoming(MESSAGE);
    await service.notifyIncoming({ ...MESSAGE, preview: 'x'.repeat(500) });
    const bodies = shown.map((e) => (e.type === 'notify' ? e.notification.body : ''));
    expect(bodies[0]).toBe('see you at noon');
    expect(bodies[1]).toHaveLength(MAX_PREVIEW_CHARS);
  });

  it('stays silent for a muted chat and when turned off, and again after unmuting notifies', async () => {
    const { service, shown, stored } = setup();
    service.setPageVisible(false);
    await service.setMuted('chat-1', true);
    expect(await service.notifyIncoming(MESSAGE)).toBe('muted');
    expect(await service.notifyIncoming({ ...MESSAGE, chatId: 'chat-2' })).toBe('shown');
    await service.setMuted('chat-1', false);
    await service.update({ enabled: false });
    expect(await service.notifyIncoming(MESSAGE)).toBe('disabled');
    expect(stored()).toEqual({ enabled: false, preview: false, muted: [], background: false });
    expect(shown).toHaveLength(1);
  });

  it('does nothing while no profile is open', async () => {
    const { service, shown } = setup(undefined, true);
    service.setPageVisible(false);
    expect(await service.notifyIncoming(MESSAGE)).toBe('locked');
    expect((await service.settings()).ok).toBe(false);
    expect(shown).toEqual([]);
  });

  it('reads malformed stored settings field by field, falling back to the defaults', () => {
    expect(parseSettings({ enabled: 'yes', preview: true, muted: ['a', 7, null, 'b'] })).toEqual({ enabled: true, preview: true, muted: ['a', 'b'], background: false });
    expect(parseSettings(null)).toEqual({ enabled: true, preview: false, muted: [], background: false });
  });
});
