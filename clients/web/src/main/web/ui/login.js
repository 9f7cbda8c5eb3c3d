// Sign in and register: one form, a toggle between the two.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

/**
 * @typedef {import('../api.js').Api} Api
 * @typedef {import('../api.js').Session} Session
 */

/** A name for this device in the server's device list, e.g. "Chrome on Linux". */
function deviceName() {
  const ua = globalThis.navigator?.userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS'
    : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'web';
  return `${browser} on ${os}`;
}

/**
 * @param {{api: Api, notice?: string, onSession: (s: Session) => void}} props
 */
export function LoginView({ api, notice = '', onSession }) {
  const [mode, setMode] = useState(/** @type {'login'|'register'} */ ('login'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const registering = mode === 'register';

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const session = registering
        ? await api.register({ username: username.trim(), password, displayName: displayName.trim() })
        : await api.login({ username: username.trim(), password, deviceName: deviceName() });
      onSession(session);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return html`<div class="login-screen">
    <form class="login-card" onSubmit=${submit}>
      <div class="brand"><span class="brand-mark">◉</span> Cellchat</div>
      <h1>${registering ? 'Create your account' : 'Sign in'}</h1>
      ${notice && !error && html`<p class="login-notice">${notice}</p>`}
      <label>Username
        <input data-testid="login-username" name="username" autocomplete="username" autocapitalize="none"
          spellcheck="false" maxlength="32"
          value=${username} onInput=${(/** @type {any} */ e) => setUsername(e.currentTarget.value)} />
      </label>
      ${registering && html`<label>Display name <span class="optional">(optional)</span>
        <input data-testid="login-display-name" name="displayName" autocomplete="name" maxlength="64"
          value=${displayName} onInput=${(/** @type {any} */ e) => setDisplayName(e.currentTarget.value)} />
      </label>`}
      <label>Password
        <input data-testid="login-password" name="password" type="password" maxlength="128"
          autocomplete=${registering ? 'new-password' : 'current-password'}
          value=${password} onInput=${(/** @type {any} */ e) => setPassword(e.currentTarget.value)} />
      </label>
      ${error && html`<p class="form-error" role="alert" data-testid="login-error">${error}</p>`}
      <button class="primary wide" type="submit" data-testid="login-submit" disabled=${busy}>
        ${busy ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
      </button>
      <p class="login-switch">
        ${registering ? 'Already have an account? ' : 'New to Cellchat? '}<button type="button" class="link" data-testid="register-toggle"
          onClick=${() => { setMode(registering ? 'login' : 'register'); setError(''); }}>
          ${registering ? 'Sign in' : 'Create an account'}
        </button>
      </p>
    </form>
  </div>`;
}
