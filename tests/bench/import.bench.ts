/**
 * Import at scale: 1,000 generated web pages (about 800 words each, with navigation, scripts and
 * JSON-LD) imported into a new project through the same path as `npm run cli -- import`:
 * articles per second and peak memory.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importPaths } from '../../app/import/import.js';
import { ProjectStore } from '../../app/store/project-store.js';
import type { Benchmark } from './harness.js';
import { generateText } from './generate.js';

const PAGES = Number(process.env.BENCH_PAGES ?? 1000);

function page(i: number): string {
  const paras = generateText(800, 10, i + 7).split('\n\n').map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><title>Story ${i}</title><meta property="og:site_name" content="Bench News">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Generated story ${i}","datePublished":"2024-01-0${(i % 9) + 1}","author":{"name":"Reporter ${i % 17}"}}</script>
<script>var tracking = ${i};</script></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Generated story ${i}</h1>${paras}</article><aside>Read more: other stories</aside><footer>© Bench News</footer></body></html>`;
}

const bench: Benchmark = {
  name: `import: ${PAGES} HTML pages`,
  async run({ log }) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sourcemark-import-bench-'));
    try {
      const pages = path.join(root, 'pages');
      mkdirSync(pages);
      for (let i = 0; i < PAGES; i++) writeFileSync(path.join(pages, `story-${String(i).padStart(4, '0')}.html`), page(i));
      const rates: number[] = [];
      const seconds: number[] = [];
      for (let run = 0; run < 3; run++) {
        const store = await ProjectStore.create(path.join(root, `project-${run}`));
        const t = performance.now();
        const summary = await importPaths(store, [pages]);
        const s = (performance.now() - t) / 1000;
        await store.close();
        if (summary.imported.length !== PAGES) throw new Error(`imported ${summary.imported.length} of ${PAGES}: ${summary.failed[0]?.reason}`);
        rates.push(PAGES / s);
        seconds.push(s * 1000);
        log(`run ${run + 1}: ${PAGES} pages in ${s.toFixed(1)} s`);
      }
      return [
        { name: 'articles per second', unit: '/s', samples: rates, target: '≥ 100 /s' },
        { name: 'time for all pages', unit: 'ms', samples: seconds },
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
export default bench;
