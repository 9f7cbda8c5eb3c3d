// The "new chat" and "new group" dialogs.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Avatar } from './common.js';
import { Icon } from './icons.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../api.js').Profile} Profile
 */

/**
 * A modal frame that closes on Escape and on a click outside.
 * @param {{title: string, onClose: () => void, children: any, testid: string}} props
 */
function Modal({ title, onClose, children, testid }) {
  useEffect(() => {
    const onKey = (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return html`<div class="modal-backdrop" onClick=${(/** @type {any} */ e) => { if (e.target === e.currentTarget) onClose(); }}>
    <div class="modal" role="dialog" aria-modal="true" aria-label=${title} data-testid=${testid}>
      <header class="modal-header">
        <h2>${title}</h2>
        <button type="button" class="icon-button" aria-label="Close" onClick=${onClose}><${Icon} name="close" /></button>
      </header>
      ${children}
    </div>
  </div>`;
}

/**
 * Finds a user by username (search as you type) and opens the direct conversation with them.
 * @param {{client: ChatClient, onClose: () => void, onOpened: (id: string) => void}} props
 */
export function NewChatDialog({ client, onClose, onOpened }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState(/** @type {Profile[]} */ ([]));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef(/** @type {HTMLInputElement | null} */ (null));
  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    const q = query.trim().replace(/^@/, '');
    if (q.length < 1) {
      setResults([]);
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      client.api.searchUsers(q).then(
        (users) => { if (!cancelled) setResults(users.filter((u) => u.userId !== client.state.userId).slice(0, 8)); },
        () => {},
      );
    }, 250);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [query]);

  /** @param {Profile} user */
  const open = (user) => {
    const id = client.openDirectWith(user);
    onOpened(id);
  };

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    const name = query.trim().replace(/^@/, '');
    if (!name) return;
    setBusy(true);
    setError('');
    try {
      const { found } = await client.resolveUsernames([name]);
      const user = found[0] ?? (results.length === 1 ? results[0] : undefined);
      if (!user) setError(`No user named “${name}”.`);
      else if (user.userId === client.state.userId) setError('That is you. Pick someone else.');
      else open(user);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return html`<${Modal} title="New chat" onClose=${onClose} testid="new-chat-dialog">
    <form class="modal-body" onSubmit=${submit}>
      <label>Username
        <input ref=${input} data-testid="new-chat-username" placeholder="@username" autocomplete="off"
          autocapitalize="none" spellcheck="false" value=${query}
          onInput=${(/** @type {any} */ e) => setQuery(e.currentTarget.value)} />
      </label>
      ${results.length > 0 && html`<ul class="user-results" role="listbox">
        ${results.map((u) => html`<li key=${u.userId}>
          <button type="button" class="user-result" data-testid="user-result" onClick=${() => open(u)}>
            <${Avatar} name=${u.displayName || u.username} seed=${u.userId} size="small" />
            <span><strong>${u.displayName || u.username}</strong> <span class="muted">@${u.username}</span></span>
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
 * Creates a group from a title and comma-separated usernames.
 * @param {{client: ChatClient, onClose: () => void, onOpened: (id: string) => void}} props
 */
export function NewGroupDialog({ client, onClose, onOpened }) {
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef(/** @type {HTMLInputElement | null} */ (null));
  useEffect(() => input.current?.focus(), []);

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    if (!title.trim()) {
      setError('Give the group a title.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const names = members.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
      const { found, missing } = await client.resolveUsernames(names);
      if (missing.length > 0) {
        setError(`No user named ${missing.map((m) => `“${m}”`).join(', ')}.`);
        return;
      }
      const ids = [...new Set(found.map((u) => u.userId).filter((id) => id !== client.state.userId))];
      const conversationId = await client.createGroup(title.trim(), ids);
      if (conversationId) onOpened(conversationId);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return html`<${Modal} title="New group" onClose=${onClose} testid="new-group-dialog">
    <form class="modal-body" onSubmit=${submit}>
      <label>Title
        <input ref=${input} data-testid="new-group-title" maxlength="100" value=${title}
          onInput=${(/** @type {any} */ e) => setTitle(e.currentTarget.value)} />
      </label>
      <label>Members <span class="optional">(usernames, comma separated)</span>
        <input data-testid="new-group-members" placeholder="alice, bob" autocomplete="off" autocapitalize="none"
          spellcheck="false" value=${members} onInput=${(/** @type {any} */ e) => setMembers(e.currentTarget.value)} />
      </label>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      <div class="modal-actions">
        <button type="button" class="secondary" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-testid="new-group-submit" disabled=${busy}>Create group</button>
      </div>
    </form>
  </${Modal}>`;
}
