/**
 * Page titles: "Name · Parley", led by the unread count when there is any ("(3) Chats · Parley"),
 * so a background tab says that messages are waiting. Every route's <title> goes through here.
 */
import { chatsManager } from '$lib/managers/chats.svelte.ts';

export function pageTitle(name?: string): string {
  const unread = chatsManager().totalUnread;
  return `${unread > 0 ? `(${unread}) ` : ''}${name ? `${name} · ` : ''}Parley`;
}
