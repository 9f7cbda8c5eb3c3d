// One message bubble: text (links clickable) or tombstone, reply quote, reactions, tick mark, and its actions. On a
// laptop the actions show when the pointer is over the message (or focus is in it, for keyboards): a reaction
// button and a menu. On a touch screen a long press (or the context menu) opens the same menu, with the quick
// reactions on top. Any emoji can be a reaction, through the picker. Deleting asks first.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { displayName, formatTime, joinNames, nameOrYou } from '../lib/format.js';
import { linkify } from '../lib/text.js';
import { StatusMark } from './common.js';
import { EmojiPicker, ReactionBar } from './emoji.js';
import { Icon } from './icons.js';
import { MenuButton, Popover } from './menu.js';
import { ConfirmDialog } from './modal.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 * @typedef {import('../chat-state.js').Entry} Entry
 * @typedef {import('../chat-state.js').Pending} Pending
 */

const LONG_PRESS_MS = 500;

/**
 * @typedef {object} MessageProps
 * @property {ChatClient} client
 * @property {Conversation} conv
 * @property {Entry} [entry] a held message
 * @property {Pending} [pending] or one of mine not yet replaced by its event
 * @property {string} status pending, sent, delivered, seen or failed (mine only)
 * @property {string} statusTitle tooltip of the mark (who has seen it)
 * @property {boolean} showSender
 * @property {string} senderColour
 * @property {string} footnote small line under the bubble ("Seen by 3")
 * @property {boolean} [highlight] a search match
 * @property {(seq: number) => void} onReply
 */

/**
 * Message text with http(s) links made clickable (opened in a new tab, without referrer or opener).
 * @param {{text: string}} props
 */
export function MessageText({ text }) {
  return html`${linkify(text).map((s, i) => (s.href
    ? html`<a key=${i} href=${s.href} target="_blank" rel="noopener noreferrer" data-testid="message-link">${s.text}</a>`
    : s.text))}`;
}

/** @param {MessageProps} props */
export function Message({ client, conv, entry, pending, status, statusTitle, showSender, senderColour, footnote,
  highlight = false, onReply }) {
  const state = client.state;
  const me = state.userId;
  const mine = pending ? true : entry?.actor === me;
  const seq = entry?.seq ?? pending?.seq ?? 0;
  const text = entry ? entry.text : pending?.text ?? '';
  const deleted = entry?.deleted === true;
  const replyToSeq = entry?.replyToSeq ?? pending?.replyToSeq ?? 0;
  const [editing, setEditing] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [reactOpen, setReactOpen] = useState(false);
  const [picker, setPicker] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const reactButton = useRef(/** @type {HTMLButtonElement | null} */ (null));
  const press = useRef(/** @type {{timer: any, x: number, y: number} | null} */ (null));
  const canAct = Boolean(entry) && !deleted && !conv.removed && !editing;

  const hasMine = (/** @type {string} */ emoji) =>
    Boolean(entry?.reactions.some((r) => r.emoji === emoji && r.userIds.includes(me)));
  const react = (/** @type {string} */ emoji) => {
    setReactOpen(false);
    setMenuOpen(false);
    setPicker(false);
    if (entry) void client.react(conv.id, seq, emoji, !hasMine(emoji));
  };

  /** @type {import('./menu.js').MenuItem[]} */
  const items = [{ label: 'Reply', testid: 'reply-button', icon: 'reply', onSelect: () => onReply(seq) }];
  if (mine) {
    items.push({ label: 'Edit', testid: 'edit-button', icon: 'edit', onSelect: () => setEditing(true) });
    items.push({ label: 'Delete for everyone', testid: 'delete-button', icon: 'trash', danger: true,
      onSelect: () => setConfirmDelete(true) });
  }

  const cancelPress = () => {
    if (press.current) clearTimeout(press.current.timer);
    press.current = null;
  };
  const onPointerDown = (/** @type {PointerEvent} */ e) => {
    if (!canAct || e.button !== 0 || (e.target instanceof Element && e.target.closest('a, button, textarea'))) return;
    cancelPress();
    press.current = { timer: setTimeout(() => { press.current = null; setMenuOpen(true); }, LONG_PRESS_MS), x: e.clientX, y: e.clientY };
  };
  const onPointerMove = (/** @type {PointerEvent} */ e) => {
    const p = press.current;
    if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) > 10) cancelPress();
  };
  useEffect(() => cancelPress, []);

  return html`<div class=${`message ${mine ? 'mine' : 'theirs'} ${deleted ? 'is-deleted' : ''} ${highlight ? 'is-match' : ''} ${menuOpen || reactOpen ? 'acting' : ''}`}
    data-testid="message" data-seq=${seq > 0 ? String(seq) : ''} data-mine=${mine ? 'true' : 'false'}
    data-status=${mine ? status : undefined} id=${seq > 0 ? `m-${seq}` : undefined}>
    ${showSender && !mine && html`<div class="message-sender" data-testid="message-sender" style=${`color:${senderColour}`}>
      ${entry ? displayName(state, entry.actor) : ''}</div>`}
    <div class="message-row">
      <div class="bubble" onPointerDown=${onPointerDown} onPointerMove=${onPointerMove} onPointerUp=${cancelPress}
        onPointerCancel=${cancelPress} onPointerLeave=${cancelPress}
        onContextMenu=${(/** @type {MouseEvent} */ e) => { if (canAct) { e.preventDefault(); cancelPress(); setMenuOpen(true); } }}>
        ${replyToSeq > 0 && html`<${ReplyQuote} client=${client} conv=${conv} seq=${replyToSeq} />`}
        ${deleted
          ? html`<div class="message-deleted" data-testid="message-deleted">This message was deleted</div>`
          : editing && entry
            ? html`<${EditForm} initial=${text} max=${client.maxTextLength} onCancel=${() => setEditing(false)}
                onSave=${(/** @type {string} */ t) => { setEditing(false); if (t.trim() && t !== text) void client.edit(conv.id, seq, t); }} />`
            : entry && !entry.supported
              ? html`<div class="message-text unsupported" data-testid="message-text">This message needs a newer version of Cellchat</div>`
              : html`<div class="message-text" data-testid="message-text" dir="auto"><${MessageText} text=${text} /></div>`}
        <div class="message-meta">
          ${entry && entry.editedAtMs > 0 && !deleted && html`<span class="edited">edited</span>`}
          <span class="time">${formatTime(entry?.atMs || pending?.createdAtMs || Date.now())}</span>
          ${mine && html`<${StatusMark} status=${status} title=${statusTitle} />`}
        </div>
      </div>
      ${canAct && html`<div class="message-actions" data-testid="message-actions">
        <button type="button" class="action" ref=${reactButton} data-testid="react-button" aria-label="React"
          title="React" aria-expanded=${reactOpen ? 'true' : 'false'} onClick=${() => setReactOpen(!reactOpen)}>
          <${Icon} name="smile" /></button>
        <${MenuButton} label="Message actions" testid="message-menu-button" className="action" items=${items}
          open=${menuOpen} onOpenChange=${setMenuOpen} menuTestid="message-menu"
          header=${html`<${ReactionBar} asMenuItems=${true} mine=${hasMine} onPick=${react}
            onMore=${() => { setMenuOpen(false); setPicker(true); }} />`} />
      </div>`}
    </div>
    ${reactOpen && canAct && html`<${Popover} anchor=${reactButton.current} label="Reactions" testid="reaction-popover"
      onClose=${() => setReactOpen(false)}>
      <${ReactionBar} mine=${hasMine} onPick=${react} onMore=${() => { setReactOpen(false); setPicker(true); }} />
    </${Popover}>`}
    ${picker && canAct && html`<${EmojiPicker} anchor=${reactButton.current} label="Choose a reaction"
      onClose=${() => setPicker(false)} onPick=${react} />`}
    ${entry && !deleted && entry.reactions.length > 0 && html`<div class="reactions">
      ${entry.reactions.map((r) => {
        const minePick = r.userIds.includes(me);
        const who = joinNames(r.userIds.map((u) => nameOrYou(state, u)));
        return html`<button type="button" key=${r.emoji} class=${`reaction ${minePick ? 'reaction-mine' : ''}`}
          data-testid="reaction" data-emoji=${r.emoji} aria-pressed=${minePick ? 'true' : 'false'}
          aria-label=${`${r.emoji} ${r.userIds.length}: ${who}`} title=${who}
          disabled=${conv.removed} onClick=${() => void client.react(conv.id, seq, r.emoji, !minePick)}>
          <span class="reaction-emoji" aria-hidden="true">${r.emoji}</span> <span class="reaction-count" aria-hidden="true">${r.userIds.length}</span>
        </button>`;
      })}
    </div>`}
    ${pending?.status === 'failed' && html`<div class="message-failed" role="alert">
      Not sent${pending.error ? `: ${pending.error}` : '.'}
      <button type="button" class="link" data-testid="retry-button" onClick=${() => client.retry(conv.id, pending.key)}>Retry</button>
      <button type="button" class="link" data-testid="discard-button" onClick=${() => client.discard(conv.id, pending.key)}>Discard</button>
    </div>`}
    ${footnote && html`<div class="message-footnote" data-testid="seen-by">${footnote}</div>`}
    ${confirmDelete && html`<${ConfirmDialog} title="Delete message?"
      text="It will be deleted for everyone in this conversation. This cannot be undone." confirmLabel="Delete for everyone"
      onConfirm=${() => void client.deleteMessage(conv.id, seq)} onCancel=${() => setConfirmDelete(false)} />`}
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
    <span class="reply-snippet" dir="auto">${snippet}</span>
  </button>`;
}

/**
 * @param {{initial: string, max: number, onSave: (text: string) => void, onCancel: () => void}} props
 */
function EditForm({ initial, max, onSave, onCancel }) {
  const [value, setValue] = useState(initial);
  const input = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const over = [...value].length > max;
  return html`<form class="edit-form" onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); if (!over) onSave(value); }}>
    <textarea ref=${input} data-testid="edit-input" rows="2" value=${value} aria-label="Edit message"
      onInput=${(/** @type {any} */ e) => setValue(e.currentTarget.value)}
      onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
        if (e.key === 'Escape') { e.stopPropagation(); onCancel(); }
        else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); if (!over) onSave(value); }
      }}></textarea>
    ${over && html`<span class="field-error">Too long: at most ${max.toLocaleString('en')} characters.</span>`}
    <div class="edit-actions">
      <button type="button" class="link" onClick=${onCancel}>Cancel</button>
      <button type="submit" class="primary small" data-testid="edit-save" disabled=${over}>Save</button>
    </div>
  </form>`;
}
