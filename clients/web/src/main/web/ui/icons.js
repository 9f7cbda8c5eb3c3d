// Inline SVG icons (24 × 24, stroked with currentColor), so the UI does not depend on the fonts of the machine.
import { html } from 'htm/preact';

/** The path data of each icon. */
const PATHS = /** @type {const} */ ({
  plus: 'M12 5v14M5 12h14',
  smile: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8.5 14.5s1.2 1.8 3.5 1.8 3.5-1.8 3.5-1.8M9 9.5h.01M15 9.5h.01',
  reply: 'M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H12',
  edit: 'M16.5 3.5a2.1 2.1 0 0 1 3 3L8 18l-4 1 1-4z',
  trash: 'M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  checks: 'M2 12.5l4.5 4.5L16 7.5M11.5 16l1 1L22 7.5',
  logout: 'M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 17l5-5-5-5M15 12H3',
  send: 'M4 12 20 4l-6 16-3-7z',
  back: 'M15 5l-7 7 7 7',
  close: 'M6 6l12 12M18 6 6 18',
  alert: 'M12 8v5M12 16.5h.01M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
  more: 'M12 5.5h.01M12 12h.01M12 18.5h.01',
  pin: 'M9 4h6l-1 6 4 4H6l4-4zM12 14v7',
  muted: 'M9 5.5A6 6 0 0 1 18 10v3l2 3H8M6 9.5V13l-2 3h4M10 20h4M3 3l18 18',
  archive: 'M3 5h18v4H3zM5 9v10h14V9M10 13h4',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4',
  down: 'M6 9l6 6 6-6',
  up: 'M6 15l6-6 6 6',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v5M12 7.5h.01',
});

/** @typedef {keyof typeof PATHS} IconName */

/**
 * @param {{name: IconName, size?: number}} props
 */
export function Icon({ name, size = 18 }) {
  return html`<svg class=${`icon icon-${name}`} width=${size} height=${size} viewBox="0 0 24 24" fill="none"
    stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"
    focusable="false"><path d=${PATHS[name]} /></svg>`;
}
