// Small shared pieces of the UI: avatars, presence dots, status ticks.
import { html } from 'htm/preact';
import { Icon } from './icons.js';

/** Avatar backgrounds, dark enough for white initials at 4.5:1 or more. */
const AVATAR_COLOURS = ['#2f5fc4', '#b0306a', '#17704d', '#8f5200', '#6a45c2', '#0f6a87', '#b03a2e', '#4a6b1f'];

/**
 * @param {string} seed
 * @returns {string}
 */
function colourFor(seed) {
  let h = 0;
  for (let i = 0; i < seed.length; i += 1) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return AVATAR_COLOURS[h % AVATAR_COLOURS.length];
}

/**
 * Up to two initials of a name: the first letter or digit of its first and last words, skipping emoji and
 * punctuation ("🎉 Lunch crew" is "LC"); "#" when the name has no letter or digit at all.
 * @param {string} name
 */
export function initials(name) {
  const words = name.trim().split(/\s+/)
    .map((w) => /[\p{L}\p{N}]/u.exec(w)?.[0] ?? '')
    .filter(Boolean);
  if (words.length === 0) return '#';
  const first = words[0];
  const second = words.length > 1 ? words[words.length - 1] : '';
  return (first + second).toLocaleUpperCase();
}

/** Sender name colours, dark enough for 4.5:1 contrast on the message bubbles. */
const SENDER_COLOURS = ['#1f57c7', '#b0306a', '#17704d', '#8f5200', '#6a45c2', '#0f6a87', '#b03a2e', '#4a6b1f'];

/**
 * The colour of a group member's name above their messages: by the member's place among the group's members (so
 * up to eight members never share one), stable while membership stays.
 * @param {string} userId
 * @param {string[]} memberIds
 */
export function senderColour(userId, memberIds) {
  const sorted = [...memberIds].sort();
  let index = sorted.indexOf(userId);
  if (index < 0) {
    index = 0;
    for (let i = 0; i < userId.length; i += 1) index = (index * 31 + userId.charCodeAt(i)) >>> 0;
  }
  return SENDER_COLOURS[index % SENDER_COLOURS.length];
}

/**
 * @param {{name: string, seed: string, size?: 'small'|'normal'|'large', children?: any}} props
 */
export function Avatar({ name, seed, size = 'normal', children }) {
  return html`<div class=${`avatar avatar-${size}`} style=${`background:${colourFor(seed)}`} aria-hidden="true">
    ${initials(name)}${children}
  </div>`;
}

/** @type {Record<string, string>} */
const PRESENCE_LABELS = { ONLINE: 'Online', AWAY: 'Away', BUSY: 'Busy', OFFLINE: 'Offline' };

/**
 * @param {{status: string, title?: string}} props
 */
export function PresenceDot({ status, title }) {
  const s = PRESENCE_LABELS[status] ? status : 'OFFLINE';
  return html`<span class=${`presence-dot presence-${s.toLowerCase()}`} data-testid="presence-dot" data-status=${s}
    title=${title || PRESENCE_LABELS[s]} role="img" aria-label=${PRESENCE_LABELS[s]}></span>`;
}

/**
 * @param {string} status
 */
export function presenceLabel(status) {
  return PRESENCE_LABELS[status] ?? 'Offline';
}

/**
 * The tick mark of one of my messages.
 * @param {{status: string, title?: string}} props
 */
export function StatusMark({ status, title }) {
  /** @type {Record<string, [import('./icons.js').IconName, string]>} */
  const marks = {
    pending: ['clock', 'Sending…'],
    sent: ['check', 'Sent'],
    delivered: ['checks', 'Delivered'],
    seen: ['checks', 'Seen'],
    failed: ['alert', 'Not sent'],
  };
  const [icon, label] = marks[status] ?? marks.sent;
  return html`<span class=${`mark mark-${status}`} title=${title || label} role="img" aria-label=${label}>
    <${Icon} name=${icon} size=${15} /></span>`;
}
