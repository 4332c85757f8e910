/**
 * Runs in Chromium, in its own page beside the article view's (editor.bench.ts loads the
 * `label-studio` package's built editor, build/static/js/main.js and css/main.css, from
 * node_modules, then this bundle): the Label Studio editor on the same text, with the same spans
 * as Labels regions, measured the way editor-page.ts measures the article view: from the start of
 * a frame (a requestAnimationFrame callback) to the task after the frame in which the result is
 * in the page.
 *
 * Adding goes the user's way: the label is chosen first (untimed), then the word is selected in
 * the page and the mouse released over the text, which is where the editor makes the region and
 * its highlight. Relabel and delete go through its store (the object `onLabelStudioLoad` hands
 * over): the labels result's `setValue` and the region's appearance update, as clicking another
 * label on a selected region does, and `deleteRegion`.
 */
import type { ArticleDoc } from '../../../annotations/index.js';

type Region = { id: string; _spans?: HTMLElement[]; _lastSpan?: HTMLElement; results: { type: string; setValue: (v: string[]) => void }[]; updateAppearenceFromState?: () => void; labeling?: { mainValue?: string[] } };
type Label = { value: string; selected: boolean; setSelected: (v: boolean) => void };
type Annotation = {
  regionStore: { regions: Region[] };
  names: Map<string, unknown>;
  createResult: (area: unknown, result: unknown, control: unknown, object: unknown) => Region;
  deleteRegion: (r: Region) => void;
};
type LsStore = { annotationStore: { selected: Annotation } };
type LabelStudioCtor = new (el: string | HTMLElement, opts: Record<string, unknown>) => { destroy?: () => void };

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const frameStart = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const task = () => new Promise<void>((r) => setTimeout(r, 0));
/** Waits until `ready()` holds after a painted frame (at most `frames` frames). */
async function paintedWhen(ready: () => boolean, frames = 100_000): Promise<void> {
  await task();
  for (let i = 0; !ready() && i < frames; i++) await frame();
}

const CONFIG = `<View>
  <Style>.htx-text { white-space: pre-wrap; font: 18px/2.3 serif; }</Style>
  <Labels name="label" toName="text"><Label value="Speaker"/><Label value="Quote"/><Label value="Claim"/><Label value="Cue"/></Labels>
  <Text name="text" value="$text"/>
</View>`;

let doc: ArticleDoc | undefined;
let store: LsStore | undefined;
let host: HTMLElement | undefined;
let ls: { destroy?: () => void } | undefined;

const annotation = () => store!.annotationStore.selected;
const connected = (r: Region) => !!r._spans?.length && r._spans.every((s) => s.isConnected);

/** The text node and offset at text offset `pos` of the editor's text element (its line breaks are <br>s). */
function findNode(root: Node, pos: number): { node: Node; left: number } | undefined {
  let left = pos;
  const walk = (node: Node): { node: Node; left: number } | undefined => {
    if (node.nodeType === Node.TEXT_NODE) {
      const len = (node as Text).length;
      if (left - len <= 0) return { node, left };
      left -= len;
    } else if (node.nodeName === 'BR') left -= 1;
    for (const c of node.childNodes) {
      const r = walk(c);
      if (r) return r;
    }
    return undefined;
  };
  return walk(root);
}

/** A word in the first paragraph, as editor-page.ts's `newSpan` picks it (the n-th of the first 20). */
function word(n: number): { start: number; end: number } {
  const text = doc!.article.text;
  let start = 0;
  for (let k = 0; k < n % 20; k++) start = text.indexOf(' ', start) + 1;
  return { start, end: text.indexOf(' ', start) };
}

const api = {
  /** Whether the package's editor is in the page (its script sets `window.LabelStudio`). */
  available(): boolean {
    return typeof (window as unknown as { LabelStudio?: unknown }).LabelStudio === 'function';
  },
  load(json: string): number {
    doc = JSON.parse(json) as ArticleDoc;
    return doc.spans.length;
  },
  /** Shows the text with every span as a region; until every region's highlight is painted. */
  async show(): Promise<number> {
    ls?.destroy?.();
    host?.remove();
    store = undefined;
    host = document.createElement('div');
    host.id = `ls-${Math.random().toString(36).slice(2)}`;
    document.body.append(host);
    const d = doc!;
    const result = d.spans.map((s) => ({
      id: s.id, from_name: 'label', to_name: 'text', type: 'labels',
      value: { start: s.fragments[0]!.start, end: s.fragments[s.fragments.length - 1]!.end, text: d.article.text.slice(s.fragments[0]!.start, s.fragments[s.fragments.length - 1]!.end), labels: [s.label] },
    }));
    await frame();
    await frameStart();
    const t = performance.now();
    const LabelStudio = (window as unknown as { LabelStudio: LabelStudioCtor }).LabelStudio;
    ls = new LabelStudio(host, {
      config: CONFIG, interfaces: [], user: { pk: 1, firstName: 'Bench', lastName: 'Bench' },
      task: { id: 1, data: { text: d.article.text }, annotations: [{ id: 1, result }], predictions: [] },
      onLabelStudioLoad: (s: LsStore) => void (store = s),
    });
    await paintedWhen(() => !!store && annotation().regionStore.regions.length === d.spans.length && host!.querySelectorAll('.htx-highlight-last').length >= d.spans.length);
    return performance.now() - t;
  },
  highlights(): number {
    return host?.querySelectorAll('.htx-highlight-last').length ?? 0;
  },
  /** Adds a region with label Claim over a word of the first paragraph; to its painted highlight. */
  async add(n: number): Promise<number> {
    const a = annotation();
    const { start, end } = word(n);
    const control = a.names.get('label') as { children: Label[] };
    control.children.find((l) => l.value === 'Claim')!.setSelected(true);
    const root = host!.querySelector('.htx-text')!;
    const before = a.regionStore.regions.length;
    await frame();
    await frameStart();
    const t = performance.now();
    const from = findNode(root, start)!;
    const to = findNode(root, end)!;
    const range = document.createRange();
    range.setStart(from.node, from.left);
    range.setEnd(to.node, to.left);
    const sel = getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: 10, clientY: 10 }));
    const made = () => a.regionStore.regions.length > before && connected(a.regionStore.regions[a.regionStore.regions.length - 1]!);
    await paintedWhen(made, 600);
    if (!made()) throw new Error(`label-studio made no region for the selection ${start}–${end}`);
    return performance.now() - t;
  },
  /** Gives one of the first regions another label; until its highlight shows it. */
  async relabel(n: number): Promise<number> {
    const regions = annotation().regionStore.regions;
    const r = regions[(n * 7) % Math.min(40, regions.length)]!;
    const result = r.results.find((x) => x.type === 'labels')!;
    const next = r.labeling?.mainValue?.[0] === 'Quote' ? 'Claim' : 'Quote';
    const before = r._lastSpan?.className;
    await frameStart();
    const t = performance.now();
    result.setValue([next]);
    r.updateAppearenceFromState?.();
    await paintedWhen(() => r._lastSpan?.className !== before);
    return performance.now() - t;
  },
  /** Deletes one of the first regions; until its highlight is gone. */
  async remove(n: number): Promise<number> {
    const regions = annotation().regionStore.regions;
    const r = regions[(n * 7) % Math.min(40, regions.length)]!;
    const spans = [...(r._spans ?? [])];
    await frameStart();
    const t = performance.now();
    annotation().deleteRegion(r);
    await paintedWhen(() => spans.every((s) => !s.isConnected));
    return performance.now() - t;
  },
};

(window as unknown as { lsBench: typeof api }).lsBench = api;
