// The "new chat" and "new group" dialogs: both pick people from the directory as you type.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { errorText } from '../lib/errors.js';
import { Avatar } from './common.js';
import { Modal } from './modal.js';
import { PeoplePicker, useUserSearch } from './people-picker.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../api.js').Profile} Profile
 */

/**
 * Finds a person by name or username (search as you type) and opens the direct conversation with them.
 * @param {{client: ChatClient, onClose: () => void, onOpened: (id: string) => void}} props
 */
export function NewChatDialog({ client, onClose, onOpened }) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const { results } = useUserSearch(client, query, () => true);

  /** @param {Profile} user */
  const open = (user) => onOpened(client.openDirectWith(user));

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    const name = query.trim().replace(/^@/, '');
    if (!name) {
      setError('Type a name or username.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { found } = await client.resolveUsernames([name]);
      const user = found[0] ?? (results.length === 1 ? results[0] : undefined);
      if (!user) setError(`Nobody is called “${name}”.`);
      else if (user.userId === client.state.userId) setError('That is you. Pick someone else.');
      else open(user);
    } catch (err) {
      setError(errorText(err, 'search'));
    } finally {
      setBusy(false);
    }
  };

  return html`<${Modal} title="New chat" onClose=${onClose} testid="new-chat-dialog">
    <form class="modal-body" onSubmit=${submit}>
      <label>Name or username
        <input data-testid="new-chat-username" placeholder="Search people" autocomplete="off"
          autocapitalize="none" spellcheck="false" value=${query} autofocus
          onInput=${(/** @type {any} */ e) => { setQuery(e.currentTarget.value); setError(''); }} />
      </label>
      ${results.length > 0 && html`<ul class="user-results" aria-label="People found">
        ${results.map((u) => html`<li key=${u.userId}>
          <button type="button" class="user-result" data-testid="user-result" data-username=${u.username}
            onClick=${() => open(u)}>
            <${Avatar} name=${u.displayName || u.username} seed=${u.userId} size="small" />
            <span class="user-result-name"><strong>${u.displayName || u.username}</strong> <span class="muted">@${u.username}</span></span>
          </button>
        </li>`)}
      </ul>`}
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      <div class="modal-actions">
        <button type="button" class="secondary" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-testid="new-chat-submit" disabled=${busy}>Start chat</button>
      </div>
    </form>
  </${Modal}>`;
}

/**
 * Creates a group from a name and people picked from the directory.
 * @param {{client: ChatClient, onClose: () => void, onOpened: (id: string) => void}} props
 */
export function NewGroupDialog({ client, onClose, onOpened }) {
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState(/** @type {Profile[]} */ ([]));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    if (!title.trim()) {
      setError('Give the group a name.');
      return;
    }
    setBusy(true);
    setError('');
    const conversationId = await client.createGroup(title.trim(), members.map((m) => m.userId));
    setBusy(false);
    if (conversationId) onOpened(conversationId);
  };

  return html`<${Modal} title="New group" onClose=${onClose} testid="new-group-dialog">
    <form class="modal-body" onSubmit=${submit}>
      <label>Group name
        <input data-testid="new-group-title" maxlength="100" value=${title} autofocus
          onInput=${(/** @type {any} */ e) => { setTitle(e.currentTarget.value); setError(''); }} />
      </label>
      <${PeoplePicker} client=${client} chosen=${members} onChange=${setMembers} label="Members"
        testid="new-group-members" />
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      <div class="modal-actions">
        <button type="button" class="secondary" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-testid="new-group-submit" disabled=${busy}>
          ${members.length > 0 ? `Create group (${members.length + 1})` : 'Create group'}</button>
      </div>
    </form>
  </${Modal}>`;
}
