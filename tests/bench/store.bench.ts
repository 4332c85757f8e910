/**
 * The store at 10,000 articles (about 800 words and 30 spans each): open and list (with and
 * without the index), one durable save (median and p95), and heap while articles are opened one
 * after another (it must not grow with articles that are not open).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFragment } from '../../annotations/index.js';
import { ProjectStore } from '../../app/store/project-store.js';
import type { Benchmark } from './harness.js';
import { generateProject } from './generate.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);

const bench: Benchmark = {
  name: `store: ${ARTICLES} articles`,
  async run({ time, log }) {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sourcemark-bench-')), 'project');
    try {
      const t0 = performance.now();
      await generateProject(dir, ARTICLES);
      log(`generated ${ARTICLES} article files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      rmSync(path.join(dir, '.sourcemark', 'index.jsonl'), { force: true });

      const cold = await time(async () => {
        rmSync(path.join(dir, '.sourcemark', 'index.jsonl'), { force: true });
        const s = await ProjectStore.open(dir);
        s.listArticles({ limit: ARTICLES });
        await s.close();
      }, { runs: 1, warmup: 0 });

      let listed = 0;
      const open = await time(async () => {
        const s = await ProjectStore.open(dir);
        listed = s.listArticles({ limit: ARTICLES, sort: 'title' }).items.length;
        await s.close();
      }, { runs: 9, warmup: 1 });
      log(`listed ${listed} articles`);

      const store = await ProjectStore.open(dir);
      const target = `a-${Math.min(42, ARTICLES - 1)}`;
      const doc = await store.getArticle(target);
      const words = [...doc.article.text.matchAll(/\S+/g)];
      let n = 0;
      const save = await time(async () => {
        const w = words[n % words.length]!;
        const now = new Date().toISOString();
        await store.apply({ op: 'addSpan', articleId: target, span: { id: `s-b${n++}`, label: 'Cue', fragments: [makeFragment(doc.article.text, w.index, w.index + w[0].length)], attributes: {}, annotator: 'b', origin: 'manual', createdAt: now, updatedAt: now } }, target);
      }, { runs: 60, warmup: 5 });

      const heap = (): number => {
        (globalThis as { gc?: () => void }).gc?.();
        return process.memoryUsage().heapUsed / 2 ** 20;
      };
      const heapSamples: number[] = [heap()];
      for (let i = 0; i < 600; i++) {
        await store.getArticle(`a-${(i * 7919) % ARTICLES}`);
        if (i % 200 === 199) heapSamples.push(heap());
      }
      await store.close();
      log(`heap after open, then after 200, 400, 600 articles opened one after another: ${heapSamples.map((h) => h.toFixed(0)).join(', ')} MB${(globalThis as { gc?: unknown }).gc ? '' : ' (run node with --expose-gc for exact figures)'}`);
      return [
        { name: 'open + list, index missing (rebuild)', unit: 'ms', samples: cold },
        { name: 'open + list, with index', unit: 'ms', samples: open, target: '< 300 ms' },
        { name: 'one durable save (fsync)', unit: 'ms', samples: save, target: 'p95 < 15 ms' },
        { name: 'heap while opening 600 articles', unit: 'MB', samples: heapSamples, note: 'flat = does not grow with articles that are not open' },
      ];
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  },
};
export default bench;
