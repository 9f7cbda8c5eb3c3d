// Receipt marks: what the ticks on my messages show, who has seen them, and which marks this device must send.
// Pure functions over chat-state's Conversation, tested in node.
//
// A member's marks are monotonic sequence numbers ("delivered up to", "seen up to"; seen implies delivered). A
// message of mine with sequence s is delivered when every other member's delivered mark is >= s, and seen when
// every other member's seen mark is >= s. In a direct conversation the only other member is the peer.

/**
 * @typedef {import('./chat-state.js').Conversation} Conversation
 * @typedef {'pending'|'sent'|'delivered'|'seen'|'failed'} MessageStatus
 * @typedef {{others: number, delivered: number, seen: number}} ReceiptFloor the lowest marks among the others
 */

/**
 * The other members' receipt marks, reduced to the lowest delivered and seen marks.
 * @param {Conversation} conv
 * @param {string} me
 * @returns {ReceiptFloor}
 */
export function receiptFloor(conv, me) {
  const others = [...conv.members.values()].filter((m) => m.userId !== me);
  if (conv.kind === 'DIRECT' && others.length === 0 && conv.peerId && conv.peerId !== me) {
    return { others: 1, delivered: 0, seen: 0 }; // the peer, whose marks we have not heard yet
  }
  if (others.length === 0) return { others: 0, delivered: 0, seen: 0 };
  let delivered = Infinity;
  let seen = Infinity;
  for (const m of others) {
    delivered = Math.min(delivered, Math.max(m.deliveredSeq, m.seenSeq));
    seen = Math.min(seen, m.seenSeq);
  }
  return { others: others.length, delivered, seen };
}

/**
 * The mark of one of my messages.
 * @param {number} seq 0 while not accepted
 * @param {ReceiptFloor} floor
 * @param {'pending'|'sent'|'failed'} [pendingStatus] for a message not yet replaced by its event
 * @returns {MessageStatus}
 */
export function messageStatus(seq, floor, pendingStatus) {
  if (pendingStatus === 'pending' || pendingStatus === 'failed') return pendingStatus;
  if (seq <= 0) return 'pending';
  if (floor.others === 0) return 'sent';
  if (seq <= floor.seen) return 'seen';
  if (seq <= floor.delivered) return 'delivered';
  return 'sent';
}

/**
 * The other members who have seen a message, and those it has reached.
 * @param {Conversation} conv
 * @param {number} seq
 * @param {string} me
 * @returns {{seen: string[], delivered: string[]}} user IDs; `delivered` excludes those in `seen`
 */
export function receiptsOf(conv, seq, me) {
  const seen = [];
  const delivered = [];
  for (const m of conv.members.values()) {
    if (m.userId === me) continue;
    if (m.seenSeq >= seq) seen.push(m.userId);
    else if (m.deliveredSeq >= seq) delivered.push(m.userId);
  }
  return { seen, delivered };
}

/**
 * The highest seq in the window caused by someone else, or 0.
 * @param {Conversation} conv
 * @param {string} me
 * @param {number} above only look above this seq
 * @returns {number}
 */
function latestForeign(conv, me, above) {
  if (!conv.loaded) return 0;
  for (let seq = conv.high; seq > above && seq >= conv.low; seq -= 1) {
    const e = conv.entries.get(seq);
    if (e && e.actor !== me) return seq;
  }
  return 0;
}

/**
 * The receipts this device owes: DELIVERED up to high once it holds events from others past its delivered mark;
 * SEEN up to high when the conversation is on screen. A SEEN also moves the delivered mark, so it replaces a
 * DELIVERED to the same seq. Marks only increase.
 * @param {Conversation} conv
 * @param {string} me
 * @param {boolean} visible whether the conversation is open and the page visible
 * @returns {Array<{kind: 'DELIVERED'|'SEEN', upToSeq: number}>}
 */
export function receiptsDue(conv, me, visible) {
  if (!conv.loaded || conv.high === 0 || conv.removed) return [];
  const high = conv.high;
  if (visible && high > conv.mySeenSeq && latestForeign(conv, me, conv.mySeenSeq) > 0) {
    return [{ kind: 'SEEN', upToSeq: high }];
  }
  if (high > conv.myDeliveredSeq && latestForeign(conv, me, conv.myDeliveredSeq) > 0) {
    return [{ kind: 'DELIVERED', upToSeq: high }];
  }
  return [];
}
