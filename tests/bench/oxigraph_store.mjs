// The peer for the store benchmark: Oxigraph (npm package `oxigraph`,
// in-memory Store). Loads the same N-Quads files, then times the same four
// lookups on the sample written by store_bench (one N-Quads line each).
// usage (from a folder where `npm install oxigraph@0.5` ran):
//   node oxigraph_store.mjs SAMPLE.nq FILE.nq...
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
const require = createRequire(path.join(process.cwd(), 'index.js'));
const ox = require('oxigraph');
const [sampleFile, ...files] = process.argv.slice(2);
const rss0 = process.memoryUsage().rss;
const store = new ox.Store();
let t0 = process.hrtime.bigint();
// N-Quads is line-based: load big files in slices of whole lines (a
// JavaScript string cannot hold a 10M-quad file at once)
for (const f of files) {
  const fd = fs.openSync(f, 'r');
  const chunk = Buffer.alloc(64 << 20);
  let rest = Buffer.alloc(0);
  for (;;) {
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    const bytes = Buffer.concat([rest, chunk.subarray(0, n)]);
    const cut = bytes.lastIndexOf(10) + 1; // cut after the last newline byte
    store.load(bytes.toString('utf8', 0, cut), { format: 'application/n-quads' });
    rest = Buffer.from(bytes.subarray(cut));
  }
  if (rest.length) store.load(rest.toString('utf8'), { format: 'application/n-quads' });
  fs.closeSync(fd);
}
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const n = store.size;
const rss = process.memoryUsage().rss - rss0;
console.log(`quads ${n} count`);
console.log(`load ${(n / loadMs * 1000).toFixed(0)} quads/s`);
console.log(`rss_per_quad ${(rss / n).toFixed(1)} B`);
const sample = new ox.Store();
sample.load(fs.readFileSync(sampleFile, 'utf8'), { format: 'application/n-quads' });
const qs = sample.match();
const kinds = [
  ['subject', (q) => [q.subject, null, null, null]],
  ['subject_predicate', (q) => [q.subject, q.predicate, null, null]],
  ['predicate_object', (q) => [null, q.predicate, q.object, null]],
  ['graph', (q) => [null, null, null, q.graph]],
];
for (const [name, pat] of kinds) {
  const lat = []; let rows = 0;
  // broad patterns (thousands of rows) get fewer repetitions
  const reps = name === 'graph' || name === 'predicate_object' ? Math.min(20, qs.length) : qs.length;
  for (let i = 0; i < reps; i++) {
    const s = process.hrtime.bigint();
    const r = store.match(...pat(qs[i]));
    for (const q of r) rows += q.object.value.length >= 0 ? 1 : 0;
    lat.push(Number(process.hrtime.bigint() - s) / 1e3);
  }
  lat.sort((a, b) => a - b);
  console.log(`lookup_${name}_median ${lat[Math.floor(lat.length / 2)].toFixed(2)} us`);
  console.log(`lookup_${name}_rows ${(rows / reps).toFixed(1)} rows`);
}
