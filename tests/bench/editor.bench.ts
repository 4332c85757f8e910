/**
 * The article view in Chromium, beside @recogito/text-annotator in the same run, on the same
 * generated 100,000-word article in 1,000 paragraphs with 5,000 spans (a fifth nested in or
 * overlapping another): time to show, time to add, relabel and delete one span, switching
 * between two such articles, and the page's heap. Beside them, in the same Chromium (its own page),
 * the Label Studio editor as the `label-studio` package ships it (build/static/js/main.js and
 * css/main.css from node_modules, no server): the same text and spans as Labels regions, to show,
 * add, relabel and delete (tests/bench/peers/label-studio-page.ts); and brat's visualiser from a copy
 * of its client files (tests/bench/peers/brat/, MIT), the same way (peers/brat-page.ts). brat
 * does not finish the large article in the time allowed, so both are also measured on a
 * 10,000-word article with 500 spans (`…_vs_brat_10k_words`). Each peer's ratio is written
 * as a figure of its own (`ratio_<operation>_vs_<peer>`, the peer's median over ours).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchBrowser } from '../helpers/browser.js';
import { summarize, type Benchmark, type Figure } from './harness.js';
import { generateDoc } from './generate.js';
import type { ArticleDoc } from '../../annotations/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const WORDS = Number(process.env.BENCH_WORDS ?? 100_000);
const SPANS = Number(process.env.BENCH_SPANS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Label Studio takes most of a minute to show 5,000 regions: fewer runs of that. */
const PEER_RUNS = Number(process.env.BENCH_PEER_RUNS ?? Math.min(RUNS, 3));
const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);
/** The smaller article brat is also measured on (it does not finish the large one); no larger than the large one (the smoke test's tiny sizes). */
const SMALL = { words: Math.min(10_000, WORDS), spans: Math.min(500, SPANS) };
const SMALL_NAME = `${SMALL.words.toLocaleString('en')} words, ${SMALL.spans.toLocaleString('en')} spans`;
const LS_BUILD = path.resolve(here, '../../node_modules/label-studio/build/static');

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launchBrowser>>['newPage']>>;
const call = <T,>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).bench![f as string]!(...(a as unknown[])), [fn, args] as const) as Promise<T>;

const bench: Benchmark = {
  name: `editor: ${WORDS.toLocaleString('en')} words, ${SPANS.toLocaleString('en')} spans, vs @recogito/text-annotator and Label Studio`,
  async run({ log }) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'sourcemark-editor-bench-'));
    try {
      await build({
        entryPoints: [path.join(here, 'editor-page.ts')], outdir: out, bundle: true, format: 'iife', target: 'chrome130',
        loader: { '.css': 'css' }, logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' }, minify: true,
      });
      for (const [file, global] of [['label-studio-page.ts', 'lsBench'], ['brat-page.ts', 'bratBench']] as const) {
        await build({ entryPoints: [path.join(here, 'peers', file)], outfile: path.join(out, `${global}.js`), bundle: true, format: 'iife', target: 'chrome130', logLevel: 'silent', minify: true });
      }
      // The third, smaller article: brat cannot show the large one in the time allowed, so it is also measured, beside ours, on this one.
      const docs = [generateDoc('a-1', WORDS, 1000, SPANS, 11), generateDoc('a-2', WORDS, 1000, SPANS, 23), generateDoc('a-3', SMALL.words, SMALL.words / 100, SMALL.spans, 31)];
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
      for (let n = 0; n < CHANGES; n++) {
        const [w, f] = await call<[number, number]>(page, 'peerAdd', n);
        peerAddWork.push(w);
        peerAddFrame.push(f);
      }
      const openAll: number[] = [];
      for (let i = 0; i < RUNS; i++) openAll.push(await call<number>(page, 'smOpenAll', 0));
      log(`highlight elements in the view: ${await call<number>(page, 'highlights')}`);
      const heap = [await call<number>(page, 'heapMb')];
      const change: Record<string, [number[], number[]]> = { add: [[], []], relabel: [[], []], delete: [[], []] };
      for (let n = 0; n < CHANGES; n++) {
        for (const kind of ['add', 'relabel', 'delete'] as const) {
          const [w, f] = await call<[number, number]>(page, 'smChange', kind, n);
          change[kind]![0].push(w);
          change[kind]![1].push(f);
        }
      }
      const switches: number[] = [];
      for (let i = 0; i < RUNS * 2; i++) switches.push(await call<number>(page, 'smSwitch', (i + 1) % 2));
      heap.push(await call<number>(page, 'heapMb'));
      const small: PeerFigures & { all: number[] } = { show: [], all: [], add: [], relabel: [], delete: [] };
      if (PEERS.includes('brat')) {
        for (let i = 0; i < RUNS; i++) small.show.push(await call<number>(page, 'smOpen', 2));
        for (let i = 0; i < RUNS; i++) small.all.push(await call<number>(page, 'smOpenAll', 2));
        for (let n = 0; n < CHANGES; n++) for (const kind of ['add', 'relabel', 'delete'] as const) small[kind].push((await call<[number, number]>(page, 'smChange', kind, n))[1]);
      }
      await page.close();
      const ls = PEERS.includes('label-studio') ? await measurePeer(browser, { name: 'label-studio', global: 'lsBench', styles: [path.join(LS_BUILD, 'css', 'main.css')], scripts: [path.join(LS_BUILD, 'js', 'main.js')] }, docs[0]!, log, out) : NOT_RUN;
      // brat draws the whole document again on every change: a few of those are enough.
      const brat = PEERS.includes('brat') ? await measurePeer(browser, { name: 'brat', global: 'bratBench', styles: [path.join(BRAT, 'style-vis.css')], scripts: bratScripts, changes: Math.min(CHANGES, 5) }, docs[0]!, log, out) : NOT_RUN;
      const bratSmall = PEERS.includes('brat') ? await measurePeer(browser, { name: `brat (${SMALL_NAME})`, global: 'bratBench', styles: [path.join(BRAT, 'style-vis.css')], scripts: bratScripts, changes: Math.min(CHANGES, 5) }, docs[2]!, log, out) : NOT_RUN;
      await browser.close();

      const med = (xs: number[]) => summarize(xs).median;
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
        { name: 'show: label-studio (every highlight)', unit: 'ms', samples: ls.show, note: 'from the constructor call to the frame in which every region\'s highlight is in the page' },
        { name: 'add: label-studio, to painted frame', unit: 'ms', samples: ls.add },
        { name: 'relabel: label-studio, to painted frame', unit: 'ms', samples: ls.relabel },
        { name: 'delete: label-studio, to painted frame', unit: 'ms', samples: ls.delete },
        { name: 'show: brat (every highlight)', unit: 'ms', samples: brat.show, note: 'from the call to the frame after its doneRendering event; NaN: it had not finished in the time allowed' },
        { name: 'add: brat, to painted frame', unit: 'ms', samples: brat.add, note: 'brat draws the whole document again on every change' },
        { name: 'relabel: brat, to painted frame', unit: 'ms', samples: brat.relabel },
        { name: 'delete: brat, to painted frame', unit: 'ms', samples: brat.delete },
        { name: `show: Sourcemark, ${SMALL_NAME}`, unit: 'ms', samples: small.show },
        { name: `show every highlight: Sourcemark, ${SMALL_NAME}`, unit: 'ms', samples: small.all },
        { name: `add / relabel / delete: Sourcemark, ${SMALL_NAME}, to painted frame`, unit: 'ms', samples: [...small.add, ...small.relabel, ...small.delete] },
        { name: `show: brat, ${SMALL_NAME} (every highlight)`, unit: 'ms', samples: bratSmall.show },
        { name: `add: brat, ${SMALL_NAME}, to painted frame`, unit: 'ms', samples: bratSmall.add },
        { name: `relabel: brat, ${SMALL_NAME}, to painted frame`, unit: 'ms', samples: bratSmall.relabel },
        { name: `delete: brat, ${SMALL_NAME}, to painted frame`, unit: 'ms', samples: bratSmall.delete },
      ];
      const ratio = (name: string, peer: number[], ours: number[], note: string): Figure =>
        ({ name, unit: '×', samples: [med(peer) / med(ours)], note: `${note}: the peer's median ${med(peer).toFixed(1)} ms over ours ${med(ours).toFixed(1)} ms` });
      figures.push(
        ratio('ratio_show_vs_recogito', peerOpen, open, 'first screen painted, each'),
        ratio('ratio_add_vs_recogito', peerAddFrame, change.add![1], 'to painted frame'),
        ratio('ratio_show_vs_label_studio', ls.show, open, 'its every highlight against our first screen (the rest of ours follows on later frames)'),
        ratio('ratio_show_all_vs_label_studio', ls.show, openAll, 'every highlight painted, each'),
        ratio('ratio_add_vs_label_studio', ls.add, change.add![1], 'to painted frame'),
        ratio('ratio_relabel_vs_label_studio', ls.relabel, change.relabel![1], 'to painted frame'),
        ratio('ratio_delete_vs_label_studio', ls.delete, change.delete![1], 'to painted frame'),
        ratio('ratio_show_vs_brat', brat.show, open, 'its every highlight against our first screen'),
        ratio('ratio_show_all_vs_brat', brat.show, openAll, 'every highlight painted, each'),
        ratio('ratio_add_vs_brat', brat.add, change.add![1], 'to painted frame'),
        ratio('ratio_relabel_vs_brat', brat.relabel, change.relabel![1], 'to painted frame'),
        ratio('ratio_delete_vs_brat', brat.delete, change.delete![1], 'to painted frame'),
        ratio('ratio_show_vs_brat_10k_words', bratSmall.show, small.show, `${SMALL_NAME}: its every highlight against our first screen`),
        ratio('ratio_show_all_vs_brat_10k_words', bratSmall.show, small.all, `${SMALL_NAME}: every highlight painted, each`),
        ratio('ratio_add_vs_brat_10k_words', bratSmall.add, small.add, `${SMALL_NAME}: to painted frame`),
        ratio('ratio_relabel_vs_brat_10k_words', bratSmall.relabel, small.relabel, `${SMALL_NAME}: to painted frame`),
        ratio('ratio_delete_vs_brat_10k_words', bratSmall.delete, small.delete, `${SMALL_NAME}: to painted frame`),
      );
      log(`ratio, time to show (recogito / Sourcemark, medians): ${(med(peerOpen) / med(open)).toFixed(2)}× (target ≥ 4×)`);
      log(`ratio, the peer's setAnnotations call alone against Sourcemark's whole show: ${(med(peerCall) / med(open)).toFixed(2)}×`);
      log(`ratio, time to add to painted frame (recogito / Sourcemark, medians): ${(med(peerAddFrame) / med(change.add![1])).toFixed(2)}×`);
      for (const f of figures.filter((x) => x.name.startsWith('ratio_'))) log(`${f.name}: ${f.samples[0]!.toFixed(2)}× (${f.note})`);
      return figures;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};

type Browser = Awaited<ReturnType<typeof launchBrowser>>;
type PeerFigures = { show: number[]; add: number[]; relabel: number[]; delete: number[] };

/** Which of the page-loaded peers run (`BENCH_PEERS=brat`, say); recogito always does. */
const PEERS = (process.env.BENCH_PEERS ?? 'label-studio,brat').split(',');
type Peer = { name: string; global: string; styles: string[]; scripts: string[]; changes?: number };
/** A peer that was not run: no samples, so every figure of it is NaN (harness.ts' summarize). */
const NOT_RUN: PeerFigures = { show: [], add: [], relabel: [], delete: [] };
const BRAT = path.join(here, 'peers', 'brat');
const bratScripts = ['jquery.min.js', 'jquery.svg.min.js', 'jquery.svgdom.min.js', 'webfont.js', 'configuration.js', 'util.js', 'annotation_log.js', 'dispatcher.js', 'url_monitor.js', 'visualizer.js'].map((f) => path.join(BRAT, f));
/** How long one peer's show may take before it counts as not finished (ms). */
const PEER_TIMEOUT = Number(process.env.BENCH_PEER_TIMEOUT ?? 300_000);

/**
 * A peer in pages of its own in the same browser: its files, then its measuring bundle, then the
 * measures. Each show gets a fresh page (Label Studio has no way to let go of a task: a second
 * instance in the same page keeps the first one's regions alive); the changes are made in the
 * last one. A show that takes longer than {@link PEER_TIMEOUT} stops that peer (NaN figures).
 */
async function measurePeer(browser: Browser, peer: Peer, doc: ArticleDoc, log: (l: string) => void, out: string): Promise<PeerFigures> {
  const requests: string[] = [];
  const openPage = async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('request', (r) => void (r.url().startsWith('http') && requests.push(r.url())));
    page.on('pageerror', (e) => log(`${peer.name} page error: ${e.message}`));
    page.on('crash', () => log(`${peer.name} page crashed`));
    page.on('console', (m) => void (m.type() === 'error' && log(`${peer.name} console: ${m.text().slice(0, 300)}`)));
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    for (const f of peer.styles) await page.addStyleTag({ path: f });
    for (const f of peer.scripts) await page.addScriptTag({ path: f });
    await page.addScriptTag({ path: path.join(out, `${peer.global}.js`) });
    const call = <T,>(fn: string, ...args: unknown[]): Promise<T> =>
      page.evaluate(([g, f, a]) => {
        const o = (window as unknown as Record<string, Record<string, ((...x: unknown[]) => unknown) | undefined>>)[g as string]!;
        return o[f as string] ? o[f as string]!(...(a as unknown[])) : undefined;
      }, [peer.global, fn, args] as const) as Promise<T>;
    if (!(await call<boolean>('available'))) throw new Error(`${peer.name}: its scripts did not load into the page`);
    await call('load', JSON.stringify(doc));
    await call('warmUp');
    return { page, call };
  };
  const figures: PeerFigures = { show: [], add: [], relabel: [], delete: [] };
  let current: Awaited<ReturnType<typeof openPage>> | undefined;
  try {
    for (let i = 0; i < PEER_RUNS; i++) {
      await current?.page.close();
      current = await openPage();
      const showing = current.call<number>('show');
      const shown = await Promise.race([showing, new Promise<undefined>((r) => {
        const timer = setTimeout(r, PEER_TIMEOUT);
        void showing.finally(() => clearTimeout(timer)).catch(() => undefined);
      })]);
      if (shown === undefined) throw new Error(`it had not shown the article after ${PEER_TIMEOUT / 1000} s`);
      figures.show.push(shown);
      log(`${peer.name}: shown in ${shown.toFixed(0)} ms, ${await current.call<number>('highlights')} highlights`);
    }
    for (let n = 0; n < (peer.changes ?? CHANGES); n++) {
      figures.add.push(await current!.call<number>('add', n));
      figures.relabel.push(await current!.call<number>('relabel', n));
      figures.delete.push(await current!.call<number>('remove', n));
    }
  } catch (e) {
    // What was measured stands; a figure with no sample is NaN in the table (summarize).
    log(`${peer.name}: stopped after ${figures.show.length} shows and ${figures.delete.length} changes: ${(e as Error).message.split('\n')[0]}`);
  }
  log(`${peer.name}: requests outside the page while measured: ${requests.length ? requests.join(', ') : 'none'}`);
  await current?.page.close().catch(() => undefined);
  return figures;
}

export default bench;
