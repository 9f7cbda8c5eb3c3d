// The group panel: name (renamable by owners and admins), members with roles and how far each has read, add
// people from the directory, remove (after a confirmation), change roles, leave.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { displayName, roleName } from '../lib/format.js';
import { Avatar } from './common.js';
import { Icon } from './icons.js';
import { ConfirmDialog } from './modal.js';
import { PeoplePicker } from './people-picker.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 * @typedef {import('../conversation.js').Member} Member
 * @typedef {import('../api.js').Profile} Profile
 */

const ROLE_ORDER = { OWNER: 0, ADMIN: 1, MEMBER: 2 };

/**
 * How far a member has read, in words (receipt marks are sequence numbers, which mean nothing to people).
 * @param {Member} member
 * @param {number} lastSeq the conversation's latest seq
 */
export function readingText(member, lastSeq) {
  if (lastSeq === 0 || member.seenSeq >= lastSeq) return 'Seen all messages';
  if (member.deliveredSeq >= lastSeq) return 'Received, not seen yet';
  return 'Not received the latest yet';
}

/**
 * @param {{client: ChatClient, conv: Conversation, onClose: () => void, onLeft: () => void}} props
 */
export function GroupInfo({ client, conv, onClose, onLeft }) {
  const state = client.state;
  const me = state.userId;
  const myRole = conv.members.get(me)?.role || conv.role || 'MEMBER';
  const manage = !conv.removed && (myRole === 'OWNER' || myRole === 'ADMIN');
  const [title, setTitle] = useState(conv.title);
  const [adding, setAdding] = useState(/** @type {Profile[]} */ ([]));
  const [confirm, setConfirm] = useState(/** @type {null | {title: string, text: string, label: string, run: () => void}} */ (null));

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
    const ids = adding.map((u) => u.userId).filter((id) => !conv.members.has(id));
    if (ids.length > 0 && (await client.addMembers(conv.id, ids))) setAdding([]);
  };

  /** @param {string} role */
  const mayRemove = (role) => manage && (myRole === 'OWNER' || role === 'MEMBER');

  return html`<aside class="group-info" data-testid="group-info" aria-label="Group info">
    <header class="panel-header">
      <h2>Group info</h2>
      <button type="button" class="icon-button" aria-label="Close group info" data-testid="group-info-close" onClick=${onClose}><${Icon} name="close" /></button>
    </header>
    <div class="panel-body">
      ${manage
        ? html`<form class="inline-form" onSubmit=${rename}>
            <input data-testid="group-title-input" aria-label="Group name" maxlength="100" value=${title}
              onInput=${(/** @type {any} */ e) => setTitle(e.currentTarget.value)} />
            <button type="submit" class="secondary" data-testid="group-rename-submit">Rename</button>
          </form>`
        : html`<h3 class="group-title">${conv.title}</h3>`}
      <h3 class="panel-section">${members.length} member${members.length === 1 ? '' : 's'}</h3>
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
              <span data-testid="member-receipt">${readingText(m, conv.lastSeq)}</span>
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
                onClick=${() => setConfirm({
                  title: 'Remove from group?',
                  text: `${displayName(state, m.userId)} will no longer see new messages in “${conv.title}”.`,
                  label: 'Remove',
                  run: () => void client.removeMember(conv.id, m.userId),
                })}>Remove</button>`}
            </div>`}
          </div>
        </li>`)}
      </ul>
      ${manage && html`<form class="add-members" onSubmit=${add}>
        <${PeoplePicker} client=${client} chosen=${adding} onChange=${setAdding} label="Add people"
          exclude=${new Set(conv.members.keys())} testid="group-add" />
        ${adding.length > 0 && html`<button type="submit" class="primary" data-testid="group-add-submit">
          Add ${adding.length} ${adding.length === 1 ? 'person' : 'people'}</button>`}
      </form>`}
      ${!conv.removed && html`<button type="button" class="danger wide" data-testid="group-leave"
        onClick=${() => setConfirm({
          title: 'Leave group?',
          text: `You will no longer get messages from “${conv.title}”.`,
          label: 'Leave',
          run: async () => { if (await client.leaveGroup(conv.id)) onLeft(); },
        })}>Leave group</button>`}
    </div>
    ${confirm && html`<${ConfirmDialog} title=${confirm.title} text=${confirm.text} confirmLabel=${confirm.label}
      onConfirm=${confirm.run} onCancel=${() => setConfirm(null)} />`}
  </aside>`;
}
