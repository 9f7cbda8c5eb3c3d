// The left pane: who I am, my presence, the connection, search, and the conversation list (pinned first, then the
// most recent; archived ones behind their own entry). Each row has a menu (pin, mute, archive) that shows on hover
// or focus, and opens on a long press too.
import { html } from 'htm/preact';
import { useRef, useState } from 'preact/hooks';
import { fold } from '../chat-state.js';
import { conversationTitle, displayName, formatListTime, lastSeenText, previewText, typingText } from '../lib/format.js';
import { Avatar, PresenceDot } from './common.js';
import { conversationMenuItems } from './conversation-menu.js';
import { Icon } from './icons.js';
import { MenuButton } from './menu.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 */

/** @type {Record<string, string>} */
const CONNECTION_LABELS = { connected: 'Connected', connecting: 'Connecting…', offline: 'Offline' };

/**
 * @param {{client: ChatClient, now: number}} props
 */
export function ConnectionStatus({ client, now }) {
  const state = client.connectionState;
  const seconds = client.retryAtMs > now ? Math.ceil((client.retryAtMs - now) / 1000) : 0;
  const label = state === 'offline' && seconds > 0 ? `Offline · retry in ${seconds} s` : CONNECTION_LABELS[state];
  return html`<span class=${`connection connection-${state}`} data-testid="connection-status" data-state=${state}
    role="status" aria-live="polite">
    <span class="connection-dot" aria-hidden="true"></span>${label}
  </span>`;
}

/**
 * @param {{client: ChatClient, now: number, onNewChat: () => void, onNewGroup: () => void, onLogout: () => void,
 *   onOpen: (id: string) => void}} props
 */
export function Sidebar({ client, now, onNewChat, onNewGroup, onLogout, onOpen }) {
  const state = client.state;
  const me = state.userId;
  const myName = displayName(state, me);
  const [query, setQuery] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  return html`<aside class="sidebar" aria-label="Chats">
    <header class="sidebar-header">
      <${Avatar} name=${myName} seed=${me} size="small" />
      <div class="me">
        <div class="me-name" data-testid="me-name" dir="auto">${myName}</div>
        <${ConnectionStatus} client=${client} now=${now} />
      </div>
      <button type="button" class=${`pill ${client.busy ? 'pill-on' : ''}`} data-testid="busy-toggle"
        aria-pressed=${client.busy ? 'true' : 'false'} title="Busy: others see you as busy"
        onClick=${() => client.setBusy(!client.busy)}><span class="pill-dot" aria-hidden="true"></span>Busy</button>
      <button type="button" class="icon-button" data-testid="logout-button" title="Sign out" aria-label="Sign out"
        onClick=${onLogout}><${Icon} name="logout" /></button>
    </header>
    <div class="sidebar-actions">
      <button type="button" class="secondary" data-testid="new-chat-button" onClick=${onNewChat}><${Icon} name="plus" size=${16} /> New chat</button>
      <button type="button" class="secondary" data-testid="new-group-button" onClick=${onNewGroup}><${Icon} name="users" size=${16} /> New group</button>
    </div>
    <div class="sidebar-search" role="search">
      <${Icon} name="search" size=${16} />
      <input type="search" data-testid="conversation-search" aria-label="Search chats" placeholder="Search chats"
        value=${query} onInput=${(/** @type {any} */ e) => setQuery(e.currentTarget.value)} />
    </div>
    <${ConversationList} client=${client} now=${now} onOpen=${onOpen} query=${query}
      archived=${showArchived} onArchived=${setShowArchived} />
  </aside>`;
}

/**
 * Whether a conversation matches the list's search: its title, a member's or the peer's name, or its preview.
 * @param {ChatClient} client
 * @param {Conversation} conv
 * @param {string} needle folded query
 */
function matches(client, conv, needle) {
  const state = client.state;
  const texts = [conversationTitle(state, conv), state.preview(conv.id)?.text ?? ''];
  if (conv.peerId) texts.push(state.profiles.get(conv.peerId)?.username ?? '');
  return texts.some((t) => fold(t).includes(needle));
}

/**
 * @param {{client: ChatClient, now: number, onOpen: (id: string) => void, query: string, archived: boolean,
 *   onArchived: (show: boolean) => void}} props
 */
function ConversationList({ client, now, onOpen, query, archived, onArchived }) {
  const state = client.state;
  const needle = fold(query.trim());
  const archivedAll = state.listedConversations({ archived: true });
  let conversations = needle
    ? state.listedConversations().filter((c) => matches(client, c, needle)) // search covers archived ones too
    : state.listedConversations({ archived });
  if (!needle && archived && archivedAll.length === 0) onArchived(false);
  if (!state.listed && conversations.length === 0) return html`<div class="list-empty">Loading…</div>`;
  const archivedUnread = archivedAll.reduce((n, c) => n + (state.isMuted(c.id, now) ? 0 : state.unread(c.id)), 0);
  return html`<div class="conversation-list" data-testid="conversation-list">
    ${!needle && archived && html`<button type="button" class="archived-entry" data-testid="archived-back"
      onClick=${() => onArchived(false)}><${Icon} name="back" size=${18} /><span>Archived chats</span></button>`}
    ${!needle && !archived && archivedAll.length > 0 && html`<button type="button" class="archived-entry"
      data-testid="archived-open" onClick=${() => onArchived(true)}>
      <${Icon} name="archive" size=${18} /><span>Archived</span>
      <span class="archived-count muted">${archivedUnread > 0 ? `${archivedUnread} unread` : archivedAll.length}</span></button>`}
    ${conversations.length === 0 && html`<div class="list-empty" data-testid="list-empty">
      ${needle ? 'No chats match your search.' : 'No conversations yet. Start a chat or create a group.'}</div>`}
    <ul class="conversation-items" aria-label=${archived && !needle ? 'Archived chats' : 'Conversations'}>
      ${conversations.map((conv) => html`<${ConversationRow} key=${conv.id} client=${client} conv=${conv} now=${now}
        onOpen=${onOpen} />`)}
    </ul>
  </div>`;
}

/**
 * @param {{client: ChatClient, conv: Conversation, now: number, onOpen: (id: string) => void}} props
 */
function ConversationRow({ client, conv, now, onOpen }) {
  const state = client.state;
  const [menuOpen, setMenuOpen] = useState(false);
  const press = useRef(/** @type {any} */ (null));
  const nameOf = (/** @type {string} */ userId) => (state.profiles.has(userId) ? displayName(state, userId) : '');
  const title = conversationTitle(state, conv);
  const muted = state.isMuted(conv.id, now);
  const unread = state.unread(conv.id);
  const preview = state.preview(conv.id);
  const typing = state.typingUsers(conv.id, now);
  const connected = client.connectionState === 'connected';
  const presence = conv.kind === 'DIRECT' && connected ? state.presence.get(conv.peerId) : undefined;
  const status = presence?.status ?? '';
  const seen = status === 'OFFLINE' && presence ? lastSeenText(presence.lastSeenMs, now) : '';
  const active = conv.id === client.openId;
  const stopPress = () => clearTimeout(press.current);
  const previewLine = typing.length > 0 ? typingText(typing.map(nameOf))
    : previewText(preview, nameOf, state.userId, conv.kind === 'GROUP');
  return html`<li class=${`conversation-row ${active ? 'active' : ''} ${menuOpen ? 'acting' : ''}`}
    data-testid="conversation-row" data-conversation-id=${conv.id}>
    <button type="button" class=${`conversation ${unread > 0 ? 'has-unread' : ''}`}
      data-testid="conversation-item" data-conversation-id=${conv.id} aria-current=${active ? 'true' : undefined}
      data-pinned=${conv.pinnedAtMs > 0 ? 'true' : 'false'} data-muted=${muted ? 'true' : 'false'}
      data-archived=${conv.archived ? 'true' : 'false'}
      onClick=${() => onOpen(conv.id)}
      onPointerDown=${() => { stopPress(); press.current = setTimeout(() => setMenuOpen(true), 500); }}
      onPointerUp=${stopPress} onPointerLeave=${stopPress} onPointerCancel=${stopPress}
      onContextMenu=${(/** @type {MouseEvent} */ e) => { e.preventDefault(); stopPress(); setMenuOpen(true); }}>
      <${Avatar} name=${title} seed=${conv.kind === 'DIRECT' ? conv.peerId : conv.id}>
        ${status && html`<${PresenceDot} status=${status} title=${seen} />`}
      </${Avatar}>
      <span class="conversation-main">
        <span class="conversation-top">
          <span class="conversation-title" data-testid="conversation-title" dir="auto">${title}</span>
          <span class="conversation-time">${formatListTime(preview?.atMs || conv.lastActivityMs, now)}</span>
        </span>
        <span class="conversation-bottom">
          <span class=${`conversation-preview ${typing.length > 0 ? 'typing' : ''}`} data-testid="conversation-preview"
            dir="auto">${previewLine}</span>
          ${muted && html`<span class="row-icon" data-testid="muted-icon" title="Muted"><${Icon} name="muted" size=${15} /></span><span class="sr-only">, muted</span>`}
          ${conv.pinnedAtMs > 0 && html`<span class="row-icon" data-testid="pinned-icon" title="Pinned"><${Icon} name="pin" size=${15} /></span><span class="sr-only">, pinned</span>`}
          ${unread > 0 && html`<span class=${`badge ${muted ? 'badge-muted' : ''}`} data-testid="unread-badge">${unread > 999 ? '999+' : unread}</span><span class="sr-only"> unread</span>`}
        </span>
      </span>
    </button>
    <${MenuButton} label=${`Settings of ${title}`} testid="conversation-menu-button" className="row-menu-button icon-button"
      icon="down" items=${conversationMenuItems(client, conv, now)} open=${menuOpen} onOpenChange=${setMenuOpen}
      menuTestid="conversation-menu" />
  </li>`;
}
