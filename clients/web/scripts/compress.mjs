// Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the served folder, so the server sends the
// app compressed without compressing on each request (Armeria's FileService serves them by Accept-Encoding).
// Run by Maven at process-resources, after the app and the vendored modules are in place:
//   node scripts/compress.mjs <static folder>
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node scripts/compress.mjs <static folder>');
  process.exit(2);
}

const TEXT = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let raw = 0;
let br = 0;
let count = 0;
for (const path of files(folder)) {
  if (!TEXT.has(extname(path))) continue;
  const bytes = readFileSync(path);
  const brotli = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  raw += bytes.length;
  br += brotli.length;
  count += 1;
}
console.log(`compressed ${count} files in ${folder}: ${raw} bytes, ${br} bytes with brotli`);
