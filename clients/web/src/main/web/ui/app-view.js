// The top of the UI: the login screen when signed out; otherwise the sidebar and the open conversation side by
// side (one at a time under 700 px wide, with a back button). The open conversation lives in the URL hash, so a
// reload keeps it and the phone's back gesture closes it.
import { html } from 'htm/preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api } from '../api.js';
import { ChatClient } from '../client.js';
import { SessionStore } from '../session-store.js';
import { ChatView } from './chat-view.js';
import { NewChatDialog, NewGroupDialog } from './dialogs.js';
import { LoginView } from './login.js';
import { Sidebar } from './sidebar.js';
import { Toasts } from './toasts.js';

/**
 * @typedef {import('../api.js').Session} Session
 */

const store = new SessionStore(globalThis.localStorage);

/** @type {ChatClient | null} */
let current = null;

/** What browser tests read: `window.cellchat.state()`. */
export const debugHook = {
  state: () => current?.debugState() ?? { userId: '', connection: 'offline', conversations: {} },
};

/** @type {Record<string, string>} */
const SIGN_OUT_NOTICES = {
  unauthorized: 'Your session has expired. Please sign in again.',
  revoked: 'This session was signed out from another device. Please sign in again.',
};

export function App() {
  const [session, setSession] = useState(() => store.load());
  const [notice, setNotice] = useState('');
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const signOut = (/** @type {string} */ reason) => {
    store.clear();
    setNotice(SIGN_OUT_NOTICES[reason] ?? '');
    setSession(null);
  };
  /** @type {{current: Promise<boolean> | null}} */
  const refreshing = useRef(null);
  const api = useMemo(() => {
    /** @type {Api | null} */
    let created = null;
    /** @returns {Promise<boolean>} */
    const refreshSession = () => {
      // One refresh at a time: a refresh token is good once, and using it twice ends the session (reuse detection).
      if (!created) return Promise.resolve(false);
      refreshing.current ??= renew(created).finally(() => { refreshing.current = null; });
      return refreshing.current;
    };
    created = new Api({
      token: () => sessionRef.current?.token ?? '',
      onUnauthorized: () => { if (sessionRef.current) signOut('unauthorized'); },
      refreshSession,
    });
    return created;
  }, []);

  /**
   * Renews the access token with the refresh token. Another tab may have renewed it already (the stored session
   * then has another refresh token): that one is adopted instead of spending ours a second time.
   * @param {Api} client
   * @returns {Promise<boolean>}
   */
  async function renew(client) {
    const mine = sessionRef.current;
    if (!mine?.refreshToken) return false;
    const stored = store.load();
    if (stored && stored.deviceId === mine.deviceId && stored.refreshToken !== mine.refreshToken) {
      sessionRef.current = stored;
      setSession(stored);
      return true;
    }
    try {
      const next = await client.refresh(mine.refreshToken);
      store.save(next);
      sessionRef.current = next;
      setSession(next);
      return true;
    } catch {
      return false;
    }
  }

  if (!session) {
    return html`<${LoginView} api=${api} notice=${notice}
      onSession=${(/** @type {Session} */ s) => { store.save(s); setNotice(''); setSession(s); }} />`;
  }
  return html`<${ChatApp} key=${session.deviceId} session=${session} api=${api} onSignedOut=${signOut}
    onLogout=${async () => {
      try {
        await api.logout();
      } catch {
        // signed out locally anyway
      }
      store.clear();
      setNotice('');
      setSession(null);
      // Unsent messages do not outlive an explicit sign-out (a shared computer keeps no message text); the client
      // is stopped once this render commits.
      store.saveOutbox(session.userId, []);
      setTimeout(() => store.saveOutbox(session.userId, []), 0);
    }} />`;
}

/** @returns {string} the conversation ID in the hash, "" for none */
function readHash() {
  const match = /^#\/c\/(.+)$/.exec(globalThis.location.hash);
  if (!match) return '';
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return '';
  }
}

/**
 * @param {{session: Session, api: Api, onSignedOut: (reason: string) => void, onLogout: () => void}} props
 */
function ChatApp({ session, api, onSignedOut, onLogout }) {
  const client = useMemo(() => new ChatClient({
    session,
    api,
    store,
    isVisible: () => document.visibilityState === 'visible',
    onSignedOut,
  }), [session.deviceId]);
  const [, setTick] = useState(0);
  const [openId, setOpenId] = useState(readHash);
  const [dialog, setDialog] = useState(/** @type {''|'chat'|'group'} */ (''));

  useEffect(() => {
    current = client;
    const unsubscribe = client.subscribe(() => setTick((t) => t + 1));
    client.start();
    let lastActivity = 0;
    const onActivity = () => {
      if (Date.now() - lastActivity < 2000) return;
      lastActivity = Date.now();
      client.activity();
    };
    const onVisibility = () => client.visibilityChanged();
    const onOnline = () => client.reconnectNow();
    const onHash = () => setOpenId(readHash());
    const activityEvents = ['keydown', 'pointerdown', 'wheel', 'touchstart', 'focus'];
    for (const name of activityEvents) window.addEventListener(name, onActivity, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', onOnline);
    window.addEventListener('hashchange', onHash);
    // Re-render now and then for "last seen", and every second for the retry countdown while offline.
    let seconds = 0;
    const clock = setInterval(() => {
      seconds += 1;
      if (client.connectionState !== 'connected' || seconds % 15 === 0) setTick((t) => t + 1);
    }, 1000);
    return () => {
      clearInterval(clock);
      for (const name of activityEvents) window.removeEventListener(name, onActivity);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('hashchange', onHash);
      unsubscribe();
      client.stop();
      if (current === client) current = null;
    };
  }, [client]);

  useEffect(() => client.openConversation(openId), [client, openId]);

  const now = Date.now();
  let unreadTotal = 0;
  for (const conv of client.state.listedConversations()) {
    if (!client.state.isMuted(conv.id, now)) unreadTotal += client.state.unread(conv.id); // muted chats stay quiet
  }
  useEffect(() => {
    document.title = unreadTotal > 0 ? `(${unreadTotal}) Cellchat` : 'Cellchat';
  }, [unreadTotal]);

  const open = (/** @type {string} */ id) => {
    setDialog('');
    globalThis.location.hash = `/c/${encodeURIComponent(id)}`;
    setOpenId(id);
  };
  const back = () => {
    globalThis.location.hash = '/';
    setOpenId('');
  };

  return html`<div class="shell">
    ${client.connectionState !== 'connected' && html`<div class="banner" role="status">
      ${client.connectionState === 'connecting' ? 'Connecting to Cellchat…' : 'You are offline. Reconnecting…'}
      ${client.connectionState === 'offline' && html`<button type="button" class="link" onClick=${() => client.reconnectNow()}>Retry now</button>`}
    </div>`}
    <div class=${`app ${openId ? 'chat-open' : ''}`}>
      <${Sidebar} client=${client} now=${now} onOpen=${open} onLogout=${onLogout}
        onNewChat=${() => setDialog('chat')} onNewGroup=${() => setDialog('group')} />
      <main class="pane">
        ${openId
          ? html`<${ChatView} key=${openId} client=${client} conversationId=${openId} now=${now} onBack=${back} />`
          : html`<div class="pane-empty">
              <div class="pane-empty-mark" aria-hidden="true">◉</div>
              <p>Pick a conversation, or start a new one.</p>
            </div>`}
      </main>
    </div>
    ${dialog === 'chat' && html`<${NewChatDialog} client=${client} onClose=${() => setDialog('')} onOpened=${open} />`}
    ${dialog === 'group' && html`<${NewGroupDialog} client=${client} onClose=${() => setDialog('')} onOpened=${open} />`}
    <${Toasts} toasts=${client.toasts} onDismiss=${(/** @type {number} */ id) => client.dismissToast(id)} />
  </div>`;
}
