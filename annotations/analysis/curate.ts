/**
 * Accepting what the annotators agree on into the curated layer (issue 18, `curate
 * --accept-agreed` and the Agreement page's button): every span on which all annotator layers
 * of an article (or at least `min` of them) agree exactly (the same label and fragments,
 * `match.ts`) is copied into the curated layer, with the links between such spans that as
 * many layers share (the same type between the same matched spans), and the source and each
 * attribute value that as many of its versions share (and more than share another value).
 *
 * The result is one ordinary operation per article (a batch of `addSpan` then `addLink`):
 * copies with new ids, `layer: 'curated'`, the curator as annotator, links remapped onto the
 * copies. An annotator's own layer is never touched; what the curated layer already has (a
 * span with that label and fragments, a link of that type between those spans) is skipped.
 * Applied through the store's one write path, so undo takes it back. Pure: no I/O.
 */

import { CURATED_LAYER, splitLayers } from '../model/layers.js';
import { randomId, type IdSource } from '../model/ids.js';
import type { ArticleDoc, Link, Span } from '../model/types.js';
import type { Operation } from '../edit/operation-types.js';
import { spanKey } from './match.js';
import { sortLayers } from './agreement.js';

export type AcceptAgreedOptions = {
  /** How many annotator layers must agree; default every annotator layer of the article (at least two). */
  min?: number | undefined;
  /** Who curates: the copies' annotator. */
  curator: string;
  now: string;
  ids?: IdSource | undefined;
  /** Layers that are no annotator's (pending suggestions). */
  ignoreLayers?: readonly string[] | undefined;
};

export type AcceptAgreed = { op: Operation | null; spans: number; links: number };

/** The value at least `need` of `values` share and more than share any other (undefined counts as no value). */
function agreedValue(values: readonly (string | undefined)[], need: number): string | undefined {
  const counts = new Map<string | undefined, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  return best && best[1] >= need && (!second || second[1] < best[1]) ? best[0] : undefined;
}

/** The operation that copies `doc`'s agreed spans and links into the curated layer (null op: nothing to copy). */
export function acceptAgreedOp(doc: ArticleDoc, opts: AcceptAgreedOptions): AcceptAgreed {
  const ids = opts.ids ?? randomId;
  const ignore = new Set(opts.ignoreLayers ?? []);
  const views = splitLayers(doc);
  const layers = sortLayers([...views.keys()].filter((l) => l !== CURATED_LAYER && !ignore.has(l)));
  const need = opts.min ?? Math.max(2, layers.length);
  const none: AcceptAgreed = { op: null, spans: 0, links: 0 };
  if (layers.length < need) return none;
  const articleId = doc.article.id;

  // The curated layer's spans by key: skipped, and the ends of links copied now.
  const curated = views.get(CURATED_LAYER);
  const curatedId = new Map<string, string>();
  for (const s of curated?.spans ?? []) if (!curatedId.has(spanKey(s))) curatedId.set(spanKey(s), s.id);

  // Each key's spans, one per layer (the first a layer has).
  const byKey = new Map<string, Span[]>();
  for (const layer of layers) {
    const seen = new Set<string>();
    for (const s of views.get(layer)!.spans) {
      const k = spanKey(s);
      if (seen.has(k)) continue;
      seen.add(k);
      const list = byKey.get(k);
      if (list) list.push(s);
      else byKey.set(k, [s]);
    }
  }

  const ops: Operation[] = [];
  const copies: Span[] = [];
  for (const [k, versions] of byKey) {
    if (versions.length < need || curatedId.has(k)) continue;
    const first = versions[0]!;
    const copy: Span = { ...first, id: ids('s'), layer: CURATED_LAYER, annotator: opts.curator, createdAt: opts.now, updatedAt: opts.now, attributes: {} };
    delete copy.updatedBy;
    delete copy.sourceId;
    const source = agreedValue(versions.map((v) => v.sourceId), need);
    if (source !== undefined) copy.sourceId = source;
    for (const name of new Set(versions.flatMap((v) => Object.keys(v.attributes)))) {
      const value = agreedValue(versions.map((v) => v.attributes[name]), need);
      if (value !== undefined) copy.attributes[name] = value;
    }
    curatedId.set(k, copy.id);
    copies.push(copy);
  }
  copies.sort((a, b) => a.fragments[0]!.start - b.fragments[0]!.start || a.fragments[a.fragments.length - 1]!.end - b.fragments[b.fragments.length - 1]!.end);
  for (const span of copies) ops.push({ op: 'addSpan', articleId, span });

  // Links: how many layers have each `type|from|to` (by span keys); derived links follow their events and are left out.
  const linkCount = new Map<string, { type: string; from: string; to: string; count: number }>();
  for (const layer of layers) {
    const view = views.get(layer)!;
    const spans = new Map(view.spans.map((s) => [s.id, s]));
    const seen = new Set<string>();
    for (const l of view.links) {
      const from = spans.get(l.from);
      const to = spans.get(l.to);
      if (l.event !== undefined || !from || !to) continue;
      const key = JSON.stringify([l.type, spanKey(from), spanKey(to)]);
      if (seen.has(key)) continue;
      seen.add(key);
      const row = linkCount.get(key) ?? { type: l.type, from: spanKey(from), to: spanKey(to), count: 0 };
      row.count++;
      linkCount.set(key, row);
    }
  }
  const curatedLinks = new Set((curated?.links ?? []).map((l) => JSON.stringify([l.type, l.from, l.to])));
  let links = 0;
  for (const row of linkCount.values()) {
    const from = curatedId.get(row.from);
    const to = curatedId.get(row.to);
    if (row.count < need || !from || !to || curatedLinks.has(JSON.stringify([row.type, from, to]))) continue;
    const link: Link = { id: ids('l'), type: row.type, from, to, layer: CURATED_LAYER, annotator: opts.curator, createdAt: opts.now };
    curatedLinks.add(JSON.stringify([row.type, from, to]));
    ops.push({ op: 'addLink', articleId, link });
    links++;
  }
  if (!ops.length) return none;
  return { op: { op: 'batch', ops }, spans: copies.length, links };
}
