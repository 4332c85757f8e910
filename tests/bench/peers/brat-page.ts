/**
 * Runs in Chromium, in its own page (editor.bench.ts loads brat's visualiser from the copy of its
 * client files and its style-vis.css in tests/bench/peers/brat/, MIT, see LICENSE.md there, then
 * this bundle): brat on the same text with the same spans as entities, measured as editor-page.ts
 * measures the article view, from the start of a frame to the task after the frame in which the
 * result is in the page.
 *
 * brat's visualiser draws a whole document into one SVG and has no incremental update: the
 * editor sends it the changed document and it draws everything again (`requestRenderData`),
 * which is what add, relabel and delete measure. Its fonts are settled by one small untimed
 * document first (with no font files it waits for its font loader's timeout, once).
 */
import type { ArticleDoc } from '../../../annotations/index.js';

type Dispatcher = { post: (event: string, args?: unknown[]) => void; on: (event: string, fn: () => void) => Dispatcher };
type Util = { embed: (id: string, coll: unknown, doc: unknown, fonts: string[]) => Dispatcher };

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const frameStart = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const task = () => new Promise<void>((r) => setTimeout(r, 0));

const COLORS: Record<string, string> = { Speaker: '#8dd3c7', Quote: '#bebada', Claim: '#fb8072', Cue: '#80b1d3' };
const COLL = { entity_types: Object.entries(COLORS).map(([type, bgColor]) => ({ type, labels: [type], bgColor, borderColor: 'darken' })) };

type Entity = [string, string, [number, number][]];
let doc: ArticleDoc | undefined;
let entities: Entity[] = [];
let dispatcher: Dispatcher | undefined;
let rendered: (() => void) | undefined;

const docData = (ents: Entity[]) => ({ text: doc!.article.text, entities: ents, relations: [], events: [], triggers: [], attributes: [], equivs: [], comments: [] });
const util = () => (window as unknown as { Util: Util }).Util;

/** Posts `ents` to brat (a new embedding when none is there) and resolves after the frame that paints it. */
async function render(ents: Entity[]): Promise<number> {
  await frame();
  await frameStart();
  const t = performance.now();
  const done = new Promise<void>((r) => (rendered = r));
  if (!dispatcher) {
    dispatcher = util().embed('brat', COLL, docData(ents), []);
    dispatcher.on('doneRendering', () => rendered?.());
  } else dispatcher.post('requestRenderData', [docData(ents)]);
  await done;
  await task();
  await frame();
  return performance.now() - t;
}

/** A word in the first paragraph, as editor-page.ts's `newSpan` picks it. */
function word(n: number): [number, number] {
  const text = doc!.article.text;
  let start = 0;
  for (let k = 0; k < n % 20; k++) start = text.indexOf(' ', start) + 1;
  return [start, text.indexOf(' ', start)];
}

const api = {
  available(): boolean {
    return typeof (window as unknown as { Util?: Util }).Util?.embed === 'function';
  },
  load(json: string): number {
    doc = JSON.parse(json) as ArticleDoc;
    entities = doc.spans.map((s) => [s.id, s.label, s.fragments.map((f) => [f.start, f.end] as [number, number])]);
    return entities.length;
  },
  /** Settles brat's fonts with a small document (untimed), in a container of its own. */
  async warmUp(): Promise<void> {
    const el = document.createElement('div');
    el.id = 'brat-warm-up';
    document.body.append(el);
    await new Promise<void>((r) => util().embed('brat-warm-up', COLL, { text: 'warm up', entities: [], relations: [], events: [], triggers: [], attributes: [], equivs: [], comments: [] }, []).on('doneRendering', r));
    el.remove();
  },
  /** Shows the text with every span; until brat has drawn it and the frame is painted. */
  async show(): Promise<number> {
    document.getElementById('brat')?.remove();
    dispatcher = undefined;
    const el = document.createElement('div');
    el.id = 'brat';
    document.body.append(el);
    return render(entities);
  },
  highlights(): number {
    return document.querySelectorAll('#brat g.span').length;
  },
  async add(n: number): Promise<number> {
    entities = [...entities, [`T-new-${n}`, 'Claim', [word(n)]]];
    return render(entities);
  },
  async relabel(n: number): Promise<number> {
    const k = (n * 7) % Math.min(40, entities.length);
    entities = entities.map((e, j) => (j === k ? [e[0], e[1] === 'Quote' ? 'Claim' : 'Quote', e[2]] : e));
    return render(entities);
  },
  async remove(n: number): Promise<number> {
    const k = (n * 7) % Math.min(40, entities.length);
    entities = entities.filter((_, j) => j !== k);
    return render(entities);
  },
};

(window as unknown as { bratBench: typeof api }).bratBench = api;
