// One message bubble: text or tombstone, reply quote, reactions, tick mark, and its actions (react, reply, edit,
// delete). The action buttons are always in the DOM (faded until hover or focus) so tests and keyboards reach them.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { displayName, formatTime, joinNames, nameOrYou } from '../lib/format.js';
import { StatusMark } from './common.js';
import { Icon } from './icons.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 * @typedef {import('../chat-state.js').Entry} Entry
 * @typedef {import('../chat-state.js').Pending} Pending
 */

export const EMOJIS = ['👍', '❤️', '😂', '😮', '😢', '🎉'];

/**
 * @typedef {object} MessageProps
 * @property {ChatClient} client
 * @property {Conversation} conv
 * @property {Entry} [entry] a held message
 * @property {Pending} [pending] or one of mine not yet replaced by its event
 * @property {string} status pending, sent, delivered, seen or failed (mine only)
 * @property {string} statusTitle tooltip of the mark (who has seen it)
 * @property {boolean} showSender
 * @property {string} footnote small line under the bubble ("Seen by 3")
 * @property {(seq: number) => void} onReply
 */

/** @param {MessageProps} props */
export function Message({ client, conv, entry, pending, status, statusTitle, showSender, footnote, onReply }) {
  const state = client.state;
  const me = state.userId;
  const mine = pending ? true : entry?.actor === me;
  const seq = entry?.seq ?? pending?.seq ?? 0;
  const text = entry ? entry.text : pending?.text ?? '';
  const deleted = entry?.deleted === true;
  const replyToSeq = entry?.replyToSeq ?? pending?.replyToSeq ?? 0;
  const [editing, setEditing] = useState(false);
  const [picker, setPicker] = useState(false);
  const canAct = Boolean(entry) && !deleted && !conv.removed;

  return html`<div class=${`message ${mine ? 'mine' : 'theirs'} ${deleted ? 'is-deleted' : ''}`} data-testid="message"
    data-seq=${seq > 0 ? String(seq) : ''} data-mine=${mine ? 'true' : 'false'} data-status=${mine ? status : undefined}
    id=${seq > 0 ? `m-${seq}` : undefined}>
    ${showSender && !mine && html`<div class="message-sender">${entry ? displayName(state, entry.actor) : ''}</div>`}
    <div class="message-row">
      <div class="bubble">
        ${replyToSeq > 0 && html`<${ReplyQuote} client=${client} conv=${conv} seq=${replyToSeq} />`}
        ${deleted
          ? html`<div class="message-deleted" data-testid="message-deleted">This message was deleted</div>`
          : editing && entry
            ? html`<${EditForm} initial=${text} onCancel=${() => setEditing(false)}
                onSave=${(/** @type {string} */ t) => { setEditing(false); if (t.trim() && t !== text) void client.edit(conv.id, seq, t); }} />`
            : entry && !entry.supported
              ? html`<div class="message-text unsupported" data-testid="message-text">Unsupported message</div>`
              : html`<div class="message-text" data-testid="message-text">${text}</div>`}
        <div class="message-meta">
          ${entry && entry.editedAtMs > 0 && !deleted && html`<span class="edited">edited</span>`}
          <span class="time">${formatTime(entry?.atMs || pending?.createdAtMs || Date.now())}</span>
          ${mine && html`<${StatusMark} status=${status} title=${statusTitle} />`}
        </div>
      </div>
      ${canAct && html`<div class="message-actions">
        <button type="button" class="action" data-testid="react-button" title="React" aria-label="React"
          aria-expanded=${picker ? 'true' : 'false'} onClick=${() => setPicker(!picker)}><${Icon} name="smile" /></button>
        <button type="button" class="action" data-testid="reply-button" title="Reply" aria-label="Reply"
          onClick=${() => onReply(seq)}><${Icon} name="reply" /></button>
        ${mine && html`<button type="button" class="action" data-testid="edit-button" title="Edit" aria-label="Edit"
          onClick=${() => setEditing(true)}><${Icon} name="edit" /></button>`}
        ${mine && html`<button type="button" class="action" data-testid="delete-button" title="Delete" aria-label="Delete"
          onClick=${() => void client.deleteMessage(conv.id, seq)}><${Icon} name="trash" /></button>`}
      </div>`}
    </div>
    ${picker && canAct && entry && html`<${EmojiPicker} onClose=${() => setPicker(false)}
      onPick=${(/** @type {string} */ emoji) => {
        setPicker(false);
        const has = entry.reactions.some((r) => r.emoji === emoji && r.userIds.includes(me));
        void client.react(conv.id, seq, emoji, !has);
      }} />`}
    ${entry && !deleted && entry.reactions.length > 0 && html`<div class="reactions">
      ${entry.reactions.map((r) => {
        const minePick = r.userIds.includes(me);
        return html`<button type="button" key=${r.emoji} class=${`reaction ${minePick ? 'reaction-mine' : ''}`}
          data-testid="reaction" data-emoji=${r.emoji} aria-pressed=${minePick ? 'true' : 'false'}
          title=${joinNames(r.userIds.map((u) => nameOrYou(state, u)))}
          disabled=${conv.removed} onClick=${() => void client.react(conv.id, seq, r.emoji, !minePick)}>
          <span class="reaction-emoji">${r.emoji}</span> <span class="reaction-count">${r.userIds.length}</span>
        </button>`;
      })}
    </div>`}
    ${pending?.status === 'failed' && html`<div class="message-failed" role="alert">
      Not sent${pending.error ? `: ${pending.error}` : ''}.
      <button type="button" class="link" data-testid="retry-button" onClick=${() => client.retry(conv.id, pending.key)}>Retry</button>
      <button type="button" class="link" data-testid="discard-button" onClick=${() => client.discard(conv.id, pending.key)}>Discard</button>
    </div>`}
    ${footnote && html`<div class="message-footnote" data-testid="seen-by">${footnote}</div>`}
  </div>`;
}

/**
 * The quoted snippet of the message replied to, when it is held.
 * @param {{client: ChatClient, conv: Conversation, seq: number}} props
 */
function ReplyQuote({ client, conv, seq }) {
  const target = conv.entries.get(seq);
  const jump = () => document.getElementById(`m-${seq}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  if (!target || target.type !== 'message') {
    return html`<div class="reply-quote muted" data-testid="reply-quote">↩ Reply to an earlier message</div>`;
  }
  const snippet = target.deleted ? 'Message deleted' : target.text.length > 120 ? `${target.text.slice(0, 120)}…` : target.text;
  return html`<button type="button" class="reply-quote" data-testid="reply-quote" onClick=${jump}>
    <span class="reply-author">${nameOrYou(client.state, target.actor)}</span>
    <span class="reply-snippet">${snippet}</span>
  </button>`;
}

/**
 * @param {{initial: string, onSave: (text: string) => void, onCancel: () => void}} props
 */
function EditForm({ initial, onSave, onCancel }) {
  const [value, setValue] = useState(initial);
  const input = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return html`<form class="edit-form" onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); onSave(value); }}>
    <textarea ref=${input} data-testid="edit-input" rows="2" value=${value}
      onInput=${(/** @type {any} */ e) => setValue(e.currentTarget.value)}
      onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
        if (e.key === 'Escape') onCancel();
        else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); onSave(value); }
      }}></textarea>
    <div class="edit-actions">
      <button type="button" class="link" onClick=${onCancel}>Cancel</button>
      <button type="submit" class="primary small" data-testid="edit-save">Save</button>
    </div>
  </form>`;
}

/**
 * @param {{onPick: (emoji: string) => void, onClose: () => void}} props
 */
function EmojiPicker({ onPick, onClose }) {
  useEffect(() => {
    const onKey = (/** @type {KeyboardEvent} */ e) => { if (e.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return html`<div class="emoji-picker" role="menu">
    ${EMOJIS.map((emoji) => html`<button type="button" key=${emoji} class="emoji-option" role="menuitem"
      data-testid="emoji-option" data-emoji=${emoji} onClick=${() => onPick(emoji)}>${emoji}</button>`)}
  </div>`;
}
