// Avatar images. An avatar's URL needs the bearer token, so an <img> cannot load it by itself: the image is fetched
// with the token once per avatarUrl (the URL is versioned: a new avatar gets a new URL, so a cached one never goes
// stale) and shown through a blob: URL. At most `max` images are kept; the oldest are released. No DOM: node tests it.

export class AvatarCache {
  /**
   * @param {object} options
   * @param {(url: string) => Promise<Blob>} options.load fetches an image with the token
   * @param {() => void} options.onChange an image arrived
   * @param {(blob: Blob) => string} [options.createUrl]
   * @param {(url: string) => void} [options.revokeUrl]
   * @param {number} [options.max]
   */
  constructor({ load, onChange, createUrl, revokeUrl, max = 200 }) {
    this.load = load;
    this.onChange = onChange;
    this.createUrl = createUrl ?? ((blob) => URL.createObjectURL(blob));
    this.revokeUrl = revokeUrl ?? ((url) => URL.revokeObjectURL(url));
    this.max = max;
    /** @type {Map<string, string>} avatarUrl -> blob URL ("" while loading or after a failure), oldest first */
    this.images = new Map();
  }

  /**
   * The image to show for an avatarUrl: a blob URL once fetched, "" until then (or for none): show initials.
   * @param {string | undefined} avatarUrl
   * @returns {string}
   */
  src(avatarUrl) {
    if (!avatarUrl) return '';
    const known = this.images.get(avatarUrl);
    if (known !== undefined) return known;
    this.images.set(avatarUrl, '');
    this.load(avatarUrl).then(
      (blob) => {
        if (!this.images.has(avatarUrl)) return; // cleared meanwhile
        this.images.set(avatarUrl, this.createUrl(blob));
        this.#trim();
        this.onChange();
      },
      () => {}, // initials then; a failed URL is not asked again until the avatar changes (a new URL)
    );
    return '';
  }

  #trim() {
    for (const [url, blobUrl] of this.images) {
      if (this.images.size <= this.max) break;
      this.images.delete(url);
      if (blobUrl) this.revokeUrl(blobUrl);
    }
  }

  /** Releases every image (sign-out). */
  clear() {
    for (const blobUrl of this.images.values()) if (blobUrl) this.revokeUrl(blobUrl);
    this.images.clear();
  }
}
