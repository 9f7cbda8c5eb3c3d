// My profile in Settings: the picture (upload, remove), display name and bio. The picture is checked here for what
// the server would refuse anyway (not an image, over 2 MiB), so a mistake costs no upload; the server checks the
// type by content and re-encodes it, and answers with the new avatarUrl.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { AVATAR_MAX_BYTES, errorText } from '../lib/errors.js';
import { Avatar } from './common.js';
import { PageSection } from './page.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 */

const BIO_MAX = 300;
const NAME_MAX = 64;

/**
 * What is wrong with a picture before it is sent, "" when nothing.
 * @param {{size: number, type: string}} file
 */
export function avatarFileProblem(file) {
  if (file.type && !file.type.startsWith('image/')) return 'That file is not a picture. Choose a JPEG, PNG, GIF or WebP image.';
  if (file.size > AVATAR_MAX_BYTES) return 'That picture is too big. Choose one under 2 MB.';
  if (file.size === 0) return 'That file is empty.';
  return '';
}

/**
 * @param {{client: ChatClient}} props
 */
export function ProfileSection({ client }) {
  const me = client.state.userId;
  const profile = client.state.profiles.get(me);
  const [displayName, setDisplayName] = useState(profile?.displayName ?? '');
  const [bio, setBio] = useState(profile?.bio ?? '');
  const [edited, setEdited] = useState(false);
  // My profile is read afresh at every connect: show what it says, unless I started editing.
  useEffect(() => {
    if (edited) return;
    setDisplayName(profile?.displayName ?? '');
    setBio(profile?.bio ?? '');
  }, [profile?.displayName, profile?.bio]);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState({ text: '', error: false });
  const [picture, setPicture] = useState({ text: '', error: false, busy: false });
  const name = profile?.displayName || profile?.username || '';

  /** @param {Event} e */
  const save = async (e) => {
    e.preventDefault();
    setSaving(true);
    setMessage({ text: '', error: false });
    try {
      const stored = await client.api.updateProfile({ displayName: displayName.trim(), bio: bio.trim() });
      client.setMyProfile({ ...stored, avatarUrl: stored.avatarUrl || profile?.avatarUrl || '' });
      setDisplayName(stored.displayName);
      setBio(stored.bio ?? '');
      setEdited(false);
      setMessage({ text: 'Profile saved.', error: false });
    } catch (err) {
      setMessage({ text: errorText(err, 'profile'), error: true });
    } finally {
      setSaving(false);
    }
  };

  /** @param {() => Promise<void>} run @param {string} done */
  const changePicture = async (run, done) => {
    setPicture({ text: '', error: false, busy: true });
    try {
      await run();
      client.setMyProfile(await client.api.user(me)); // the new avatarUrl (or none)
      setPicture({ text: done, error: false, busy: false });
    } catch (err) {
      setPicture({ text: errorText(err, 'avatar'), error: true, busy: false });
    }
  };

  /** @param {any} e */
  const upload = (e) => {
    const input = /** @type {HTMLInputElement} */ (e.currentTarget);
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again is a change too
    if (!file) return;
    const problem = avatarFileProblem(file);
    if (problem) {
      setPicture({ text: problem, error: true, busy: false });
      return;
    }
    void changePicture(async () => { await client.api.uploadAvatar(file); }, 'Picture updated.');
  };

  return html`<${PageSection} title="Profile" id="settings-profile">
    <div class="avatar-editor">
      <${Avatar} name=${name} seed=${me} size="large" src=${client.avatarSrc(me)} />
      <div class="avatar-buttons">
        <label class=${`secondary small file-button ${picture.busy ? 'is-busy' : ''}`}>
          ${profile?.avatarUrl ? 'Change picture' : 'Add a picture'}
          <input type="file" class="sr-only" accept="image/jpeg,image/png,image/gif,image/webp"
            data-testid="avatar-input" disabled=${picture.busy} onChange=${upload} />
        </label>
        ${profile?.avatarUrl && html`<button type="button" class="link danger" data-testid="avatar-remove"
          disabled=${picture.busy} onClick=${() => void changePicture(() => client.api.deleteAvatar(), 'Picture removed.')}>
          Remove picture</button>`}
        <span class="field-hint">JPEG, PNG, GIF or WebP, up to 2 MB.</span>
      </div>
    </div>
    ${picture.text && html`<p class=${picture.error ? 'form-error' : 'form-ok'} role=${picture.error ? 'alert' : 'status'}
      data-testid="avatar-status">${picture.text}</p>`}
    <form class="settings-form" onSubmit=${save}>
      <label>Display name
        <input data-testid="profile-display-name" maxlength=${NAME_MAX} autocomplete="name" value=${displayName}
          placeholder=${profile?.username ?? ''} aria-describedby="profile-name-hint"
          onInput=${(/** @type {any} */ e) => { setDisplayName(e.currentTarget.value); setEdited(true); }} />
        <span class="field-hint" id="profile-name-hint">Left empty, people see your username, @${profile?.username ?? ''}.</span>
      </label>
      <label>Bio
        <textarea data-testid="profile-bio" rows="3" maxlength=${BIO_MAX} value=${bio} aria-describedby="profile-bio-count"
          onInput=${(/** @type {any} */ e) => { setBio(e.currentTarget.value); setEdited(true); }}></textarea>
        <span class="field-hint" id="profile-bio-count">${[...bio].length} of ${BIO_MAX} characters</span>
      </label>
      ${message.text && html`<p class=${message.error ? 'form-error' : 'form-ok'} role=${message.error ? 'alert' : 'status'}
        data-testid="profile-status">${message.text}</p>`}
      <div class="form-actions">
        <button type="submit" class="primary" data-testid="profile-save" disabled=${saving}>${saving ? 'Saving…' : 'Save profile'}</button>
      </div>
    </form>
  </${PageSection}>`;
}
