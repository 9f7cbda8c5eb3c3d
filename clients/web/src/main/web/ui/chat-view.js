// The conversation pane: header (presence only while connected; search; settings menu; group info), the messages
// (an "unread messages" divider where the unread start, older pages loaded by scrolling up without moving what is
// on screen, a button to jump to new messages), pending messages, the typing line, the composer, the group panel.
import { html } from 'htm/preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  conversationTitle, displayName, formatDay, joinNames, lastSeenText, sameDay, systemText, typingText, nameOrYou,
} from '../lib/format.js';
import { keepPosition, nearBottom, nearTop } from '../lib/scroll.js';
import { messageStatus, receiptFloor, receiptsOf } from '../receipts.js';
import { Avatar, PresenceDot, presenceLabel, senderColour } from './common.js';
import { conversationMenuItems } from './conversation-menu.js';
import { Icon } from './icons.js';
import { Composer } from './composer.js';
import { GroupInfo } from './group-info.js';
import { MenuButton } from './menu.js';
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
  const [divider, setDivider] = useState({ seq: 0, count: 0 });
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const scroller = useRef(/** @type {HTMLDivElement | null} */ (null));
  /** 'opening' until the view is placed at the unread divider (or the bottom); then 'reading'. */
  const phase = useRef(/** @type {'opening'|'positioning'|'reading'} */ ('opening'));
  const atBottom = useRef(true);
  /** The newest seq seen at the bottom of the view: what came after it counts as new on the jump button. */
  const seenHigh = useRef(0);
  const placedAtDivider = useRef(false);
  const olderAnchor = useRef(/** @type {{scrollHeight: number, scrollTop: number} | null} */ (null));
  const [, setTick] = useState(0);

  // My seen mark when the conversation opened: the divider goes after it. Taken once, before receipts move it.
  const ready = Boolean(conv && (state.listed || conv.loaded));
  useEffect(() => {
    if (!ready || !conv || phase.current !== 'opening') return;
    phase.current = 'positioning';
    const seenAtOpen = conv.mySeenSeq;
    // Read now too: the SEEN receipt for what is on screen moves my mark (and the count) while pages load.
    const unreadAtOpen = state.unread(conversationId) > 0 || conv.lastSeq > seenAtOpen;
    let cancelled = false;
    (async () => {
      await client.loadConversation(conversationId);
      if (unreadAtOpen) await client.loadBackTo(conversationId, seenAtOpen);
      if (cancelled) return;
      const seq = state.firstUnreadSeq(conversationId, seenAtOpen);
      let count = 0;
      for (const e of state.timeline(conversationId)) {
        if (e.seq >= seq && e.type === 'message' && !e.deleted && e.actor !== me) count += 1;
      }
      setDivider({ seq, count: seq > 0 ? count : 0 });
      phase.current = 'reading';
      setTick((t) => t + 1);
    })();
    return () => { cancelled = true; };
  }, [ready]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (olderAnchor.current !== null) {
      // Renders come before the page arrives too (the "loading" line): wait until the content actually grew.
      if (el.scrollHeight !== olderAnchor.current.scrollHeight) {
        el.scrollTop = keepPosition(olderAnchor.current, el.scrollHeight);
        olderAnchor.current = null;
      }
    } else if (phase.current === 'reading' && divider.seq > 0 && !placedAtDivider.current) {
      placedAtDivider.current = true;
      document.getElementById('unread-divider')?.scrollIntoView({ block: 'start' });
      seenHigh.current = conv?.high ?? 0;
      atBottom.current = nearBottom(el);
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
      if (phase.current === 'reading') seenHigh.current = conv?.high ?? 0;
    }
  });

  const searchInput = useRef(/** @type {HTMLInputElement | null} */ (null));
  const searchButton = useRef(/** @type {HTMLButtonElement | null} */ (null));
  useEffect(() => {
    if (searching) searchInput.current?.focus();
  }, [searching]);

  const matches = searching ? state.searchMessages(conversationId, query) : [];
  const currentMatch = matches.length > 0 ? matches[Math.min(matchIndex, matches.length - 1)] : 0;
  useEffect(() => {
    if (currentMatch > 0) document.getElementById(`m-${currentMatch}`)?.scrollIntoView({ block: 'center' });
  }, [currentMatch, query]);

  if (!conv) return null;
  const title = conversationTitle(state, conv);
  const timeline = state.timeline(conv.id);
  const pending = state.pendingOf(conv.id);
  const floor = receiptFloor(conv, me);
  const group = conv.kind === 'GROUP';
  const nameOf = (/** @type {string} */ u) => nameOrYou(state, u);
  const typing = state.typingUsers(conv.id, now).map((u) => displayName(state, u));
  const connected = client.connectionState === 'connected';
  const memberIds = [...conv.members.keys()];

  let subtitle = '';
  /** @type {string} */
  let presenceStatus = '';
  if (group) {
    const n = conv.members.size || conv.memberCount;
    subtitle = `${n} member${n === 1 ? '' : 's'}`;
  } else if (connected) { // offline, this page does not know who is online: show nothing rather than stale news
    const p = state.presence.get(conv.peerId);
    presenceStatus = p?.status ?? '';
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

  let newCount = 0;
  if (!atBottom.current) {
    for (const e of timeline) if (e.seq > seenHigh.current && e.type === 'message' && e.actor !== me) newCount += 1;
  }

  const items = [];
  let previousDay = 0;
  let previousActor = '';
  for (const entry of timeline) {
    if (!previousDay || !sameDay(previousDay, entry.atMs)) {
      items.push(html`<div class="day-divider" key=${`day-${entry.seq}`}><span>${formatDay(entry.atMs, now)}</span></div>`);
      previousActor = '';
    }
    previousDay = entry.atMs;
    if (entry.seq === divider.seq) {
      items.push(html`<div class="unread-divider" key="unread" id="unread-divider" data-testid="unread-divider">
        <span>${divider.count} unread message${divider.count === 1 ? '' : 's'}</span></div>`);
      previousActor = '';
    }
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
      senderColour=${senderColour(entry.actor, memberIds)} highlight=${entry.seq === currentMatch}
      footnote=${footnote} onReply=${setReplyTo} />`);
    previousActor = entry.actor;
  }
  for (const p of pending) {
    items.push(html`<${Message} key=${p.key} client=${client} conv=${conv} pending=${p}
      status=${messageStatus(p.seq, floor, p.status)} statusTitle="" showSender=${false} senderColour="" footnote=""
      onReply=${setReplyTo} />`);
  }

  const loadOlder = async () => {
    const el = scroller.current;
    if (!el || loadingOlder) return;
    setLoadingOlder(true);
    olderAnchor.current = { scrollHeight: el.scrollHeight, scrollTop: el.scrollTop };
    const added = await client.loadOlder(conv.id);
    if (added === 0) olderAnchor.current = null;
    setLoadingOlder(false);
  };
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    if (phase.current !== 'reading') return; // the view is being placed at the unread divider
    atBottom.current = nearBottom(el);
    if (atBottom.current) seenHigh.current = conv.high;
    if (nearTop(el) && conv.loaded && conv.hasOlder) void loadOlder();
    setTick((t) => t + 1);
  };
  const jumpToNew = () => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    seenHigh.current = conv.high;
    setTick((t) => t + 1);
  };

  return html`<section class=${`chat ${infoOpen ? 'with-panel' : ''}`} aria-label=${title}>
    <div class="chat-main">
      <header class="chat-header">
        <button type="button" class="icon-button back-button" data-testid="back-button" aria-label="Back to chats"
          onClick=${onBack}><${Icon} name="back" size=${22} /></button>
        <${Avatar} name=${title} seed=${group ? conv.id : conv.peerId}>
          ${!group && connected && presenceStatus && html`<${PresenceDot} status=${presenceStatus} />`}
        </${Avatar}>
        <div class="chat-heading">
          <h2 class="chat-title" data-testid="chat-title" dir="auto">${title}</h2>
          <div class="chat-subtitle muted" data-testid="chat-subtitle">
            ${typing.length > 0
              ? html`<span class="typing-text">${typingText(typing)}</span>`
              : html`<span data-testid=${!group && presenceStatus === 'OFFLINE' && subtitle.startsWith('last seen') ? 'last-seen' : undefined}>${subtitle}</span>`}
          </div>
        </div>
        <button type="button" class="icon-button" ref=${searchButton} data-testid="chat-search-button" aria-label="Search in this chat"
          title="Search in this chat" aria-expanded=${searching ? 'true' : 'false'}
          onClick=${() => { setSearching(!searching); setQuery(''); setMatchIndex(0); }}><${Icon} name="search" /></button>
        ${group && html`<button type="button" class="icon-button" data-testid="group-info-button" aria-label="Group info"
          title="Group info" aria-expanded=${infoOpen ? 'true' : 'false'} onClick=${() => setInfoOpen(!infoOpen)}>
          <${Icon} name="info" /></button>`}
        <${MenuButton} label="Chat settings" testid="chat-menu-button" items=${conversationMenuItems(client, conv, now)} />
      </header>
      ${searching && html`<div class="chat-search" role="search">
        <input data-testid="chat-search-input" aria-label="Search messages in this chat" placeholder="Search messages"
          ref=${searchInput} value=${query}
          onInput=${(/** @type {any} */ e) => { setQuery(e.currentTarget.value); setMatchIndex(0); }}
          onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
            if (e.key === 'Enter' && matches.length > 0) setMatchIndex((matchIndex + (e.shiftKey ? matches.length - 1 : 1)) % matches.length);
            else if (e.key === 'Escape') { setSearching(false); setQuery(''); searchButton.current?.focus(); }
          }} />
        <span class="chat-search-count muted" data-testid="chat-search-count" aria-live="polite">
          ${query.trim() ? (matches.length ? `${Math.min(matchIndex, matches.length - 1) + 1} of ${matches.length}` : 'No results') : ''}</span>
        <button type="button" class="icon-button" aria-label="Previous result" data-testid="chat-search-prev"
          disabled=${matches.length < 2} onClick=${() => setMatchIndex((matchIndex + matches.length - 1) % matches.length)}><${Icon} name="up" /></button>
        <button type="button" class="icon-button" aria-label="Next result" data-testid="chat-search-next"
          disabled=${matches.length < 2} onClick=${() => setMatchIndex((matchIndex + 1) % matches.length)}><${Icon} name="down" /></button>
      </div>`}
      <div class="timeline-wrap">
        <div class="timeline" ref=${scroller} role="log" aria-label="Messages" tabindex="0" onScroll=${onScroll}
          data-testid="timeline">
          ${conv.loaded && conv.hasOlder && html`<div class="load-older-wrap muted" data-testid="loading-older">
            ${loadingOlder ? 'Loading older messages…' : ''}</div>`}
          ${!conv.loaded && html`<div class="timeline-empty muted">Loading…</div>`}
          ${conv.loaded && items.length === 0 && html`<div class="timeline-empty muted">
            ${group ? 'No messages yet.' : `Say hello to ${title}.`}</div>`}
          ${items}
        </div>
        ${!atBottom.current && html`<button type="button" class=${`jump-to-new ${newCount > 0 ? 'has-new' : ''}`}
          data-testid="jump-to-new" data-count=${String(newCount)} onClick=${jumpToNew}
          aria-label=${newCount > 0 ? `${newCount} new message${newCount === 1 ? '' : 's'}: jump to the latest` : 'Jump to the latest message'}>
          ${newCount > 0 && html`<span class="jump-count">${newCount}</span>`}<${Icon} name="down" /></button>`}
      </div>
      ${typing.length > 0 && html`<div class="typing-indicator" data-testid="typing-indicator" aria-live="polite">
        <span class="dots" aria-hidden="true"><i></i><i></i><i></i></span>${typingText(typing)}</div>`}
      ${conv.removed
        ? html`<div class="composer-closed muted">You are no longer a member of this group.</div>`
        : html`<${Composer} key=${conv.id} client=${client} conv=${conv} replyTo=${replyTo}
            onCancelReply=${() => setReplyTo(0)} onSent=${() => { atBottom.current = true; }} />`}
    </div>
    ${group && infoOpen && html`<${GroupInfo} client=${client} conv=${conv} onClose=${() => setInfoOpen(false)}
      onLeft=${() => setInfoOpen(false)} />`}
  </section>`;
}
