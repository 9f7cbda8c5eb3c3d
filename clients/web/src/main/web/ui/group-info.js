// The group panel: title (renamable by owners and admins), members with roles and receipts, add, remove, promote,
// leave.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { displayName, roleName } from '../lib/format.js';
import { Avatar } from './common.js';
import { Icon } from './icons.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 */

const ROLE_ORDER = { OWNER: 0, ADMIN: 1, MEMBER: 2 };

/**
 * @param {{client: ChatClient, conv: Conversation, onClose: () => void, onLeft: () => void}} props
 */
export function GroupInfo({ client, conv, onClose, onLeft }) {
  const state = client.state;
  const me = state.userId;
  const myRole = conv.members.get(me)?.role || conv.role || 'MEMBER';
  const manage = !conv.removed && (myRole === 'OWNER' || myRole === 'ADMIN');
  const [title, setTitle] = useState(conv.title);
  const [adding, setAdding] = useState('');
  const [error, setError] = useState('');

  const members = [...conv.members.values()].sort((a, b) =>
    (ROLE_ORDER[/** @type {'OWNER'} */ (a.role)] ?? 3) - (ROLE_ORDER[/** @type {'OWNER'} */ (b.role)] ?? 3)
      || displayName(state, a.userId).localeCompare(displayName(state, b.userId)));

  /** @param {Event} e */
  const rename = (e) => {
    e.preventDefault();
    if (title.trim() && title.trim() !== conv.title) void client.renameGroup(conv.id, title.trim());
  };

  /** @param {Event} e */
  const add = async (e) => {
    e.preventDefault();
    setError('');
    const names = adding.split(/[,\s]+/).filter(Boolean);
    if (names.length === 0) return;
    try {
      const { found, missing } = await client.resolveUsernames(names);
      if (missing.length > 0) {
        setError(`No user named ${missing.map((m) => `“${m}”`).join(', ')}.`);
        return;
      }
      const ids = found.map((u) => u.userId).filter((id) => !conv.members.has(id));
      if (ids.length > 0 && (await client.addMembers(conv.id, ids))) setAdding('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  /** @param {string} role */
  const mayRemove = (role) => manage && (myRole === 'OWNER' || role === 'MEMBER');

  return html`<aside class="group-info" data-testid="group-info" aria-label="Group info">
    <header class="panel-header">
      <h2>Group info</h2>
      <button type="button" class="icon-button" aria-label="Close" data-testid="group-info-close" onClick=${onClose}><${Icon} name="close" /></button>
    </header>
    <div class="panel-body">
      ${manage
        ? html`<form class="inline-form" onSubmit=${rename}>
            <input data-testid="group-title-input" aria-label="Group title" maxlength="100" value=${title}
              onInput=${(/** @type {any} */ e) => setTitle(e.currentTarget.value)} />
            <button type="submit" class="secondary" data-testid="group-rename-submit">Rename</button>
          </form>`
        : html`<h3 class="group-title">${conv.title}</h3>`}
      <h4>${members.length} member${members.length === 1 ? '' : 's'}</h4>
      <ul class="members">
        ${members.map((m) => html`<li key=${m.userId} class="member" data-testid="member-item" data-user-id=${m.userId}>
          <${Avatar} name=${displayName(state, m.userId)} seed=${m.userId} size="small" />
          <div class="member-main">
            <div class="member-name">
              <span class="member-display">${displayName(state, m.userId)}${m.userId === me ? ' (you)' : ''}</span>
              <span class=${`role role-${m.role.toLowerCase()}`} data-testid="member-role">${roleName(m.role)}</span>
            </div>
            <div class="member-sub muted">
              ${state.profiles.get(m.userId)?.username ? `@${state.profiles.get(m.userId)?.username} · ` : ''}
              ${m.seenSeq > 0 ? `seen up to #${m.seenSeq}` : m.deliveredSeq > 0 ? `delivered up to #${m.deliveredSeq}` : 'no receipts yet'}
            </div>
            ${m.userId !== me && !conv.removed && (myRole === 'OWNER' || mayRemove(m.role)) && html`<div class="member-actions">
              ${myRole === 'OWNER' && html`<select class="role-select" data-testid="member-role-select"
                aria-label=${`Role of ${displayName(state, m.userId)}`} value=${m.role}
                onChange=${(/** @type {any} */ e) => void client.setRole(conv.id, m.userId, e.currentTarget.value)}>
                <option value="MEMBER">Member</option>
                <option value="ADMIN">Admin</option>
                <option value="OWNER">Owner</option>
              </select>`}
              ${mayRemove(m.role) && html`<button type="button" class="link danger" data-testid="member-remove"
                onClick=${() => void client.removeMember(conv.id, m.userId)}>Remove</button>`}
            </div>`}
          </div>
        </li>`)}
      </ul>
      ${manage && html`<form class="inline-form" onSubmit=${add}>
        <input data-testid="group-add-username" aria-label="Add members by username" placeholder="Add by username"
          autocapitalize="none" spellcheck="false" value=${adding}
          onInput=${(/** @type {any} */ e) => setAdding(e.currentTarget.value)} />
        <button type="submit" class="secondary" data-testid="group-add-submit">Add</button>
      </form>`}
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${!conv.removed && html`<button type="button" class="danger wide" data-testid="group-leave"
        onClick=${async () => { if (await client.leaveGroup(conv.id)) onLeft(); }}>Leave group</button>`}
    </div>
  </aside>`;
}
