/**
 * Ten times the scale: a generated project of 100,000 articles (800 words, 30 spans each; the
 * size is BENCH_SCALE_ARTICLES, tiny in tests/repo/bench.test.ts). Open and list the first page
 * with the index, rebuild the index (with progress), open one article, the process's memory as
 * articles are opened in turn, and a jsonl export of every article (time and memory).
 *
 * The project is generated once into BENCH_SCALE_DIR (default /tmp/scale-<n>) and reused while
 * its marker file says it holds that many articles; the store's code is not changed here. Beside
 * the store's figures, the parts of an open measured alone (reading the folder, one stat per
 * file, parsing the index JSON), to show where the time goes.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportProject } from '../../app/export/export.js';
import { realFileOps } from '../../app/store/durable.js';
import { readIndexFile } from '../../app/store/index-file.js';
import { ProjectStore, type StoreOptions } from '../../app/store/project-store.js';
import type { Benchmark, Figure } from './harness.js';
import { generateProject } from './generate.js';

const ARTICLES = Number(process.env.BENCH_SCALE_ARTICLES ?? 100_000);
/** Where the project is generated once and reused; a small one (a test's) goes to a folder of its own and is removed after. */
const KEEP = !!process.env.BENCH_SCALE_DIR || ARTICLES >= 1000;
const DIR = path.resolve(process.env.BENCH_SCALE_DIR ?? (KEEP ? path.join(os.tmpdir(), `scale-${ARTICLES / 1000}k`) : mkdtempSync(path.join(os.tmpdir(), 'sourcemark-scale-'))));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MARKER = 'generated-by-scale-bench.json';

const mb = (n: number) => n / 2 ** 20;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const indexFile = (dir: string) => path.join(dir, '.sourcemark', 'index.jsonl');

/** The generated project at DIR, generated now unless its marker says it is already there. */
async function ensureProject(log: (l: string) => void): Promise<string> {
  const marker = path.join(DIR, MARKER);
  if (existsSync(marker) && (JSON.parse(readFileSync(marker, 'utf8')) as { articles: number }).articles === ARTICLES) {
    log(`reusing ${DIR} (${ARTICLES.toLocaleString('en')} articles)`);
    return path.join(DIR, 'project');
  }
  rmSync(DIR, { recursive: true, force: true });
  const dir = path.join(DIR, 'project');
  const t = performance.now();
  log(`generating ${ARTICLES.toLocaleString('en')} articles into ${dir} …`);
  await generateProject(dir, ARTICLES);
  writeFileSync(marker, JSON.stringify({ articles: ARTICLES }));
  log(`generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return dir;
}

/**
 * Opens a store, runs `use` on it, closes it. In a function of its own so that no closed store
 * stays reachable from the benchmark's own (suspended) function, which would count in the
 * memory measured after.
 */
async function openAndClose(dir: string, opts: StoreOptions, use?: (s: ProjectStore) => Promise<void>): Promise<void> {
  const s = await ProjectStore.open(dir, opts);
  try {
    await use?.(s);
  } finally {
    await s.close();
  }
}

const bench: Benchmark = {
  name: `scale: ${ARTICLES.toLocaleString('en')} articles (800 words, 30 spans each)`,
  async run({ time, log }) {
    gc();
    const rssBefore = mb(process.memoryUsage().rss);
    const dir = await ensureProject(log);
    const figures: Figure[] = [];
    const files = readdirSync(path.join(dir, 'articles')).length;
    log(`article files: ${files.toLocaleString('en')}; index file: ${existsSync(indexFile(dir)) ? `${mb(statSync(indexFile(dir)).size).toFixed(1)} MB` : 'missing'}`);

    // Rebuild: the index removed, opened (the store rebuilds it), closed (it is written).
    const rebuild: number[] = [];
    for (let run = 0; run < (ARTICLES >= 10_000 ? 1 : 2); run++) {
      rmSync(indexFile(dir), { force: true });
      let read = 0;
      const started = performance.now();
      let last = started;
      // The store's own progress, as the CLI's bar and the desktop's taskbar show it.
      await openAndClose(dir, {
        onProgress: ({ done, total }) => {
          read = done;
          const now = performance.now();
          if (now - last > 5000) {
            last = now;
            log(`  rebuilding: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} articles read, ${((now - started) / 1000).toFixed(0)} s`);
          }
        },
      });
      rebuild.push(performance.now() - started);
      log(`rebuilt the index of ${read.toLocaleString('en')} articles in ${(rebuild[run]! / 1000).toFixed(1)} s; index file ${mb(statSync(indexFile(dir)).size).toFixed(1)} MB`);
    }
    figures.push({ name: 'rebuild the index (open + close, index missing)', unit: 'ms', samples: rebuild, target: '< 60 s' });

    // Open and list the first page, with the index, as the desktop app and the server open a
    // project: the index as last written at once, checked against the files in the background.
    let listed = 0;
    const open: number[] = [];
    const checked: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const t = performance.now();
      let shown = 0;
      await openAndClose(dir, { readOnly: true, checkIndexLater: true }, async (s) => {
        listed = s.listArticles({ limit: 50, sort: 'title' }).items.length;
        shown = performance.now() - t;
        // The check in the background ends before the next opening (each is timed alone).
        await s.indexChecked();
      });
      const all = performance.now() - t;
      if (run === 0) continue; // a warm-up
      open.push(shown);
      checked.push(all);
    }
    log(`listed the first page: ${listed} articles`);
    figures.push({ name: 'open + list first page, with index', unit: 'ms', samples: open, target: '< 300 ms' });
    figures.push({ name: 'open until the index is checked against the files (in the background)', unit: 'ms', samples: checked });
    // One-shot commands (stats, export) check the index before they answer.
    figures.push({ name: 'open with the index checked first (commands)', unit: 'ms', samples: await time(() => openAndClose(dir, { readOnly: true }), { runs: 3 }) });

    // Where an open's time goes, each part alone (the store's own work is all of them and more).
    const names: string[] = [];
    figures.push({ name: 'part: read the articles folder', unit: 'ms', samples: await time(() => void names.splice(0, names.length, ...readdirSync(path.join(dir, 'articles'))), { runs: RUNS }) });
    figures.push({ name: 'part: stat every article file', unit: 'ms', samples: await time(() => { for (const n of names) statSync(path.join(dir, 'articles', n)); }, { runs: RUNS }) });
    figures.push({ name: 'part: read the index file (its first line, the list\'s columns, parsed)', unit: 'ms', samples: await time(() => void readIndexFile(indexFile(dir), realFileOps), { runs: RUNS }) });

    // One article, then memory as articles are opened in turn.
    const store = await ProjectStore.open(dir, { readOnly: true });
    let k = 0;
    const one = await time(() => store.getArticle(`a-${(k++ * 7919 + 13) % ARTICLES}`), { runs: 60, warmup: 3 });
    figures.push({ name: 'open one article', unit: 'ms', samples: one, target: '< 50 ms' });
    const rss: number[] = [];
    const heap: number[] = [];
    const sample = () => {
      gc();
      rss.push(mb(process.memoryUsage().rss));
      heap.push(mb(process.memoryUsage().heapUsed));
    };
    sample();
    const turns = Math.min(2000, ARTICLES);
    for (let i = 0; i < turns; i++) {
      await store.getArticle(`a-${(i * 104_729 + 7) % ARTICLES}`);
      if (i % (turns / 4) === turns / 4 - 1) sample();
    }
    log(`RSS of this process before any store was opened: ${rssBefore.toFixed(0)} MB (the runner, tsx and the benchmarks' code)`);
    log(`memory after open, then after each quarter of ${turns} articles opened in turn: RSS ${rss.map((x) => x.toFixed(0)).join(', ')} MB; heap ${heap.map((x) => x.toFixed(0)).join(', ')} MB`);
    figures.push({ name: 'core process RSS while opening articles in turn', unit: 'MB', samples: rss, target: '< 300 MB, flat' });
    figures.push({ name: 'core process heap while opening articles in turn', unit: 'MB', samples: heap, note: 'after a collection' });

    // Export every article as jsonl: time, and the memory it adds.
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'sourcemark-scale-export-'));
    try {
      gc();
      const base = process.memoryUsage().rss;
      let peak = base;
      const live: number[] = [];
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const t = performance.now();
      let lastLog = t;
      const r = await exportProject(store, {
        format: 'jsonl', out: path.join(outDir, 'all.jsonl'),
        onProgress: ({ done, total }) => {
          if (done % Math.max(1, Math.floor(total / 5)) === 0) {
            gc();
            live.push(mb(process.memoryUsage().heapUsed));
          }
          if (performance.now() - lastLog > 10_000) {
            lastLog = performance.now();
            log(`  exporting: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`);
          }
        },
      });
      const took = performance.now() - t;
      clearInterval(sampler);
      log(`exported ${r.articles.toLocaleString('en')} articles (${r.spans.toLocaleString('en')} spans), ${mb(statSync(r.out).size).toFixed(0)} MB, in ${(took / 1000).toFixed(1)} s; RSS added at peak ${mb(peak - base).toFixed(0)} MB; heap at fifths: ${live.map((x) => x.toFixed(0)).join(', ')} MB`);
      figures.push({ name: 'export every article as jsonl', unit: 'ms', samples: [took], target: '< 60 s' });
      figures.push({ name: 'export: RSS added at peak', unit: 'MB', samples: [mb(peak - base)], note: 'constant = does not grow with articles' });
      figures.push({ name: 'export: heap at each fifth', unit: 'MB', samples: live.length ? live : [0] });
    } finally {
      await store.close();
      rmSync(outDir, { recursive: true, force: true });
    }
    if (!KEEP) rmSync(DIR, { recursive: true, force: true });
    return figures;
  },
};
export default bench;
