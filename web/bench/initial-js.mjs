// Initial JavaScript of the built console, gzipped: what index.html loads before the first screen.
// Usage: node bench/initial-js.mjs [dist]   (prints KB and exits 1 above the 250 KB budget)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]);
let raw = 0;
let gzipped = 0;
for (const src of new Set(scripts)) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, '')));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
const budget = 250 * 1024;
console.log(`initial JavaScript: ${scripts.length} file(s), ${(raw / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget 250 KB): ${gzipped <= budget ? 'PASS' : 'FAIL'}`);
process.exit(gzipped <= budget ? 0 : 1);
