// The settings of a conversation that belong to me (pin, mute, archive), as menu items for the list's rows and the
// chat header. They are stored on the server and follow me to my other devices.
import { MUTED_FOREVER } from '../conversation.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 * @typedef {import('./menu.js').MenuItem} MenuItem
 */

const HOUR_MS = 3_600_000;

/**
 * @param {ChatClient} client
 * @param {Conversation} conv
 * @param {number} now
 * @returns {MenuItem[]}
 */
export function conversationMenuItems(client, conv, now) {
  const set = (/** @type {Parameters<ChatClient['setPrefs']>[1]} */ change) => void client.setPrefs(conv.id, change);
  const pinnedCount = client.state.listedConversations().filter((c) => c.pinnedAtMs > 0).length;
  /** @type {MenuItem[]} */
  const items = [];
  if (conv.pinnedAtMs > 0) items.push({ label: 'Unpin', testid: 'menu-unpin', icon: 'pin', onSelect: () => set({ pinned: false }) });
  else if (pinnedCount < 5) items.push({ label: 'Pin to top', testid: 'menu-pin', icon: 'pin', onSelect: () => set({ pinned: true }) });
  if (client.state.isMuted(conv.id, now)) {
    items.push({ label: 'Unmute', testid: 'menu-unmute', icon: 'muted', onSelect: () => set({ mutedUntilMs: '0' }) });
  } else {
    items.push({ label: 'Mute for 8 hours', testid: 'menu-mute-8h', icon: 'muted',
      onSelect: () => set({ mutedUntilMs: String(client.now() + 8 * HOUR_MS) }) });
    items.push({ label: 'Mute for 1 week', testid: 'menu-mute-week', icon: 'muted',
      onSelect: () => set({ mutedUntilMs: String(client.now() + 7 * 24 * HOUR_MS) }) });
    items.push({ label: 'Mute until I unmute', testid: 'menu-mute-always', icon: 'muted',
      onSelect: () => set({ mutedUntilMs: MUTED_FOREVER }) });
  }
  items.push(conv.archived
    ? { label: 'Unarchive', testid: 'menu-unarchive', icon: 'archive', onSelect: () => set({ archived: false }) }
    : { label: 'Archive', testid: 'menu-archive', icon: 'archive', onSelect: () => set({ archived: true }) });
  return items;
}
