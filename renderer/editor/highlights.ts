/**
 * The highlights plugin: annotations as decorations held in the plugin's state. The set is
 * built when an article opens, then spans are added and removed through transaction meta
 * (`tr.setMeta(highlightsKey, action)`) and the set is mapped through the only document change
 * there is (more of a long article's sections arriving at its end), so nothing is rebuilt.
 *
 * Nested and overlapping spans stay visible: each span gets a layer (interval colouring, so two
 * overlapping spans never share one), drawn as its own underline at its own depth, in its own
 * element carrying `data-span-id` and `data-label`. A small badge with the label's initial marks
 * where each span starts, so colour is never the only signal.
 *
 * Cost: an edit costs O(log n) in the number of spans (a `find` in the set, an `add`); opening
 * costs O(n log n) for the layers and O(k) decorations for the k spans of the first screen.
 * Spans are decorated only when they are revealed, a chunk at a time, once their text is there.
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { labelAbbreviations, type LabelDef, type Span } from '../../annotations/index.js';
import type { PositionMap } from './positions.js';
import { depthClass } from './label-sheet.js';

export type HighlightsState = {
  set: DecorationSet;
  /** Layers computed when the article opened, for spans revealed later (never copied). */
  initialLayers: ReadonlyMap<string, number>;
  /** For the same spans: the labels of the spans each lies inside, innermost first. */
  initialInside: ReadonlyMap<string, readonly string[]>;
  /** Selection, link targets and find results: a small set rebuilt when they change. */
  overlay: DecorationSet;
  /**
   * Spans not yet decorated, in reading order: a long article shows its first screen's spans
   * at once and the rest follow in chunks ('reveal'), so the first screen paints without
   * waiting for every highlight of a 100,000-word article.
   */
  pending: readonly string[];
  pendingSet: ReadonlySet<string>;
};

/** At most this many spans are shown when an article opens; the rest follow {@link REVEAL_CHUNK} at a time. */
export const FIRST_CHUNK = 300;
export const REVEAL_CHUNK = 700;

export type HighlightsAction =
  /** Everything anew (an article opens, the labels change). `upTo`: the text offset rendered so far. */
  | { type: 'reset'; spans: readonly Span[]; upTo: number }
  /** Decorates up to `max` pending spans that end at or before `upTo`. */
  | { type: 'reveal'; upTo: number; max: number }
  /** Spans changed: `remove` holds the old versions of changed and removed spans, `add` the new versions. */
  | { type: 'change'; remove: readonly Span[]; add: readonly Span[]; upTo: number }
  | { type: 'overlay'; selected?: string; related?: readonly string[]; candidates?: readonly string[]; active?: string; found?: readonly { from: number; to: number }[]; foundIndex?: number };

export const highlightsKey = new PluginKey<HighlightsState>('highlights');

export type HighlightsConfig = { labels: () => readonly LabelDef[]; positions: () => PositionMap; spansById: () => ReadonlyMap<string, Span> };

const PATTERNS = ['solid', 'double', 'dashed', 'dotted', 'wavy'];

type LabelStyle = { index: number; pattern: string; initial: string; badge?: HTMLElement };
// The colour is not here: label-sheet.ts gives it to every element with the label's data-label (a badge: data-badge-label).
const styleCache = new WeakMap<readonly LabelDef[], Map<string, LabelStyle>>();

/** A label's place in the schema (-1: unknown), pattern and initial. */
function labelStyle(labels: readonly LabelDef[], name: string): LabelStyle {
  let styles = styleCache.get(labels);
  if (!styles) styleCache.set(labels, (styles = new Map()));
  let style = styles.get(name);
  if (!style) {
    const index = labels.findIndex((l) => l.name === name);
    style = { index, pattern: PATTERNS[Math.max(0, index) % PATTERNS.length]!, initial: labelAbbreviations(labels).get(name) ?? name.slice(0, 1) };
    styles.set(name, style);
  }
  return style;
}

/** A label's badge, made once and cloned for each span (one call instead of six). */
function badgeFor(style: LabelStyle, label: string, spanId: string): HTMLElement {
  if (!style.badge) {
    const b = document.createElement('span');
    b.className = 'hl-badge ProseMirror-widget';
    b.setAttribute('data-badge-label', label); // its colour (label-sheet.ts)
    b.textContent = style.initial;
    b.setAttribute('aria-hidden', 'true');
    // What ProseMirror does to a widget that is not `raw`, done once here.
    b.contentEditable = 'false';
    style.badge = b;
  }
  const badge = style.badge.cloneNode(true) as HTMLElement;
  badge.setAttribute('data-badge-for', spanId);
  return badge;
}

type HighlightSpec = { spanId: string; layer: number };

/**
 * What assistive technology says of a highlight (`aria-description`): its label, the labels of
 * the spans it lies inside ("Quote, inside Claim"), and which part it is of a span in several.
 * Fixed when the decoration is made: a span added or removed around others re-decorates those.
 */
export function describeHighlight(label: string, inside: readonly string[], part?: { k: number; of: number }): string {
  return [label, ...inside.map((l) => `inside ${l}`)].join(', ') + (part && part.of > 1 ? ` (part ${part.k} of ${part.of})` : '');
}

function decorate(span: Span, layer: number, cfg: HighlightsConfig, inside: readonly string[] = []): Decoration[] {
  const pos = cfg.positions();
  const style = labelStyle(cfg.labels(), span.label);
  const depth = depthClass(layer);
  // A pending suggestion (issue 20) is dashed: annotations/suggest/build.ts' isPendingSuggestion.
  const cls = `hl${style.pattern === 'solid' ? '' : ` hl-${style.pattern}`}${depth.cls}${span.orphaned ? ' hl-orphaned' : ''}${span.origin === 'suggested' && span.annotator === 'suggestions' ? ' suggested' : ''}`;
  const out: Decoration[] = [];
  span.fragments.forEach((f, k) => {
    const from = pos.toPm(f.start, 'start');
    const to = pos.toPm(f.end, 'end');
    if (to <= from) return;
    out.push(Decoration.inline(from, to, {
      // <mark>: its implicit role is "mark", so no role attribute is set on each of thousands.
      nodeName: 'mark',
      class: cls,
      'data-span-id': span.id,
      'data-label': span.label,
      ...(depth.style ? { style: depth.style } : {}),
      // A screen reader names the element by its label ("Quote" where it would say "highlighted")
      // and describes its nesting; data-span-id and data-label stay as they are (the UI contract).
      // The same description is the tooltip, set on hover (article-view.ts), not on every element.
      'aria-roledescription': span.label,
      'aria-description': describeHighlight(span.label, inside, { k: k + 1, of: span.fragments.length }),
    }, { spanId: span.id, layer, inclusiveStart: false, inclusiveEnd: false }));
    if (k === 0) {
      out.push(Decoration.widget(from, () => badgeFor(style, span.label, span.id), { side: -1 - layer, key: `b:${span.id}:${span.label}:${style.index}`, spanId: span.id, layer, ignoreSelection: true, raw: true }));
    }
  });
  return out;
}

const spanEndOffset = (s: Span): number => s.fragments[s.fragments.length - 1]!.end;

/** The decorations showing `span` (its old version: where it was drawn). */
function shownDecorations(set: DecorationSet, span: Span, positions: PositionMap): Decoration[] {
  const out: Decoration[] = [];
  for (const f of span.fragments) {
    out.push(...set.find(positions.toPm(f.start, 'start'), positions.toPm(f.end, 'end'), (spec: Partial<HighlightSpec>) => spec.spanId === span.id));
  }
  return out;
}

/** Picks the lowest layer not used by a shown span overlapping `span`. */
function pickLayer(span: Span, set: DecorationSet, positions: PositionMap): number {
  const used = new Set<number>();
  for (const f of span.fragments) {
    const from = positions.toPm(f.start);
    const to = positions.toPm(f.end, 'end');
    for (const d of set.find(from, to)) {
      const spec = d.spec as Partial<HighlightSpec>;
      if (spec.spanId !== undefined && spec.spanId !== span.id && d.from < to && d.to > from) used.add(spec.layer ?? 0);
    }
  }
  let layer = 0;
  while (used.has(layer)) layer++;
  return layer;
}

/**
 * Layers for many spans at once (interval colouring in start order), and what each lies inside
 * (the spans still open at its start that end at or after its end): O(n log n + n·depth).
 */
function layerAll(ordered: readonly Span[]): { layers: Map<string, number>; inside: Map<string, readonly string[]> } {
  const layers = new Map<string, number>();
  const inside = new Map<string, readonly string[]>();
  const active: { end: number; layer: number; label: string }[] = [];
  for (const s of ordered) {
    const start = s.fragments[0]!.start;
    const end = spanEndOffset(s);
    for (let i = active.length - 1; i >= 0; i--) if (active[i]!.end <= start) active.splice(i, 1);
    let layer = 0;
    while (active.some((a) => a.layer === layer)) layer++;
    layers.set(s.id, layer);
    const around = active.filter((a) => a.end >= end).reverse().map((a) => a.label);
    if (around.length) inside.set(s.id, around);
    active.push({ end, layer, label: s.label });
  }
  return { layers, inside };
}

const contains = (outer: Span, inner: Span): boolean =>
  outer.fragments[0]!.start <= inner.fragments[0]!.start && spanEndOffset(outer) >= spanEndOffset(inner)
  && (outer.fragments[0]!.start < inner.fragments[0]!.start || spanEndOffset(outer) > spanEndOffset(inner) || outer.id < inner.id);

/** The shown spans overlapping `span`'s extent (from the decorations, so O(log n + k)), with their layers. */
function shownAround(span: Span, set: DecorationSet, positions: PositionMap, spans: ReadonlyMap<string, Span>): Map<Span, number> {
  const out = new Map<Span, number>();
  for (const d of set.find(positions.toPm(span.fragments[0]!.start), positions.toPm(span.fragments[span.fragments.length - 1]!.end, 'end'))) {
    const spec = d.spec as Partial<HighlightSpec>;
    const other = spec.spanId !== undefined && spec.spanId !== span.id ? spans.get(spec.spanId) : undefined;
    if (other) out.set(other, spec.layer ?? 0);
  }
  return out;
}

/** The labels of the shown spans `span` lies inside, innermost first. */
function insideOf(span: Span, around: ReadonlyMap<Span, number>): string[] {
  return [...around.keys()].filter((o) => contains(o, span))
    .sort((a, b) => (spanEndOffset(a) - a.fragments[0]!.start) - (spanEndOffset(b) - b.fragments[0]!.start)).map((o) => o.label);
}

/**
 * Takes up to `max` pending spans that end at or before `upTo` and decorates them; the others
 * stay pending in their order.
 */
function takePending(value: HighlightsState, upTo: number, max: number, cfg: HighlightsConfig): { decos: Decoration[]; pending: string[]; pendingSet: Set<string> } {
  const spans = cfg.spansById();
  const decos: Decoration[] = [];
  const pending: string[] = [];
  const pendingSet = new Set<string>();
  const taken = new Set<string>();
  let n = 0;
  for (const id of value.pending) {
    // Edited or removed meanwhile, or listed twice (edited while pending, added again).
    if (!value.pendingSet.has(id) || pendingSet.has(id) || taken.has(id)) continue;
    const s = spans.get(id);
    if (!s) continue;
    if (n < max && spanEndOffset(s) <= upTo) {
      decos.push(...decorate(s, value.initialLayers.get(id) ?? 0, cfg, value.initialInside.get(id)));
      taken.add(id);
      n++;
    } else {
      pending.push(id);
      pendingSet.add(id);
    }
  }
  return { decos, pending, pendingSet };
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
      init: () => ({ set: DecorationSet.empty, initialLayers: new Map(), initialInside: new Map(), overlay: DecorationSet.empty, pending: [], pendingSet: new Set() }),
      apply(tr, value, _old, state): HighlightsState {
        const action = tr.getMeta(highlightsKey) as HighlightsAction | undefined;
        const next = tr.docChanged ? { ...value, set: value.set.map(tr.mapping, tr.doc), overlay: value.overlay.map(tr.mapping, tr.doc) } : value;
        if (!action) return next;
        switch (action.type) {
          case 'reset': {
            const ordered = [...action.spans].sort((a, b) => a.fragments[0]!.start - b.fragments[0]!.start || spanEndOffset(b) - spanEndOffset(a));
            const pending = ordered.map((s) => s.id);
            const { layers, inside } = layerAll(ordered);
            const fresh: HighlightsState = { set: DecorationSet.empty, initialLayers: layers, initialInside: inside, overlay: DecorationSet.empty, pending, pendingSet: new Set(pending) };
            const taken = takePending(fresh, action.upTo, FIRST_CHUNK, cfg);
            return { ...fresh, set: DecorationSet.create(state.doc, taken.decos), pending: taken.pending, pendingSet: taken.pendingSet };
          }
          case 'reveal': {
            if (!next.pending.length) return next;
            const taken = takePending(next, action.upTo, action.max, cfg);
            return { ...next, set: taken.decos.length ? next.set.add(state.doc, taken.decos) : next.set, pending: taken.pending, pendingSet: taken.pendingSet };
          }
          case 'change': {
            const pos = cfg.positions();
            let { set, pending } = next;
            let pendingSet = next.pendingSet;
            const unpend = (id: string) => {
              if (pendingSet === next.pendingSet) pendingSet = new Set(pendingSet);
              (pendingSet as Set<string>).delete(id);
            };
            const spans = cfg.spansById();
            // Shown spans inside a removed or added one: their description ("inside …") changes.
            const redescribe = new Map<string, Span>();
            const within = (outer: Span) => {
              for (const [o] of shownAround(outer, set, pos, spans)) if (contains(outer, o)) redescribe.set(o.id, o);
            };
            for (const old of action.remove) {
              if (pendingSet.has(old.id)) unpend(old.id); // never shown: nothing to take away
              else {
                set = set.remove(shownDecorations(set, old, pos));
                within(old);
              }
            }
            for (const s of action.add) {
              if (pendingSet.has(s.id)) unpend(s.id);
              if (spanEndOffset(s) > action.upTo) {
                // Its text is not shown yet: it is decorated when it is.
                if (pendingSet === next.pendingSet) pendingSet = new Set(pendingSet);
                (pendingSet as Set<string>).add(s.id);
                pending = [...pending, s.id];
                continue;
              }
              set = set.add(state.doc, decorate(s, pickLayer(s, set, pos), cfg, insideOf(s, shownAround(s, set, pos, spans))));
              within(s);
            }
            for (const s of action.add) redescribe.delete(s.id);
            for (const o of redescribe.values()) {
              const shown = shownDecorations(set, o, pos);
              if (!shown.length) continue;
              const layer = (shown[0]!.spec as HighlightSpec).layer;
              set = set.remove(shown).add(state.doc, decorate(o, layer, cfg, insideOf(o, shownAround(o, set, pos, spans))));
            }
            return { ...next, set, pending, pendingSet };
          }
          case 'overlay':
            return { ...next, overlay: overlaySet(state.doc, action, cfg) };
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
