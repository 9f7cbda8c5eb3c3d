// The conversation pane: header, the window of events (with "load older"), pending messages, typing line,
// composer, and the group panel.
import { html } from 'htm/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  conversationTitle, displayName, formatDay, joinNames, lastSeenText, sameDay, systemText, typingText, nameOrYou,
} from '../lib/format.js';
import { messageStatus, receiptFloor, receiptsOf } from '../receipts.js';
import { Avatar, PresenceDot, presenceLabel } from './common.js';
import { Icon } from './icons.js';
import { Composer } from './composer.js';
import { GroupInfo } from './group-info.js';
import { Message } from './message.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../chat-state.js').Conversation} Conversation
 */

/**
 * @param {{client: ChatClient, conversationId: string, now: number, onBack: () => void}} props
 */
export function ChatView({ client, conversationId, now, onBack }) {
  const state = client.state;
  const conv = state.get(conversationId);
  const me = state.userId;
  const [replyTo, setReplyTo] = useState(0);
  const [infoOpen, setInfoOpen] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const scroller = useRef(/** @type {HTMLDivElement | null} */ (null));
  const atBottom = useRef(true);
  const olderAnchor = useRef(/** @type {number | null} */ (null));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (olderAnchor.current !== null) {
      el.scrollTop = el.scrollHeight - olderAnchor.current;
      olderAnchor.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  });

  if (!conv) return null;
  const title = conversationTitle(state, conv);
  const timeline = state.timeline(conv.id);
  const pending = state.pendingOf(conv.id);
  const floor = receiptFloor(conv, me);
  const group = conv.kind === 'GROUP';
  const nameOf = (/** @type {string} */ u) => nameOrYou(state, u);
  const typing = state.typingUsers(conv.id, now).map((u) => displayName(state, u));

  let subtitle = '';
  /** @type {string} */
  let presenceStatus = '';
  if (group) {
    subtitle = `${conv.members.size || conv.memberCount} member${(conv.members.size || conv.memberCount) === 1 ? '' : 's'}`;
  } else {
    const p = state.presence.get(conv.peerId);
    presenceStatus = p?.status ?? 'OFFLINE';
    subtitle = p ? (presenceStatus === 'OFFLINE' ? lastSeenText(p.lastSeenMs, now) || 'Offline' : presenceLabel(presenceStatus)) : '';
  }

  let lastMineSeq = 0;
  for (const e of timeline) if (e.type === 'message' && e.actor === me && !e.deleted) lastMineSeq = e.seq;

  /** @param {number} seq */
  const statusTitle = (seq) => {
    if (!group) return '';
    const r = receiptsOf(conv, seq, me);
    const parts = [];
    if (r.seen.length) parts.push(`Seen by ${joinNames(r.seen.map(nameOf))}`);
    if (r.delivered.length) parts.push(`Delivered to ${joinNames(r.delivered.map(nameOf))}`);
    return parts.join('. ') || 'Sent';
  };

  const items = [];
  let previousDay = 0;
  let previousActor = '';
  for (const entry of timeline) {
    if (!previousDay || !sameDay(previousDay, entry.atMs)) {
      items.push(html`<div class="day-divider" key=${`day-${entry.seq}`}><span>${formatDay(entry.atMs, now)}</span></div>`);
      previousActor = '';
    }
    previousDay = entry.atMs;
    if (entry.type === 'system') {
      items.push(html`<div class="system-line" key=${entry.seq} data-testid="system-event" data-seq=${String(entry.seq)}>
        ${systemText(entry, nameOf)}</div>`);
      previousActor = '';
      continue;
    }
    const mine = entry.actor === me;
    const status = mine ? messageStatus(entry.seq, floor) : '';
    let footnote = '';
    if (group && mine && entry.seq === lastMineSeq) {
      const seenBy = receiptsOf(conv, entry.seq, me).seen.length;
      if (seenBy > 0) footnote = seenBy === floor.others ? 'Seen by everyone' : `Seen by ${seenBy}`;
    }
    items.push(html`<${Message} key=${entry.seq} client=${client} conv=${conv} entry=${entry} status=${status}
      statusTitle=${mine ? statusTitle(entry.seq) : ''} showSender=${group && entry.actor !== previousActor}
      footnote=${footnote} onReply=${setReplyTo} />`);
    previousActor = entry.actor;
  }
  for (const p of pending) {
    items.push(html`<${Message} key=${p.key} client=${client} conv=${conv} pending=${p}
      status=${messageStatus(p.seq, floor, p.status)} statusTitle="" showSender=${false} footnote=""
      onReply=${setReplyTo} />`);
  }

  const loadOlder = async () => {
    const el = scroller.current;
    olderAnchor.current = el ? el.scrollHeight - el.scrollTop : null;
    setLoadingOlder(true);
    await client.loadOlder(conv.id);
    setLoadingOlder(false);
  };

  return html`<section class=${`chat ${infoOpen ? 'with-panel' : ''}`} aria-label=${title}>
    <div class="chat-main">
      <header class="chat-header">
        <button type="button" class="icon-button back-button" data-testid="back-button" aria-label="Back"
          onClick=${onBack}><${Icon} name="back" size=${22} /></button>
        <${Avatar} name=${title} seed=${group ? conv.id : conv.peerId}>
          ${!group && html`<${PresenceDot} status=${presenceStatus} />`}
        </${Avatar}>
        <div class="chat-heading">
          <h2 class="chat-title" data-testid="chat-title">${title}</h2>
          <div class="chat-subtitle muted" data-testid="chat-subtitle">
            ${typing.length > 0
              ? html`<span class="typing-text">${typingText(typing)}</span>`
              : html`<span data-testid=${!group && presenceStatus === 'OFFLINE' && subtitle.startsWith('last seen') ? 'last-seen' : undefined}>${subtitle}</span>`}
          </div>
        </div>
        ${group && html`<button type="button" class="secondary" data-testid="group-info-button"
          aria-expanded=${infoOpen ? 'true' : 'false'} onClick=${() => setInfoOpen(!infoOpen)}>Group info</button>`}
      </header>
      <div class="timeline" ref=${scroller} role="log" aria-live="polite"
        onScroll=${(/** @type {any} */ e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}>
        ${conv.loaded && conv.hasOlder && html`<div class="load-older-wrap">
          <button type="button" class="secondary small" data-testid="load-older" disabled=${loadingOlder}
            onClick=${loadOlder}>${loadingOlder ? 'Loading…' : 'Load older messages'}</button>
        </div>`}
        ${!conv.loaded && html`<div class="timeline-empty muted">Loading…</div>`}
        ${conv.loaded && items.length === 0 && html`<div class="timeline-empty muted">
          ${group ? 'No messages yet.' : `Say hello to ${title}.`}</div>`}
        ${items}
      </div>
      ${typing.length > 0 && html`<div class="typing-indicator" data-testid="typing-indicator" aria-live="polite">
        <span class="dots"><i></i><i></i><i></i></span>${typingText(typing)}</div>`}
      ${conv.removed
        ? html`<div class="composer-closed muted">You are no longer a member of this group.</div>`
        : html`<${Composer} key=${conv.id} client=${client} conv=${conv} replyTo=${replyTo}
            onCancelReply=${() => setReplyTo(0)} onSent=${() => { atBottom.current = true; }} />`}
    </div>
    ${group && infoOpen && html`<${GroupInfo} client=${client} conv=${conv} onClose=${() => setInfoOpen(false)}
      onLeft=${() => setInfoOpen(false)} />`}
  </section>`;
}
