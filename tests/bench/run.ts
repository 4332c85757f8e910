/**
 * `npm run bench [name…]`: runs every benchmark in tests/bench (files ending in .bench.ts), or
 * those named, prints a table, and writes bench-results/<time>.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summarize, time, type Benchmark, type Figure } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const wanted = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!wanted.length || wanted.some((w) => f.startsWith(w)))).sort();
if (!files.length) {
  console.error(`No benchmark matches ${wanted.join(' ')}; have: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
const results: { bench: string; figures: (Figure & ReturnType<typeof summarize>)[]; peakRssMb: number; seconds: number }[] = [];
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Benchmark };
  const bench = mod.default;
  console.log(`\n== ${bench.name} (${file})`);
  peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const figures = await bench.run({ time, log: (l) => console.log(`   ${l}`) });
  const summaries = figures.map((f) => ({ ...f, ...summarize(f.samples) }));
  results.push({ bench: bench.name, figures: summaries, peakRssMb: peakRss / 2 ** 20, seconds: (performance.now() - started) / 1000 });
  const rows = [['figure', 'median', 'p95', 'min', 'max', 'n', 'unit', 'target'], ...summaries.map((f) => [f.name, fmt(f.median), fmt(f.p95), fmt(f.min), fmt(f.max), String(f.n), f.unit, f.target ?? ''])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log('   ' + r.map((c, i) => (i === 0 || i >= 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  for (const f of summaries) if (f.note) console.log(`   note: ${f.name}: ${f.note}`);
  console.log(`   peak RSS of the runner: ${fmt(peakRss / 2 ** 20)} MB; ${fmt((performance.now() - started) / 1000)} s`);
}
clearInterval(sampler);

const dir = process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : path.join(root, 'bench-results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, results }, null, 2));
console.log(`\nwritten ${path.relative(root, file)}`);
