// The message box: Enter sends, Shift+Enter breaks the line; an emoji button; a live character count once the text
// nears the limit (Send stays disabled over it, so a long text is never refused after the fact); typing notices at
// most every 3 s; drafts kept per conversation while the page lives.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { nameOrYou } from '../lib/format.js';
import { charCount } from '../lib/text.js';
import { EmojiPicker } from './emoji.js';
import { Icon } from './icons.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 */

/** @type {Map<string, string>} */
const drafts = new Map();

const MAX_HEIGHT = 160;

/**
 * @param {{client: ChatClient, conv: Conversation, replyTo: number, onCancelReply: () => void, onSent: () => void}} props
 */
export function Composer({ client, conv, replyTo, onCancelReply, onSent }) {
  const [text, setText] = useState(() => drafts.get(conv.id) ?? '');
  const [picker, setPicker] = useState(false);
  const input = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const emojiButton = useRef(/** @type {HTMLButtonElement | null} */ (null));

  useEffect(() => {
    input.current?.focus();
  }, [replyTo]);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    // The box's height includes its borders (border-box) while scrollHeight does not: add them, or the text is
    // always 2 px taller than the box and a scrollbar with arrows shows on an empty composer.
    const borders = el.offsetHeight - el.clientHeight;
    el.style.height = `${Math.min(el.scrollHeight + borders, MAX_HEIGHT)}px`;
    // No scrollbar until the text is taller than the box can grow.
    el.style.overflowY = el.scrollHeight + borders > MAX_HEIGHT ? 'auto' : 'hidden';
  }, [text]);

  const count = charCount(text, client.maxTextLength);
  const update = (/** @type {string} */ value) => {
    setText(value);
    drafts.set(conv.id, value);
    if (value.trim()) client.typing(conv.id);
  };
  const send = () => {
    if (count.over || !client.sendMessage(conv.id, text, replyTo)) return;
    setText('');
    drafts.delete(conv.id);
    onCancelReply();
    onSent();
  };
  const insert = (/** @type {string} */ emoji) => {
    const el = input.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    update(text.slice(0, start) + emoji + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  const target = replyTo > 0 ? conv.entries.get(replyTo) : undefined;
  return html`<div class="composer-wrap">
    ${replyTo > 0 && html`<div class="reply-bar" data-testid="reply-bar">
      <div class="reply-bar-text">
        <span class="reply-author">Replying to ${target ? nameOrYou(client.state, target.actor) : 'a message'}</span>
        <span class="reply-snippet">${target ? (target.deleted ? 'Message deleted' : target.text) : ''}</span>
      </div>
      <button type="button" class="icon-button" aria-label="Cancel reply" data-testid="reply-cancel"
        onClick=${onCancelReply}><${Icon} name="close" /></button>
    </div>`}
    <form class="composer" onSubmit=${(/** @type {Event} */ e) => { e.preventDefault(); send(); }}>
      <button type="button" class="icon-button composer-emoji" ref=${emojiButton} data-testid="composer-emoji"
        aria-label="Insert emoji" title="Emoji" aria-expanded=${picker ? 'true' : 'false'}
        onClick=${() => setPicker(!picker)}><${Icon} name="smile" size=${22} /></button>
      <textarea ref=${input} class=${`composer-input ${count.over ? 'over' : ''}`} data-testid="composer-input" rows="1"
        placeholder="Write a message" aria-label="Message" value=${text}
        aria-describedby=${count.visible ? 'char-count' : undefined}
        onInput=${(/** @type {any} */ e) => update(e.currentTarget.value)}
        onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'Escape' && replyTo > 0) onCancelReply();
        }}></textarea>
      <button type="submit" class="send-button" data-testid="composer-send" aria-label="Send"
        disabled=${text.trim() === '' || count.over}><${Icon} name="send" /></button>
    </form>
    ${count.visible && html`<div id="char-count" class=${`char-count ${count.over ? 'over' : ''}`} data-testid="char-count"
      data-remaining=${String(count.remaining)} aria-live="polite">
      ${count.over
        ? `${(-count.remaining).toLocaleString('en')} characters too long: shorten it to send`
        : `${count.remaining.toLocaleString('en')} characters left`}
    </div>`}
    ${picker && html`<${EmojiPicker} anchor=${emojiButton.current} label="Emoji" onClose=${() => setPicker(false)}
      onPick=${(/** @type {string} */ emoji) => insert(emoji)} />`}
  </div>`;
}
