// The message box: Enter sends, Shift+Enter breaks the line; typing notices go out at most every 3 s; drafts are
// kept per conversation while the page lives.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { nameOrYou } from '../lib/format.js';
import { Icon } from './icons.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 */

/** @type {Map<string, string>} */
const drafts = new Map();

/**
 * @param {{client: ChatClient, conv: Conversation, replyTo: number, onCancelReply: () => void, onSent: () => void}} props
 */
export function Composer({ client, conv, replyTo, onCancelReply, onSent }) {
  const [text, setText] = useState(() => drafts.get(conv.id) ?? '');
  const input = useRef(/** @type {HTMLTextAreaElement | null} */ (null));

  useEffect(() => {
    input.current?.focus();
  }, [replyTo]);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const send = () => {
    if (!client.sendMessage(conv.id, text, replyTo)) return;
    setText('');
    drafts.delete(conv.id);
    onCancelReply();
    onSent();
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
      <textarea ref=${input} class="composer-input" data-testid="composer-input" rows="1"
        placeholder="Write a message" aria-label="Message" value=${text}
        onInput=${(/** @type {any} */ e) => {
          const value = e.currentTarget.value;
          setText(value);
          drafts.set(conv.id, value);
          if (value.trim()) client.typing(conv.id);
        }}
        onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'Escape' && replyTo > 0) onCancelReply();
        }}></textarea>
      <button type="submit" class="send-button" data-testid="composer-send" aria-label="Send"
        disabled=${text.trim() === ''}><${Icon} name="send" /></button>
    </form>
  </div>`;
}
