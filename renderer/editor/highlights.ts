/**
 * The highlights plugin: annotations as decorations held in the plugin's state. The set is
 * built once when an article opens, then spans are added and removed through transaction meta
 * (`tr.setMeta(highlightsKey, action)`); the article text never changes, so nothing is rebuilt.
 *
 * Nested and overlapping spans stay visible: each span gets a layer (interval colouring, so two
 * overlapping spans never share one), drawn as its own underline at its own depth, in its own
 * element carrying `data-span-id` and `data-label`. A small badge with the label's initial marks
 * where each span starts, so colour is never the only signal.
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { labelAbbreviations, type LabelDef, type Span } from '../../annotations/index.js';
import type { PositionMap } from './positions.js';

export type HighlightsState = {
  set: DecorationSet;
  /** The decorations of each span, for removal. */
  bySpan: Map<string, Decoration[]>;
  /** Each span's layer (0 = closest to the text). */
  layers: Map<string, number>;
  /** Selection, link targets and find results: a small set rebuilt when they change. */
  overlay: DecorationSet;
  /**
   * Spans decorated but not yet in `set`, in reading order: a long article shows its first
   * {@link FIRST_CHUNK} spans at once and the rest follow in chunks ('reveal'), so the first
   * screen paints without waiting for every highlight of a 100,000-word article.
   */
  pending: string[];
  pendingSet: Set<string>;
};

/** Spans shown when an article opens; the rest are revealed {@link REVEAL_CHUNK} at a time. */
export const FIRST_CHUNK = 300;
export const REVEAL_CHUNK = 500;

export type HighlightsAction =
  | { type: 'reset'; spans: readonly Span[] }
  | { type: 'add'; spans: readonly Span[] }
  | { type: 'remove'; ids: readonly string[] }
  | { type: 'reveal' }
  | { type: 'overlay'; selected?: string; related?: readonly string[]; candidates?: readonly string[]; active?: string; found?: readonly { from: number; to: number }[]; foundIndex?: number };

export const highlightsKey = new PluginKey<HighlightsState>('highlights');

export type HighlightsConfig = { labels: () => readonly LabelDef[]; positions: () => PositionMap; spansById: () => ReadonlyMap<string, Span> };

const PATTERNS = ['solid', 'double', 'dashed', 'dotted', 'wavy'];

function labelStyle(labels: readonly LabelDef[], name: string): { color: string; pattern: string; initial: string } {
  const i = labels.findIndex((l) => l.name === name);
  const def = labels[i];
  return { color: def?.color ?? '#777777', pattern: PATTERNS[Math.max(0, i) % PATTERNS.length]!, initial: labelAbbreviations(labels).get(name) ?? name.slice(0, 1) };
}

function decorate(span: Span, layer: number, cfg: HighlightsConfig): Decoration[] {
  const labels = cfg.labels();
  const pos = cfg.positions();
  const { color, pattern, initial } = labelStyle(labels, span.label);
  const out: Decoration[] = [];
  span.fragments.forEach((f, k) => {
    const from = pos.toPm(f.start, 'start');
    const to = pos.toPm(f.end, 'end');
    if (to <= from) return;
    out.push(Decoration.inline(from, to, {
      nodeName: 'span',
      class: `hl hl-${pattern}${span.orphaned ? ' hl-orphaned' : ''}`,
      'data-span-id': span.id,
      'data-label': span.label,
      style: `--c:${color};--d:${layer}`,
      title: `${span.label}${span.fragments.length > 1 ? ` (part ${k + 1} of ${span.fragments.length})` : ''}`,
    }, { spanId: span.id, inclusiveStart: false, inclusiveEnd: false }));
    if (k === 0) {
      out.push(Decoration.widget(from, () => {
        const badge = document.createElement('span');
        badge.className = 'hl-badge';
        badge.textContent = initial;
        badge.setAttribute('data-badge-for', span.id);
        badge.setAttribute('aria-hidden', 'true');
        badge.style.setProperty('--c', color);
        return badge;
      }, { side: -1 - layer, key: `b:${span.id}:${span.label}:${color}`, spanId: span.id, ignoreSelection: true }));
    }
  });
  return out;
}

/** Picks the lowest layer not used by a span overlapping `span`. */
function pickLayer(span: Span, set: DecorationSet, layers: Map<string, number>, positions: PositionMap): number {
  const used = new Set<number>();
  for (const f of span.fragments) {
    for (const d of set.find(positions.toPm(f.start), positions.toPm(f.end, 'end'))) {
      const id = (d.spec as { spanId?: string }).spanId;
      if (id && id !== span.id && d.from < positions.toPm(f.end, 'end') && d.to > positions.toPm(f.start)) used.add(layers.get(id) ?? 0);
    }
  }
  let layer = 0;
  while (used.has(layer)) layer++;
  return layer;
}

/** Layers for many spans at once (interval colouring in start order): O(n log n). */
function layerAll(spans: readonly Span[]): Map<string, number> {
  const layers = new Map<string, number>();
  const sorted = [...spans].sort((a, b) => a.fragments[0]!.start - b.fragments[0]!.start || b.fragments.at(-1)!.end - a.fragments.at(-1)!.end);
  const active: { end: number; layer: number }[] = [];
  for (const s of sorted) {
    const start = s.fragments[0]!.start;
    for (let i = active.length - 1; i >= 0; i--) if (active[i]!.end <= start) active.splice(i, 1);
    const used = new Set(active.map((a) => a.layer));
    let layer = 0;
    while (used.has(layer)) layer++;
    layers.set(s.id, layer);
    active.push({ end: s.fragments.at(-1)!.end, layer });
  }
  return layers;
}

function overlaySet(doc: Node, a: Extract<HighlightsAction, { type: 'overlay' }>, cfg: HighlightsConfig): DecorationSet {
  const decos: Decoration[] = [];
  const spans = cfg.spansById();
  const pos = cfg.positions();
  const mark = (id: string | undefined, cls: string) => {
    const s = id ? spans.get(id) : undefined;
    if (!s) return;
    for (const f of s.fragments) {
      const from = pos.toPm(f.start);
      const to = pos.toPm(f.end, 'end');
      if (to > from) decos.push(Decoration.inline(from, to, { class: cls }));
    }
  };
  for (const id of a.related ?? []) mark(id, 'hl-related');
  for (const id of a.candidates ?? []) mark(id, id === a.active ? 'hl-candidate hl-candidate-active' : 'hl-candidate');
  mark(a.selected, 'hl-selected');
  (a.found ?? []).forEach((r, i) => decos.push(Decoration.inline(r.from, r.to, { class: i === a.foundIndex ? 'find-hit find-current' : 'find-hit' })));
  return DecorationSet.create(doc, decos);
}

export function highlightsPlugin(cfg: HighlightsConfig): Plugin<HighlightsState> {
  return new Plugin<HighlightsState>({
    key: highlightsKey,
    state: {
      init: (_config, state) => ({ set: DecorationSet.create(state.doc, []), bySpan: new Map(), layers: new Map(), overlay: DecorationSet.empty, pending: [], pendingSet: new Set() }),
      apply(tr, value, _old, state): HighlightsState {
        const action = tr.getMeta(highlightsKey) as HighlightsAction | undefined;
        let next = tr.docChanged ? { ...value, set: value.set.map(tr.mapping, tr.doc), overlay: value.overlay.map(tr.mapping, tr.doc) } : value;
        if (!action) return next;
        switch (action.type) {
          case 'reset': {
            const layers = layerAll(action.spans);
            const bySpan = new Map<string, Decoration[]>();
            const first: Decoration[] = [];
            const ordered = [...action.spans].sort((a, b) => a.fragments[0]!.start - b.fragments[0]!.start);
            ordered.forEach((s, i) => {
              const d = decorate(s, layers.get(s.id) ?? 0, cfg);
              bySpan.set(s.id, d);
              if (i < FIRST_CHUNK) first.push(...d);
            });
            const pending = ordered.slice(FIRST_CHUNK).map((s) => s.id);
            return { set: DecorationSet.create(state.doc, first), bySpan, layers, overlay: DecorationSet.empty, pending, pendingSet: new Set(pending) };
          }
          case 'reveal': {
            const take: Decoration[] = [];
            const pendingSet = new Set(next.pendingSet);
            let i = 0;
            let n = 0;
            for (; i < next.pending.length && n < REVEAL_CHUNK; i++) {
              const id = next.pending[i]!;
              if (!pendingSet.delete(id)) continue; // edited or removed meanwhile
              take.push(...(next.bySpan.get(id) ?? []));
              n++;
            }
            // add() nulls out the entries of the array it is given; `take` is ours alone.
            return { ...next, set: take.length ? next.set.add(state.doc, take) : next.set, pending: next.pending.slice(i), pendingSet };
          }
          case 'add': {
            let set = next.set;
            const bySpan = new Map(next.bySpan);
            const layers = new Map(next.layers);
            const pendingSet = new Set(next.pendingSet);
            for (const s of action.spans) {
              const old = bySpan.get(s.id);
              if (pendingSet.has(s.id)) pendingSet.delete(s.id); // never shown: nothing to remove
              else if (old) set = set.remove([...old]);
              const layer = pickLayer(s, set, layers, cfg.positions());
              layers.set(s.id, layer);
              const d = decorate(s, layer, cfg);
              bySpan.set(s.id, d);
              // add and remove null out the entries of the array they are given: pass copies.
              set = set.add(state.doc, [...d]);
            }
            return { ...next, set, bySpan, layers, pendingSet };
          }
          case 'remove': {
            let set = next.set;
            const bySpan = new Map(next.bySpan);
            const layers = new Map(next.layers);
            const pendingSet = new Set(next.pendingSet);
            for (const id of action.ids) {
              const old = bySpan.get(id);
              if (pendingSet.has(id)) pendingSet.delete(id);
              else if (old) set = set.remove([...old]);
              bySpan.delete(id);
              layers.delete(id);
            }
            return { ...next, set, bySpan, layers, pendingSet };
          }
          case 'overlay':
            next = { ...next, overlay: overlaySet(state.doc, action, cfg) };
            return next;
        }
      },
    },
    props: {
      decorations: (state: EditorState) => highlightsKey.getState(state)!.set,
    },
  });
}

/** Shows the overlay (selection, link targets, find results) from the highlights state. */
export function overlayPlugin(): Plugin {
  return new Plugin({
    props: { decorations: (state: EditorState) => highlightsKey.getState(state)?.overlay ?? DecorationSet.empty },
  });
}
