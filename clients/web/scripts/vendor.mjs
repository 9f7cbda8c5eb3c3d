// Copies the ES module builds of the runtime dependencies into the jar's static/vendor folder, under the names the
// import map in index.html uses. Run by Maven at process-resources: node scripts/vendor.mjs <target folder>.
// No bundling, no rewriting beyond dropping the source-map comment (the maps are not shipped).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2];
if (!target) {
  console.error('usage: node scripts/vendor.mjs <target folder>');
  process.exit(2);
}

/**
 * [source under node_modules, file name in the target folder]; the import map in index.html names the same files.
 * The copies end in .js, not .mjs: static file servers (Armeria's FileService among them) send no JavaScript
 * Content-Type for .mjs, and browsers refuse a module script without one.
 */
const FILES = [
  ['preact/dist/preact.mjs', 'preact.js'],
  ['preact/hooks/dist/hooks.mjs', 'preact-hooks.js'],
  ['htm/dist/htm.mjs', 'htm.js'],
  ['htm/preact/index.mjs', 'htm-preact.js'],
  // The emoji picker (a web component) and its data, loaded only when a picker first opens; picker.js imports
  // ./database.js, so the two stay side by side. The data is served by us too: nothing is fetched from elsewhere.
  ['emoji-picker-element/picker.js', 'emoji-picker/picker.js'],
  ['emoji-picker-element/database.js', 'emoji-picker/database.js'],
  ['emoji-picker-element-data/en/emojibase/data.json', 'emoji-picker/data.json'],
];
const LICENSES = [
  ['preact/LICENSE', 'preact.LICENSE.txt'],
  ['htm/LICENSE', 'htm.LICENSE.txt'],
  ['emoji-picker-element/LICENSE', 'emoji-picker/LICENSE.txt'],
  ['emoji-picker-element-data/LICENSE', 'emoji-picker/data.LICENSE.txt'],
];

rmSync(target, { recursive: true, force: true }); // the folder is ours alone: no stale copies
mkdirSync(target, { recursive: true });
let bytes = 0;
for (const [from, to] of FILES) {
  const source = readFileSync(join(root, 'node_modules', from), 'utf8');
  const text = source.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  mkdirSync(dirname(join(target, to)), { recursive: true });
  writeFileSync(join(target, to), text);
  bytes += Buffer.byteLength(text);
}
for (const [from, to] of LICENSES) {
  if (!existsSync(join(root, 'node_modules', from))) continue;
  copyFileSync(join(root, 'node_modules', from), join(target, to));
}
const versions = ['preact', 'htm', 'emoji-picker-element', 'emoji-picker-element-data']
  .map((name) => `${name} ${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}`)
  .join(', ');
console.log(`vendored ${FILES.length} modules (${bytes} bytes; ${versions}) into ${target}`);
