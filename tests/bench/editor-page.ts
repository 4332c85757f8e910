/**
 * Runs in Chromium (bundled by editor.bench.ts): Sourcemark's article view and the peer,
 * @recogito/text-annotator, on the same generated text and spans. Each measure returns
 * milliseconds; "frame" waits until the next frame has been painted (a requestAnimationFrame
 * callback, then a task after it).
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

/** A span that is new to `doc`: a word a third of the way in. */
function newSpan(doc: ArticleDoc, id: string): Span {
  const text = doc.article.text;
  const start = text.indexOf(' ', Math.floor(text.length / 3)) + 1;
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
    const t = performance.now();
    current = docs[i]!;
    view = new ArticleView(host, current, labels, handlers);
    await frame();
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
    const t = performance.now();
    view?.destroy();
    current = docs[i]!;
    view = new ArticleView(host, current, labels, handlers);
    await frame();
    return performance.now() - t;
  },
  /** Sourcemark: one change (add, relabel, delete) — synchronous work with forced layout, and to the next painted frame. */
  async smChange(kind: 'add' | 'relabel' | 'delete', n: number): Promise<[number, number]> {
    const doc = current!;
    let next: ArticleDoc;
    if (kind === 'add') next = { ...doc, spans: [...doc.spans, newSpan(doc, `s-new-${n}`)] };
    else if (kind === 'relabel') {
      const k = (n * 97) % doc.spans.length;
      next = { ...doc, spans: doc.spans.map((s, j) => (j === k ? { ...s, label: s.label === 'Quote' ? 'Claim' : 'Quote' } : s)) };
    } else next = { ...doc, spans: doc.spans.filter((_, j) => j !== (n * 89) % doc.spans.length) };
    const t = performance.now();
    view!.sync(next);
    void host.getBoundingClientRect().height; // style and layout now, as the frame would
    const work = performance.now() - t;
    await frame();
    current = next;
    return [work, performance.now() - t];
  },
  /** The peer: render the same paragraphs, load the same spans, wait until painted. */
  async peerOpen(i: number): Promise<number> {
    clear();
    const doc = docs[i]!;
    const el = document.createElement('div');
    el.className = 'peer';
    el.style.cssText = 'font: 18px/2.3 serif; white-space: pre-wrap;';
    // The peer annotates a DOM element's text: one text node keeps its offsets equal to ours.
    el.textContent = doc.article.text;
    host.append(el);
    await frame();
    const t = performance.now();
    peer = createTextAnnotator(el);
    peer.setAnnotations(peerAnnotations(doc));
    await frame();
    await frame();
    return performance.now() - t;
  },
  async peerAdd(n: number): Promise<[number, number]> {
    const doc = docs[0]!;
    const s = newSpan(doc, `p-new-${n}`);
    const t = performance.now();
    peer!.addAnnotation(peerAnnotations({ ...doc, spans: [s] })[0]);
    void host.getBoundingClientRect().height;
    const work = performance.now() - t;
    await frame();
    return [work, performance.now() - t];
  },
  highlights(): number {
    return host.querySelectorAll('[data-span-id]').length;
  },
  heapMb(): number {
    return ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20;
  },
};

(window as unknown as { bench: typeof api }).bench = api;
