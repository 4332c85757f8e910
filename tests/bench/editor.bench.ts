/**
 * The article view in Chromium, beside @recogito/text-annotator in the same run, on the same
 * generated 100,000-word article in 1,000 paragraphs with 5,000 spans (a fifth nested in or
 * overlapping another): time to show, time to add, relabel and delete one span, switching
 * between two such articles, and the page's heap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchBrowser } from '../helpers/browser.js';
import type { Benchmark, Figure } from './harness.js';
import { generateDoc } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const WORDS = Number(process.env.BENCH_WORDS ?? 100_000);
const SPANS = Number(process.env.BENCH_SPANS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launchBrowser>>['newPage']>>;
const call = <T,>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).bench![f as string]!(...(a as unknown[])), [fn, args] as const) as Promise<T>;

const bench: Benchmark = {
  name: `editor: ${WORDS.toLocaleString('en')} words, ${SPANS.toLocaleString('en')} spans, vs @recogito/text-annotator`,
  async run({ log }) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'sourcemark-editor-bench-'));
    try {
      await build({
        entryPoints: [path.join(here, 'editor-page.ts')], outdir: out, bundle: true, format: 'iife', target: 'chrome130',
        loader: { '.css': 'css' }, logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' }, minify: true,
      });
      const docs = [generateDoc('a-1', WORDS, 1000, SPANS, 11), generateDoc('a-2', WORDS, 1000, SPANS, 23)];
      const browser = await launchBrowser(['--js-flags=--expose-gc']);
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
      await page.addStyleTag({ path: path.join(out, 'editor-page.css') });
      await page.addScriptTag({ path: path.join(out, 'editor-page.js') });
      await call(page, 'load', JSON.stringify(docs));

      const open: number[] = [];
      const peerOpen: number[] = [];
      const peerCall: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const a = await call<number>(page, 'smOpen', 0);
        const [b, c] = await call<[number, number]>(page, 'peerOpen', 0);
        if (i > 0) {
          open.push(a);
          peerOpen.push(b);
          peerCall.push(c);
        }
      }
      const peerAddWork: number[] = [];
      const peerAddFrame: number[] = [];
      for (let n = 0; n < 40; n++) {
        const [w, f] = await call<[number, number]>(page, 'peerAdd', n);
        peerAddWork.push(w);
        peerAddFrame.push(f);
      }
      const openAll: number[] = [];
      for (let i = 0; i < RUNS; i++) openAll.push(await call<number>(page, 'smOpenAll', 0));
      log(`highlight elements in the view: ${await call<number>(page, 'highlights')}`);
      const heap = [await call<number>(page, 'heapMb')];
      const change: Record<string, [number[], number[]]> = { add: [[], []], relabel: [[], []], delete: [[], []] };
      for (let n = 0; n < 40; n++) {
        for (const kind of ['add', 'relabel', 'delete'] as const) {
          const [w, f] = await call<[number, number]>(page, 'smChange', kind, n);
          change[kind]![0].push(w);
          change[kind]![1].push(f);
        }
      }
      const switches: number[] = [];
      for (let i = 0; i < RUNS * 2; i++) switches.push(await call<number>(page, 'smSwitch', (i + 1) % 2));
      heap.push(await call<number>(page, 'heapMb'));
      await browser.close();

      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const figures: Figure[] = [
        { name: 'show: Sourcemark', unit: 'ms', samples: open, target: '< 250 ms' },
        { name: 'show: recogito', unit: 'ms', samples: peerOpen, note: 'until its highlights are painted; it measures their positions after a ResizeObserver callback and a debounce' },
        { name: 'show: recogito, setAnnotations call', unit: 'ms', samples: peerCall, note: 'the synchronous call alone, nothing painted yet' },
        { name: 'show every highlight: Sourcemark', unit: 'ms', samples: openAll, note: 'the first screen shows at once; the rest of a long article (text and highlights) follows in steps on later frames' },
        { name: 'add: Sourcemark, work', unit: 'ms', samples: change.add![0], target: 'p95 < 16 ms' },
        { name: 'add: Sourcemark, to painted frame', unit: 'ms', samples: change.add![1] },
        { name: 'add: recogito, work', unit: 'ms', samples: peerAddWork },
        { name: 'add: recogito, to painted frame', unit: 'ms', samples: peerAddFrame },
        { name: 'relabel: Sourcemark, work', unit: 'ms', samples: change.relabel![0], target: 'p95 < 16 ms' },
        { name: 'relabel: Sourcemark, to painted frame', unit: 'ms', samples: change.relabel![1] },
        { name: 'delete: Sourcemark, work', unit: 'ms', samples: change.delete![0], target: 'p95 < 16 ms' },
        { name: 'delete: Sourcemark, to painted frame', unit: 'ms', samples: change.delete![1] },
        { name: 'switch articles: Sourcemark', unit: 'ms', samples: switches, target: '< 300 ms' },
        { name: 'page heap with the article open', unit: 'MB', samples: heap, target: '< 100 MB' },
      ];
      log(`ratio, time to show (recogito / Sourcemark, medians): ${(med(peerOpen) / med(open)).toFixed(2)}× (target ≥ 4×)`);
      log(`ratio, the peer's setAnnotations call alone against Sourcemark's whole show: ${(med(peerCall) / med(open)).toFixed(2)}×`);
      log(`ratio, time to add to painted frame (recogito / Sourcemark, medians): ${(med(peerAddFrame) / med(change.add![1])).toFixed(2)}×`);
      return figures;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
export default bench;
