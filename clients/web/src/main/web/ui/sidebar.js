// The left pane: who I am, my presence, the connection, and the conversation list (most recent first).
import { html } from 'htm/preact';
import { conversationTitle, displayName, formatListTime, lastSeenText, previewText, typingText } from '../lib/format.js';
import { Avatar, PresenceDot } from './common.js';
import { Icon } from './icons.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
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
    <span class="connection-dot"></span>${label}
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
  return html`<aside class="sidebar">
    <header class="sidebar-header">
      <${Avatar} name=${myName} seed=${me} size="small" />
      <div class="me">
        <div class="me-name" data-testid="me-name">${myName}</div>
        <${ConnectionStatus} client=${client} now=${now} />
      </div>
      <button type="button" class=${`pill ${client.busy ? 'pill-on' : ''}`} data-testid="busy-toggle"
        aria-pressed=${client.busy ? 'true' : 'false'} title="Busy: others see you as busy"
        onClick=${() => client.setBusy(!client.busy)}><span class="pill-dot"></span>Busy</button>
      <button type="button" class="icon-button" data-testid="logout-button" title="Sign out" aria-label="Sign out"
        onClick=${onLogout}><${Icon} name="logout" /></button>
    </header>
    <div class="sidebar-actions">
      <button type="button" class="secondary" data-testid="new-chat-button" onClick=${onNewChat}><${Icon} name="plus" size=${16} /> New chat</button>
      <button type="button" class="secondary" data-testid="new-group-button" onClick=${onNewGroup}><${Icon} name="plus" size=${16} /> New group</button>
    </div>
    <${ConversationList} client=${client} now=${now} onOpen=${onOpen} />
  </aside>`;
}

/**
 * @param {{client: ChatClient, now: number, onOpen: (id: string) => void}} props
 */
function ConversationList({ client, now, onOpen }) {
  const state = client.state;
  const conversations = state.listedConversations();
  if (conversations.length === 0) {
    return html`<div class="list-empty">${state.listed ? 'No conversations yet. Start a chat or create a group.' : 'Loading…'}</div>`;
  }
  const nameOf = (/** @type {string} */ userId) => displayName(state, userId);
  return html`<nav class="conversation-list" aria-label="Conversations">
    ${conversations.map((conv) => {
      const title = conversationTitle(state, conv);
      const unread = state.unread(conv.id);
      const preview = state.preview(conv.id);
      const typing = state.typingUsers(conv.id, now);
      const presence = conv.kind === 'DIRECT' ? state.presence.get(conv.peerId) : undefined;
      const status = presence?.status ?? 'OFFLINE';
      const seen = status === 'OFFLINE' && presence ? lastSeenText(presence.lastSeenMs, now) : '';
      const active = conv.id === client.openId;
      return html`<button type="button" key=${conv.id} class=${`conversation ${active ? 'active' : ''} ${unread > 0 ? 'has-unread' : ''}`}
        data-testid="conversation-item" data-conversation-id=${conv.id} aria-current=${active ? 'true' : undefined}
        onClick=${() => onOpen(conv.id)}>
        <${Avatar} name=${title} seed=${conv.kind === 'DIRECT' ? conv.peerId : conv.id}>
          ${conv.kind === 'DIRECT' && html`<${PresenceDot} status=${status} title=${seen} />`}
        </${Avatar}>
        <div class="conversation-main">
          <div class="conversation-top">
            <span class="conversation-title" data-testid="conversation-title">${title}</span>
            <span class="conversation-time">${formatListTime(preview?.atMs || conv.lastActivityMs, now)}</span>
          </div>
          <div class="conversation-bottom">
            ${typing.length > 0
              ? html`<span class="conversation-preview typing">${typingText(typing.map(nameOf))}</span>`
              : html`<span class="conversation-preview">${previewText(preview, nameOf, state.userId, conv.kind === 'GROUP')}</span>`}
            ${unread > 0 && html`<span class="badge" data-testid="unread-badge" aria-label=${`${unread} unread`}>${unread > 999 ? '999+' : unread}</span>`}
          </div>
        </div>
      </button>`;
    })}
  </nav>`;
}
