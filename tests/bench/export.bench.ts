/**
 * Exports stream: 10,000 generated articles with 300,000 spans exported as jsonl and brat; time
 * and the peak memory the export adds (it must not grow with the number of articles).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportProject } from '../../app/export.js';
import { ProjectStore } from '../../app/store.js';
import type { Benchmark, Figure } from './harness.js';
import { generateProject } from './generate.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);

const bench: Benchmark = {
  name: `export: ${ARTICLES} articles, ${(ARTICLES * 30).toLocaleString('en')} spans`,
  async run({ log }) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sourcemark-export-bench-'));
    try {
      const dir = path.join(root, 'project');
      await generateProject(dir, ARTICLES);
      const store = await ProjectStore.open(dir, { readOnly: true });
      const figures: Figure[] = [];
      for (const format of ['jsonl', 'brat'] as const) {
        const times: number[] = [];
        const peaks: number[] = [];
        for (let run = 0; run < 2; run++) {
          (globalThis as { gc?: () => void }).gc?.();
          const base = process.memoryUsage().rss;
          let peak = base;
          const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
          const t = performance.now();
          const r = await exportProject(store, { format, out: path.join(root, `out-${format}-${run}${format === 'jsonl' ? '.jsonl' : ''}`) });
          times.push(performance.now() - t);
          clearInterval(sampler);
          peaks.push((peak - base) / 2 ** 20);
          if (run === 0) log(`${format}: ${r.articles} articles, ${r.spans} spans`);
          rmSync(path.join(root, `out-${format}-${run}${format === 'jsonl' ? '.jsonl' : ''}`), { recursive: true, force: true });
        }
        figures.push({ name: `${format}: time`, unit: 'ms', samples: times, target: '< 10 s' });
        figures.push({ name: `${format}: memory added (RSS)`, unit: 'MB', samples: peaks, target: '< 500 MB' });
      }
      await store.close();
      return figures;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
export default bench;
