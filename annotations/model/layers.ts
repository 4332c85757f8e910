/**
 * Layers: each annotator's spans, links and events on an article form their layer; the
 * `curated` layer holds the adjudicated result (issue 18). In memory an article's document
 * holds every layer together (each item says whose it is); this module is the one place that
 * says which layer an item belongs to and cuts a document down to some of its layers.
 *
 * An item's layer is its `layer` field when set (only the curated layer sets it), else its
 * `annotator`. An item with neither (links and events from files before layers) belongs to the
 * layer of the span it starts from, else to {@link UNKNOWN_LAYER}.
 */

import type { ArticleDoc } from './types.js';

/** The adjudicated layer. No annotator may take this name. */
export const CURATED_LAYER = 'curated';

/** The layer of items that name no annotator and hang on no span that does. */
export const UNKNOWN_LAYER = 'unknown';

/** Names no annotator may have: they name layers of their own. */
export const RESERVED_LAYER_NAMES: readonly string[] = [CURATED_LAYER, 'all'];

type Layered = { layer?: string | undefined; annotator?: string | undefined };

/** The layer of a span, link or event on its own. */
export function layerOf(item: Layered): string {
  return item.layer ?? item.annotator ?? UNKNOWN_LAYER;
}

/** Why `name` cannot be an annotator's name, or undefined when it can. */
export function annotatorNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'an annotator name is empty';
  if (RESERVED_LAYER_NAMES.includes(name)) return `"${name}" names a layer of its own and cannot be an annotator's name`;
  return undefined;
}

/** The layer of every link and event of `doc`, in their order (a link without a layer: its `from` span's). */
export function itemLayers(doc: ArticleDoc): { links: string[]; events: string[] } {
  // The spans' layers by id, made only when an item names no layer of its own (files before layers): this runs on every save.
  let spanLayer: Map<string, string> | undefined;
  const anchorLayer = (anchor: string) => (spanLayer ??= new Map(doc.spans.map((s) => [s.id, layerOf(s)]))).get(anchor);
  const of = (item: Layered, anchor: string | undefined) =>
    item.layer ?? item.annotator ?? (anchor !== undefined ? anchorLayer(anchor) : undefined) ?? UNKNOWN_LAYER;
  return {
    links: doc.links.map((l) => of(l, l.from)),
    events: doc.events.map((e) => of(e, e.trigger ?? e.args[0]?.spanId)),
  };
}

/** The layers present in `doc`, sorted (the curated layer last). */
export function layersOf(doc: ArticleDoc): string[] {
  const { links, events } = itemLayers(doc);
  return sortLayers(new Set([...doc.spans.map(layerOf), ...links, ...events]));
}

const sortLayers = (layers: Iterable<string>): string[] => [...layers].sort((a, b) => (a === CURATED_LAYER ? 1 : b === CURATED_LAYER ? -1 : a.localeCompare(b)));

/** `doc` with only the spans, links and events of the layers `keep` accepts. */
export function filterLayers(doc: ArticleDoc, keep: (layer: string) => boolean): ArticleDoc {
  const { links, events } = itemLayers(doc);
  return {
    ...doc,
    spans: doc.spans.filter((s) => keep(layerOf(s))),
    links: doc.links.filter((_, i) => keep(links[i]!)),
    events: doc.events.filter((_, i) => keep(events[i]!)),
  };
}

/** `doc` cut down to one layer. */
export function layerView(doc: ArticleDoc, layer: string): ArticleDoc {
  return filterLayers(doc, (l) => l === layer);
}

/** Every layer of `doc` as its own document, by name (in one pass: a save does this for an article of many layers). */
export function splitLayers(doc: ArticleDoc): Map<string, ArticleDoc> {
  const { links, events } = itemLayers(doc);
  const parts = new Map<string, ArticleDoc>();
  const partOf = (layer: string): ArticleDoc => {
    let part = parts.get(layer);
    if (!part) parts.set(layer, (part = { ...doc, spans: [], links: [], events: [] }));
    return part;
  };
  for (const s of doc.spans) partOf(layerOf(s)).spans.push(s);
  doc.links.forEach((l, i) => partOf(links[i]!).links.push(l));
  doc.events.forEach((e, i) => partOf(events[i]!).events.push(e));
  return new Map(sortLayers(parts.keys()).map((l) => [l, parts.get(l)!]));
}
