// Small shared pieces of the UI: avatars, presence dots, status ticks.
import { html } from 'htm/preact';
import { Icon } from './icons.js';

const AVATAR_COLOURS = ['#5b8def', '#e0719e', '#3fb68b', '#e39b3b', '#8c6fe0', '#3aa9c9', '#d96459', '#6f9e3c'];

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
 * Up to two initials of a name.
 * @param {string} name
 */
export function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]][0] ?? '';
  const second = words.length > 1 ? [...words[words.length - 1]][0] ?? '' : '';
  return (first + second).toUpperCase();
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
