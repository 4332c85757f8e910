/**
 * Runs in Chromium (bundled by editor.bench.ts): Sourcemark's article view and the peer,
 * @recogito/text-annotator, on the same generated text and spans. Each measure returns
 * milliseconds.
 *
 * Every measure starts at the beginning of a frame (in a requestAnimationFrame callback), so
 * neither side waits for the display's next frame by luck of timing, and ends with the task
 * after the frame in which the result is in the page: the first one for the view, which draws
 * in the same frame; for the peer, which redraws in a frame 10 ms after a change (its own
 * debounce), the first frame after its highlight elements are there. Changes are made where the
 * reader is looking (the top of the article): the peer draws only the highlights in view.
 */
import * as recogito from '@recogito/text-annotator';
import '@recogito/text-annotator/text-annotator.css';
import '../../renderer/styles.css';
import { defaultSchema, makeFragment, type ArticleDoc, type Span } from '../../annotations/index.js';
import { ArticleView } from '../../renderer/editor/article-view.js';

// The peer's .d.ts files import each other without extensions, which NodeNext resolution cannot
// follow, so TypeScript sees no exports; these are the three calls the benchmark makes.
type PeerAnnotator = { setAnnotations: (a: unknown[]) => void; addAnnotation: (a: unknown) => void; destroy: () => void };
const { createTextAnnotator } = recogito as unknown as { createTextAnnotator: (el: HTMLElement) => PeerAnnotator };

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
/** Resolves at the start of the next frame (in its requestAnimationFrame callback). */
const frameStart = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
/** Resolves with the next task: after the current frame, if one is being made, is painted. */
const task = () => new Promise<void>((r) => setTimeout(r, 0));
/** Waits until `ready()` holds after a painted frame. */
async function paintedWhen(ready: () => boolean): Promise<void> {
  await task();
  for (let i = 0; !ready() && i < 600; i++) await frame();
}
const peerDrawn = (id?: string) => () => (id ? !!host.querySelector(`[data-annotation="${id}"]`) : !!host.querySelector('.r6o-span-highlight-layer')?.firstChild);
const labels = defaultSchema().labels;
const handlers = { onKey: () => false, onClickSpans: () => undefined };

let docs: ArticleDoc[] = [];
let view: ArticleView | undefined;
let current: ArticleDoc | undefined;
let peer: PeerAnnotator | undefined;
const host = document.createElement('div');
host.className = 'article-host';
document.body.append(host);

function peerAnnotations(doc: ArticleDoc) {
  return doc.spans.map((s) => ({
    id: s.id,
    bodies: [],
    target: { annotation: s.id, selector: s.fragments.map((f) => ({ quote: f.text, start: f.start, end: f.end })) },
  }));
}

function clear(): void {
  view?.destroy();
  view = undefined;
  peer?.destroy();
  peer = undefined;
  host.replaceChildren();
}

/** A span that is new to `doc`: one of the first 20 words of its first paragraph (in view for both). */
function newSpan(doc: ArticleDoc, id: string, n = 0): Span {
  const text = doc.article.text;
  let start: number = doc.article.paragraphs[0]!.start;
  for (let k = 0; k < n % 20; k++) start = text.indexOf(' ', start) + 1;
  const end = text.indexOf(' ', start);
  const now = new Date().toISOString();
  return { id, label: 'Claim', fragments: [makeFragment(text, start, end)], attributes: {}, annotator: 'bench', origin: 'manual', createdAt: now, updatedAt: now };
}

const api = {
  load(json: string): number {
    docs = JSON.parse(json) as ArticleDoc[];
    return docs.length;
  },
  /** Sourcemark: open article `i` and wait until its highlights are painted. */
  async smOpen(i: number): Promise<number> {
    clear();
    await frame();
    await frameStart();
    const t = performance.now();
    current = docs[i]!;
    view = new ArticleView(host, current, labels, handlers);
    await paintedWhen(() => true);
    return performance.now() - t;
  },
  /** Sourcemark: open article `i` and wait until every highlight, not only the first screen's, is painted. */
  async smOpenAll(i: number): Promise<number> {
    clear();
    await frame();
    const t = performance.now();
    current = docs[i]!;
    view = new ArticleView(host, current, labels, handlers);
    while (view.revealing) await new Promise((r) => setTimeout(r, 0));
    await frame();
    return performance.now() - t;
  },
  /** Sourcemark: switch from the open article to article `i` (the old view goes, the new one is painted). */
  async smSwitch(i: number): Promise<number> {
    await frameStart();
    const t = performance.now();
    view?.destroy();
    current = docs[i]!;
    view = new ArticleView(host, current, labels, handlers);
    await paintedWhen(() => true);
    return performance.now() - t;
  },
  /** Sourcemark: one change (add, relabel, delete) — synchronous work with forced layout, and to the next painted frame. */
  async smChange(kind: 'add' | 'relabel' | 'delete', n: number): Promise<[number, number]> {
    const doc = current!;
    let next: ArticleDoc;
    // Spans near the top of the article: the first 40 are on the first screen.
    const k = (n * 7) % Math.min(40, doc.spans.length);
    let id = `s-new-${n}`;
    if (kind === 'add') next = { ...doc, spans: [...doc.spans, newSpan(doc, id, n)] };
    else if (kind === 'relabel') {
      id = doc.spans[k]!.id;
      next = { ...doc, spans: doc.spans.map((s, j) => (j === k ? { ...s, label: s.label === 'Quote' ? 'Claim' : 'Quote' } : s)) };
    } else next = { ...doc, spans: doc.spans.filter((_, j) => j !== k) };
    await frameStart();
    const t = performance.now();
    view!.sync(next);
    void host.getBoundingClientRect().height; // style and layout now, as the frame would
    const work = performance.now() - t;
    await paintedWhen(() => kind === 'delete' || !!host.querySelector(`[data-span-id="${id}"]`));
    current = next;
    return [work, performance.now() - t];
  },
  /**
   * The peer: the same text already in the page, load the same spans, wait until its
   * highlights are painted. Also returns how long `setAnnotations` itself took: the peer
   * measures the highlights' positions later (after its ResizeObserver and a debounce).
   */
  async peerOpen(i: number): Promise<[number, number]> {
    clear();
    const doc = docs[i]!;
    const el = document.createElement('div');
    el.className = 'peer';
    el.style.cssText = 'font: 18px/2.3 serif; white-space: pre-wrap;';
    // The peer annotates a DOM element's text: one text node keeps its offsets equal to ours.
    el.textContent = doc.article.text;
    host.append(el);
    await frame();
    await frameStart();
    const t = performance.now();
    peer = createTextAnnotator(el);
    peer.setAnnotations(peerAnnotations(doc));
    const call = performance.now() - t;
    await paintedWhen(peerDrawn());
    return [performance.now() - t, call];
  },
  async peerAdd(n: number): Promise<[number, number]> {
    const doc = docs[0]!;
    const s = newSpan(doc, `p-new-${n}`, n);
    await frameStart();
    const t = performance.now();
    peer!.addAnnotation(peerAnnotations({ ...doc, spans: [s] })[0]);
    void host.getBoundingClientRect().height;
    const work = performance.now() - t;
    await paintedWhen(peerDrawn(s.id));
    return [work, performance.now() - t];
  },
  highlights(): number {
    return host.querySelectorAll('[data-span-id]').length;
  },
  /** The live heap: garbage is collected first (Chromium runs with --expose-gc), so only what is kept counts. */
  heapMb(): number {
    (window as unknown as { gc?: () => void }).gc?.();
    return ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20;
  },
};

(window as unknown as { bench: typeof api }).bench = api;
