// The Settings page: my profile, my privacy settings (who may start a chat with me, who sees when I was last online,
// who sees my bio and picture), my devices (each signed-in browser or app, with when and from where it was last
// active; any other can be signed out), and the people I blocked.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../lib/errors.js';
import { formatListTime } from '../lib/format.js';
import { ConfirmDialog } from './modal.js';
import { Page, PageSection } from './page.js';
import { PersonRow } from './people-view.js';
import { ProfileSection } from './profile-form.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../api.js').Privacy} Privacy
 * @typedef {import('../api.js').Audience} Audience
 * @typedef {import('../api.js').DeviceSession} DeviceSession
 * @typedef {import('../api.js').Profile} Profile
 */

/** The privacy settings, their questions and the answers each allows (docs/protocol.md, section 10b). */
const PRIVACY = /** @type {const} */ ([
  { key: 'messages', question: 'Who can start a chat with me or add me to a group', options: ['EVERYONE', 'CONTACTS'] },
  { key: 'lastSeen', question: 'Who can see when I was last online', options: ['EVERYONE', 'CONTACTS', 'NOBODY'] },
  { key: 'profile', question: 'Who can see my bio and picture', options: ['EVERYONE', 'CONTACTS'] },
]);

/** @type {Record<Audience, string>} */
const AUDIENCE_LABELS = { EVERYONE: 'Everyone', CONTACTS: 'My contacts', NOBODY: 'Nobody' };

/**
 * When a device was last active, in words.
 * @param {number} ms
 * @param {number} now
 */
export function lastActiveText(ms, now) {
  if (!ms) return '';
  if (now - ms < 120_000) return 'Active now';
  return `Last active ${formatListTime(ms, now)}`;
}

/**
 * @param {{client: ChatClient}} props
 */
function PrivacySection({ client }) {
  const [privacy, setPrivacy] = useState(/** @type {Privacy | null} */ (null));
  const [error, setError] = useState('');
  useEffect(() => {
    client.api.privacy().then(setPrivacy, (e) => setError(errorText(e, 'privacy')));
  }, [client]);

  /** @param {keyof Privacy} key @param {Audience} value */
  const change = async (key, value) => {
    if (!privacy) return;
    const before = privacy;
    setPrivacy({ ...privacy, [key]: value }); // shown at once; put back if the server refuses
    setError('');
    try {
      setPrivacy(await client.api.setPrivacy({ [key]: value }));
    } catch (e) {
      setPrivacy(before);
      setError(errorText(e, 'privacy'));
    }
  };

  return html`<${PageSection} title="Privacy" id="settings-privacy">
    ${!privacy && !error && html`<p class="muted page-note">Loading…</p>`}
    ${privacy && PRIVACY.map((setting) => html`<fieldset class="choice" key=${setting.key}
      data-testid=${`privacy-${setting.key}`}>
      <legend>${setting.question}</legend>
      <div class="choice-options">
        ${setting.options.map((option) => html`<label class="choice-option" key=${option}>
          <input type="radio" name=${`privacy-${setting.key}`} value=${option}
            data-testid=${`privacy-${setting.key}-${option}`} checked=${privacy[setting.key] === option}
            onChange=${() => void change(setting.key, option)} />
          ${AUDIENCE_LABELS[option]}
        </label>`)}
      </div>
    </fieldset>`)}
    ${error && html`<p class="form-error" role="alert" data-testid="privacy-error">${error}</p>`}
  </${PageSection}>`;
}

/**
 * @param {{client: ChatClient, now: number}} props
 */
function DevicesSection({ client, now }) {
  const [devices, setDevices] = useState(/** @type {DeviceSession[] | null} */ (null));
  const [error, setError] = useState('');
  const [confirm, setConfirm] = useState(/** @type {DeviceSession | null} */ (null));
  const load = () => client.api.sessions().then((d) => { setDevices(d); setError(''); },
    (e) => setError(errorText(e, 'sessions')));
  useEffect(() => { void load(); }, [client]);

  /** @param {DeviceSession} device */
  const revoke = async (device) => {
    try {
      await client.api.revokeSession(device.deviceId);
    } catch (e) {
      setError(errorText(e, 'sessions'));
    }
    await load();
  };

  return html`<${PageSection} title="Devices" id="settings-devices"
    note="Every browser and app signed in to your account. Sign out any you do not recognise.">
    ${!devices && !error && html`<p class="muted page-note">Loading…</p>`}
    ${devices && html`<ul class="device-list">
      ${devices.map((d) => html`<li class="device" key=${d.deviceId} data-testid="device-row" data-device-id=${d.deviceId}
        data-current=${d.current ? 'true' : 'false'}>
        <div class="device-main">
          <div class="device-name" dir="auto">${d.deviceName || 'Unnamed device'}
            ${d.current && html` <span class="role role-admin" data-testid="device-current">This device</span>`}</div>
          <div class="device-sub muted">${[lastActiveText(d.lastActiveMs, now), d.address].filter(Boolean).join(' · ')}</div>
        </div>
        ${!d.current && html`<button type="button" class="danger small" data-testid="device-revoke"
          aria-label=${`Sign out ${d.deviceName || 'this device'}`} onClick=${() => setConfirm(d)}>Sign out</button>`}
      </li>`)}
    </ul>`}
    ${error && html`<p class="form-error" role="alert" data-testid="devices-error">${error}</p>`}
    ${confirm && html`<${ConfirmDialog} title="Sign out this device?"
      text=${`${confirm.deviceName || 'The device'} will be signed out at once and will need your password to sign in again.`}
      confirmLabel="Sign out" onConfirm=${() => void revoke(confirm)} onCancel=${() => setConfirm(null)} />`}
  </${PageSection}>`;
}

/**
 * @param {{client: ChatClient, now: number, onOpenChat: (p: Profile) => void}} props
 */
function BlockedSection({ client, now, onOpenChat }) {
  const blocked = client.social.blockedPeople();
  return html`<${PageSection} title="Blocked people" id="settings-blocked"
    note="They cannot message you, add you to groups or see when you are online.">
    ${blocked.length > 0
      ? html`<ul class="person-list">${blocked.map((p) => html`<${PersonRow} key=${p.userId} client=${client} profile=${p}
          testid="blocked-row" now=${now} onOpenChat=${onOpenChat} onBlock=${() => {}} />`)}</ul>`
      : html`<p class="muted page-note" data-testid="blocked-empty">${client.social.loaded ? 'You have not blocked anyone.' : 'Loading…'}</p>`}
  </${PageSection}>`;
}

/**
 * @param {{client: ChatClient, now: number, onBack: () => void, onOpenChat: (p: Profile) => void}} props
 */
export function SettingsView({ client, now, onBack, onOpenChat }) {
  return html`<${Page} title="Settings" testid="settings-view" onBack=${onBack}>
    <${ProfileSection} client=${client} />
    <${PrivacySection} client=${client} />
    <${DevicesSection} client=${client} now=${now} />
    <${BlockedSection} client=${client} now=${now} onOpenChat=${onOpenChat} />
  </${Page}>`;
}
