// The arithmetic of the message list's scrolling, kept apart from the DOM so node tests it.

/** How close to an edge counts as "at" it, in pixels. */
export const EDGE_PX = 120;

/**
 * The scrollTop that keeps what the reader sees in place after content was added above it (older messages paged
 * in): the distance from the bottom stays the same.
 * @param {{scrollHeight: number, scrollTop: number}} before
 * @param {number} scrollHeightAfter
 * @returns {number}
 */
export function keepPosition(before, scrollHeightAfter) {
  return Math.max(0, scrollHeightAfter - (before.scrollHeight - before.scrollTop));
}

/**
 * @param {{scrollHeight: number, scrollTop: number, clientHeight: number}} el
 */
export function nearBottom(el) {
  return el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
}

/**
 * @param {{scrollTop: number}} el
 */
export function nearTop(el) {
  return el.scrollTop < EDGE_PX;
}
