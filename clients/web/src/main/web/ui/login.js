// Sign in and register: one form, a toggle between the two. Registration is checked against the documented rules
// before it is sent, and every problem is shown at once beside its field; what the server refuses is shown in
// product wording by error code.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { errorText, registrationErrors } from '../lib/errors.js';

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
 * One labelled field with its own error line.
 * @param {{label: any, name: string, testid: string, error?: string, hint?: string, children?: any, input: Record<string, any>}} props
 */
function Field({ label, name, testid, error, hint, input }) {
  const describedBy = error ? `${name}-error` : hint ? `${name}-hint` : undefined;
  return html`<label>${label}
    <input data-testid=${testid} name=${name} aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${describedBy} ...${input} />
    ${error
      ? html`<span class="field-error" id=${`${name}-error`} data-testid=${`${testid}-error`}>${error}</span>`
      : hint && html`<span class="field-hint" id=${`${name}-hint`}>${hint}</span>`}
  </label>`;
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
  const [fields, setFields] = useState(/** @type {{username?: string, password?: string, displayName?: string}} */ ({}));
  const [busy, setBusy] = useState(false);
  const registering = mode === 'register';

  /** @param {Event} e */
  const submit = async (e) => {
    e.preventDefault();
    if (busy) return;
    setError('');
    if (registering) {
      const problems = registrationErrors({ username, password, displayName });
      setFields(problems);
      if (Object.keys(problems).length > 0) return;
    } else if (!username.trim() || !password) {
      setFields({
        username: username.trim() ? undefined : 'Enter your username.',
        password: password ? undefined : 'Enter your password.',
      });
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const session = registering
        ? await api.register({ username: username.trim(), password, displayName: displayName.trim() })
        : await api.login({ username: username.trim(), password, deviceName: deviceName() });
      onSession(session);
    } catch (err) {
      const code = /** @type {{code?: string}} */ (err).code;
      if (registering && code === 'USERNAME_TAKEN') setFields({ username: errorText(err, 'register') });
      else setError(errorText(err, registering ? 'register' : 'login'));
      setBusy(false);
    }
  };

  /** @param {(v: string) => void} set @param {'username'|'password'|'displayName'} field */
  const edit = (set, field) => (/** @type {any} */ e) => {
    set(e.currentTarget.value);
    if (fields[field]) setFields({ ...fields, [field]: undefined });
  };

  return html`<main class="login-screen">
    <form class="login-card" onSubmit=${submit} noValidate>
      <div class="brand"><span class="brand-mark" aria-hidden="true">◉</span> Cellchat</div>
      <h1>${registering ? 'Create your account' : 'Sign in'}</h1>
      ${notice && !error && html`<p class="login-notice">${notice}</p>`}
      <${Field} label="Username" name="username" testid="login-username" error=${fields.username}
        hint=${registering ? '3 to 32 letters, digits, dots, dashes or underscores' : undefined}
        input=${{ autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', value: username,
          onInput: edit(setUsername, 'username') }} />
      ${registering && html`<${Field} label=${html`Display name <span class="optional">(optional)</span>`}
        name="displayName" testid="login-display-name" error=${fields.displayName}
        input=${{ autocomplete: 'name', value: displayName, onInput: edit(setDisplayName, 'displayName') }} />`}
      <${Field} label="Password" name="password" testid="login-password" error=${fields.password}
        hint=${registering ? 'At least 8 characters' : undefined}
        input=${{ type: 'password', autocomplete: registering ? 'new-password' : 'current-password', value: password,
          onInput: edit(setPassword, 'password') }} />
      ${error && html`<p class="form-error" role="alert" data-testid="login-error">${error}</p>`}
      ${Object.values(fields).some(Boolean) && html`<p class="sr-only" role="alert">Check the fields marked in red.</p>`}
      <button class="primary wide" type="submit" data-testid="login-submit" disabled=${busy}>
        ${busy ? 'Please wait…' : registering ? 'Create account' : 'Sign in'}
      </button>
      <p class="login-switch">
        ${registering ? 'Already have an account? ' : 'New to Cellchat? '}<button type="button" class="link" data-testid="register-toggle"
          onClick=${() => { setMode(registering ? 'login' : 'register'); setError(''); setFields({}); }}>
          ${registering ? 'Sign in' : 'Create an account'}
        </button>
      </p>
    </form>
  </main>`;
}
