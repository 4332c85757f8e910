/**
 * Exports stream: 10,000 generated articles with 300,000 spans exported as brat and jsonl; time
 * and the peak memory the export adds (it must not grow with the number of articles).
 *
 * Beside brat, the disk itself as a peer: the same number of files of the same total size
 * written with plain `writeFileSync`, in the same run, so the brat figure can be read against
 * what this machine's disk does. (On this ext4 volume, mounted with `discard`, creating small
 * files is up to 20 times slower for a while after files were deleted, so every output is kept
 * until the end and removed after the last measure.)
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportProject } from '../../app/export/export.js';
import { ProjectStore } from '../../app/store/project-store.js';
import type { Benchmark, Figure } from './harness.js';
import { generateProject } from './generate.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);

/** Writes `count` files of `bytes` bytes each into a new folder; milliseconds. */
function writePlainFiles(dir: string, count: number, bytes: number): number {
  mkdirSync(dir);
  const content = 'x'.repeat(bytes);
  const t = performance.now();
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `f${i}.txt`), content);
  return performance.now() - t;
}

const bench: Benchmark = {
  name: `export: ${ARTICLES} articles, ${(ARTICLES * 30).toLocaleString('en')} spans`,
  async run({ log }) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sourcemark-export-bench-'));
    try {
      const dir = path.join(root, 'project');
      await generateProject(dir, ARTICLES);
      const store = await ProjectStore.open(dir, { readOnly: true });
      const figures: Figure[] = [];
      const disk: number[] = [];
      for (const format of ['brat', 'jsonl'] as const) {
        const times: number[] = [];
        const peaks: number[] = [];
        for (let run = 0; run < 3; run++) {
          (globalThis as { gc?: () => void }).gc?.();
          const base = process.memoryUsage().rss;
          let peak = base;
          const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
          const out = path.join(root, `out-${format}-${run}${format === 'jsonl' ? '.jsonl' : ''}`);
          // The live heap after a collection, at five points of the first jsonl export: flat when
          // nothing is kept per article (RSS alone also counts garbage not yet collected).
          const live: number[] = [];
          const gc = (globalThis as { gc?: () => void }).gc;
          const watch = format === 'jsonl' && run === 0 && gc;
          const t = performance.now();
          const r = await exportProject(store, {
            format, out,
            ...(watch ? { onProgress: (p: { done: number; total: number }) => {
              if (p.done > 0 && p.done % Math.max(1, Math.floor(p.total / 5)) === 0) {
                gc();
                live.push(process.memoryUsage().heapUsed / 2 ** 20);
              }
            } } : {}),
          });
          times.push(performance.now() - t);
          clearInterval(sampler);
          peaks.push((peak - base) / 2 ** 20);
          if (run === 0) log(`${format}: ${r.articles} articles, ${r.spans} spans`);
          if (live.length) log(`jsonl: live heap after collection at each fifth of the articles: ${live.map((x) => x.toFixed(0)).join(', ')} MB`);
          if (format === 'brat') {
            const files = readdirSync(out);
            const bytes = files.reduce((n, f) => n + statSync(path.join(out, f)).size, 0);
            disk.push(writePlainFiles(path.join(root, `plain-${run}`), files.length, Math.round(bytes / files.length)));
            if (run === 0) log(`brat: ${files.length} files, ${(bytes / 2 ** 20).toFixed(0)} MB`);
          }
        }
        figures.push({ name: `${format}: time`, unit: 'ms', samples: times, target: '< 10 s' });
        figures.push({ name: `${format}: memory added (RSS)`, unit: 'MB', samples: peaks, target: '< 500 MB' });
        if (format === 'brat') {
          figures.push({ name: 'disk: the same files, plain writeFileSync', unit: 'ms', samples: disk, note: 'the floor for any exporter writing that many files here' });
          const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
          log(`brat against the disk alone (medians): ${(med(times) / med(disk)).toFixed(2)}×`);
        }
      }
      await store.close();
      return figures;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
export default bench;
