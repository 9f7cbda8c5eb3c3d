// Test doubles shared by the node tests: manual timers and a scriptable WebSocket.

/** Timers that only move when the test says so. */
export class FakeTimers {
  constructor() {
    this.nowMs = 1_700_000_000_000;
    this.nextId = 1;
    /** @type {Map<number, {at: number, fn: Function, every: number}>} */
    this.tasks = new Map();
    this.setTimeout = (/** @type {Function} */ fn, /** @type {number} */ ms = 0) => this.#add(fn, ms, 0);
    this.setInterval = (/** @type {Function} */ fn, /** @type {number} */ ms = 0) => this.#add(fn, ms, Math.max(1, ms));
    this.clearTimeout = (/** @type {number} */ id) => { this.tasks.delete(id); };
    this.clearInterval = this.clearTimeout;
    this.now = () => this.nowMs;
  }

  #add(fn, ms, every) {
    const id = this.nextId++;
    this.tasks.set(id, { at: this.nowMs + Math.max(0, ms), fn, every });
    return id;
  }

  /** Delays of the pending one-shot timers, soonest first. */
  pendingDelays() {
    return [...this.tasks.values()].filter((t) => t.every === 0).map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }

  /**
   * Runs every task due within `ms`, in time order, then lets promises settle.
   * @param {number} ms
   */
  async advance(ms) {
    const end = this.nowMs + ms;
    for (;;) {
      let nextId = 0;
      let next = null;
      for (const [id, t] of this.tasks) if (t.at <= end && (!next || t.at < next.at)) { next = t; nextId = id; }
      if (!next) break;
      this.nowMs = Math.max(this.nowMs, next.at);
      if (next.every > 0) next.at += next.every;
      else this.tasks.delete(nextId);
      next.fn();
      await settle();
    }
    this.nowMs = end;
    await settle();
  }
}

/** Lets queued promise callbacks and microtasks run. */
export async function settle() {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

/** A WebSocket stand-in: records what the client sends, lets the test play the server. */
export class FakeWebSocket {
  /** @type {FakeWebSocket[]} */
  static instances = [];

  static reset() {
    FakeWebSocket.instances = [];
  }

  static get last() {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  }

  /**
   * @param {string} url
   * @param {string[]} protocols
   */
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    /** @type {any[]} */
    this.sent = [];
    this.closed = false;
    this.closeCode = 0;
    /** @type {((frame: any) => any) | null} a function answering each client frame, if set */
    this.responder = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    FakeWebSocket.instances.push(this);
  }

  /** @param {string} text */
  send(text) {
    if (this.closed) throw new Error('closed');
    const frame = JSON.parse(text);
    this.sent.push(frame);
    if (this.responder) {
      const answer = this.responder(frame);
      if (answer) queueMicrotask(() => this.serverSend({ requestId: frame.requestId, ...answer }));
    }
  }

  /** @param {number} [code] */
  close(code = 1000) {
    this.closed = true;
    this.closeCode = code;
  }

  /** @param {any} frame a ServerFrame */
  serverSend(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** @param {number} code */
  serverClose(code) {
    this.closed = true;
    this.onclose?.({ code });
  }

  welcome(userId = '100') {
    this.serverSend({ welcome: { userId, deviceId: '1', protocol: 'cellchat.v1.json', limits: { maxTextLength: 4096 } } });
  }

  /**
   * The frames sent of one kind.
   * @param {string} kind
   */
  sentOf(kind) {
    return this.sent.filter((f) => f[kind] !== undefined);
  }
}

/**
 * A proto3 JSON Event with a text message.
 * @param {string} conversationId
 * @param {number} seq
 * @param {string} actor
 * @param {string} text
 * @param {Record<string, any>} [extra] more MessagePosted fields
 */
export function posted(conversationId, seq, actor, text, extra = {}) {
  return {
    conversationId, seq: String(seq), eventId: String(1000 + seq), actor, atMs: String(1_700_000_000_000 + seq * 1000),
    message: { body: { text }, ...extra },
  };
}

/**
 * A proto3 JSON Event with another body.
 * @param {string} conversationId
 * @param {number} seq
 * @param {string} actor
 * @param {Record<string, any>} body e.g. {edited: {targetSeq: "1", body: {text: "x"}}}
 */
export function event(conversationId, seq, actor, body) {
  return { conversationId, seq: String(seq), eventId: String(1000 + seq), actor, atMs: String(1_700_000_000_000 + seq * 1000), ...body };
}

/**
 * A tiny in-memory server speaking the frames the client uses, enough to test the client's sync logic. Events get
 * gap-free seqs per conversation; sends are deduplicated by idempotency key.
 */
export class FakeServer {
  /** @param {string} me the connected user */
  constructor(me) {
    this.me = me;
    /** @type {Map<string, {kind: string, title: string, events: any[], members: any[]}>} */
    this.convs = new Map();
    /** @type {Map<string, number>} */
    this.keys = new Map();
    /** @type {any[]} events to push after the current answer */
    this.outbox = [];
    this.pushLive = true;
  }

  /**
   * @param {string} id
   * @param {string} kind
   * @param {string[]} memberIds
   * @param {string} [title]
   */
  create(id, kind, memberIds, title = '') {
    this.convs.set(id, { kind, title, events: [], members: memberIds.map((userId) => ({ userId, role: 'MEMBER' })) });
  }

  /**
   * Appends a message and returns its event.
   * @param {string} convId
   * @param {string} actor
   * @param {string} text
   * @param {string} [key]
   */
  post(convId, actor, text, key = '') {
    const conv = this.convs.get(convId);
    if (!conv) throw new Error(`no ${convId}`);
    const ev = posted(convId, conv.events.length + 1, actor, text, key ? { idempotencyKey: key } : {});
    conv.events.push(ev);
    return ev;
  }

  /**
   * Answers one client frame like the server would.
   * @param {any} f
   */
  respond(f) {
    if (f.ping) return { pong: {} };
    if (f.listConversations) {
      const conversations = [...this.convs].map(([conversationId, c]) => ({
        conversationId, kind: c.kind, title: c.title, lastSeq: String(c.events.length),
        ...(c.kind === 'DIRECT' ? { peer: { userId: c.members.find((m) => m.userId !== this.me)?.userId } } : {}),
      }));
      return { conversations: { conversations } };
    }
    if (f.sync || f.history) {
      const q = f.sync ?? f.history;
      const conv = this.convs.get(q.conversationId);
      if (!conv) return { error: { code: 'CONVERSATION_NOT_FOUND', message: 'no such conversation' } };
      const limit = Number(q.limit || 200);
      if (f.sync) {
        const after = Number(q.afterSeq || 0);
        const events = conv.events.slice(after, after + limit);
        return { sync: { conversationId: q.conversationId, events, lastSeq: String(conv.events.length), hasMore: after + limit < conv.events.length, members: conv.members, kind: conv.kind, title: conv.title } };
      }
      const before = Number(q.beforeSeq || 0) || conv.events.length + 1;
      const start = Math.max(0, before - 1 - limit);
      return { history: { conversationId: q.conversationId, events: conv.events.slice(start, before - 1), hasMore: start > 0 } };
    }
    if (f.send) {
      const { conversationId, idempotencyKey, body } = f.send;
      let seq = this.keys.get(idempotencyKey);
      if (!seq) {
        if (!this.convs.has(conversationId)) this.create(conversationId, 'DIRECT', conversationId.split(':').slice(1));
        const ev = this.post(conversationId, this.me, body.text, idempotencyKey);
        seq = Number(ev.seq);
        this.keys.set(idempotencyKey, seq);
        if (this.pushLive) this.outbox.push(ev);
      }
      return { accepted: { conversationId, seq: String(seq), messageId: String(1000 + seq) } };
    }
    if (f.receipt) return { accepted: { conversationId: f.receipt.conversationId } };
    return { ok: {} };
  }

  /**
   * Connects this server to a fake socket: answers frames, then pushes queued events.
   * @param {FakeWebSocket} ws
   */
  attach(ws) {
    ws.responder = (f) => {
      const answer = this.respond(f);
      const pushes = this.outbox.splice(0);
      if (pushes.length) queueMicrotask(() => queueMicrotask(() => { for (const ev of pushes) ws.serverSend({ event: ev }); }));
      return answer;
    };
  }
}
