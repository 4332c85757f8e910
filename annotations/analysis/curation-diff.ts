/**
 * What curation compares (issue 18): the spans of every layer of one article grouped into
 * units, each unit being the spans that overlap with the same label, across layers (overlap
 * taken transitively: A's span overlaps B's, which overlaps C's, makes one unit). A unit says
 * which annotator layer has which version, which layers have none, whether all of them agree
 * exactly (the same label and fragments, `match.ts`), and what the curated layer already holds
 * there. Units are ordered by position in the text.
 *
 * Pure: no I/O, no state. Deciding what to do with a unit (accept a layer's version, reject
 * it) is the renderer's (renderer/state/curation.ts); this module only describes.
 */

import { CURATED_LAYER, layerOf, layersOf } from '../model/layers.js';
import type { ArticleDoc, Span } from '../model/types.js';
import { fragmentsKey, overlaps, sameFragments } from './match.js';

/** One annotator layer's spans in a unit (usually one; two when it split what others kept whole). */
export type UnitVersion = { layer: string; spans: Span[] };

export type CurationUnit = {
  /**
   * Names the unit by its label and its annotators' versions (the curated layer left out, so
   * accepting a version keeps the key): the same disagreement has the same key on every reading.
   */
  key: string;
  label: string;
  /** The first character any span of the unit covers, and the end of the last (UTF-16, end exclusive). */
  start: number;
  end: number;
  /** The annotator layers that have a version, in the article's layer order. */
  versions: UnitVersion[];
  /** The annotator layers of the article that have no span here. */
  missing: string[];
  /** True when every annotator layer has exactly one span here and all cover the same characters. */
  agreed: boolean;
  /** True when the versions agree on the boundaries but not on the source or the attributes. */
  detailsDiffer: boolean;
  /** The curated layer's spans in this unit (empty while it is not curated). */
  curated: Span[];
};

/** The first character of a span. */
const spanStart = (s: Span): number => s.fragments[0]!.start;
/** The end of a span's last fragment. */
const spanEnd = (s: Span): number => s.fragments[s.fragments.length - 1]!.end;

/** The source and attributes of a span as one string, for comparing versions. */
const detailsKey = (s: Span): string =>
  `${s.sourceId ?? ''}|${Object.entries(s.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',')}`;

/** Groups spans of one label that overlap, transitively (union–find over a sweep by start). */
function groups(spans: Span[]): Span[][] {
  const sorted = [...spans].sort((a, b) => spanStart(a) - spanStart(b) || spanEnd(a) - spanEnd(b));
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // Only spans whose extents meet can overlap: for each span, the ones after it that start before it ends.
  for (let i = 0; i < sorted.length; i++) {
    const end = spanEnd(sorted[i]!);
    for (let j = i + 1; j < sorted.length && spanStart(sorted[j]!) < end; j++) {
      if (overlaps(sorted[i]!, sorted[j]!)) parent[find(j)] = find(i);
    }
  }
  const byRoot = new Map<number, Span[]>();
  sorted.forEach((s, i) => {
    const root = find(i);
    const list = byRoot.get(root);
    if (list) list.push(s);
    else byRoot.set(root, [s]);
  });
  return [...byRoot.values()];
}

/**
 * The units of `doc`, ordered by start, then end, then label. `layers` limits the annotator
 * layers compared (default: every layer of the article but the curated one); spans of other
 * layers are left out, the curated layer's always count.
 */
export function curationUnits(doc: ArticleDoc, layers?: readonly string[]): CurationUnit[] {
  const annotators = (layers ?? layersOf(doc)).filter((l) => l !== CURATED_LAYER);
  const wanted = new Set([...annotators, CURATED_LAYER]);
  const byLabel = new Map<string, Span[]>();
  for (const s of doc.spans) {
    if (!wanted.has(layerOf(s))) continue;
    const list = byLabel.get(s.label);
    if (list) list.push(s);
    else byLabel.set(s.label, [s]);
  }
  const units: CurationUnit[] = [];
  for (const [label, spans] of byLabel) {
    for (const group of groups(spans)) {
      const versions: UnitVersion[] = [];
      for (const layer of annotators) {
        const mine = group.filter((s) => layerOf(s) === layer);
        if (mine.length) versions.push({ layer, spans: mine });
      }
      const curated = group.filter((s) => layerOf(s) === CURATED_LAYER);
      const missing = annotators.filter((l) => !versions.some((v) => v.layer === l));
      const singles = versions.every((v) => v.spans.length === 1);
      const first = versions[0]?.spans[0];
      const agreed = !!first && missing.length === 0 && singles && versions.every((v) => sameFragments(v.spans[0]!, first));
      const detailsDiffer = agreed && versions.some((v) => detailsKey(v.spans[0]!) !== detailsKey(first));
      const all = versions.length ? versions.flatMap((v) => v.spans) : curated;
      units.push({
        key: `${label}|${versions.map((v) => `${v.layer}:${v.spans.map(fragmentsKey).join(';')}`).join('|') || `curated:${curated.map(fragmentsKey).join(';')}`}`,
        label,
        start: Math.min(...all.map(spanStart)),
        end: Math.max(...all.map(spanEnd)),
        versions, missing, agreed, detailsDiffer, curated,
      });
    }
  }
  return units.sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** True when the versions of a unit differ: in their text, or (the same text) in their source or attributes. */
export const isDisagreement = (u: CurationUnit): boolean => !u.agreed || u.detailsDiffer;

/** True when a unit needs a decision: its versions differ ({@link isDisagreement}) and nothing is curated or rejected there yet. */
export const isOpenDisagreement = (u: CurationUnit, rejected: ReadonlySet<string> = new Set()): boolean =>
  isDisagreement(u) && u.curated.length === 0 && !rejected.has(u.key);

/** True when a unit has been decided: something of it is curated, or it was rejected. */
export const isHandled = (u: CurationUnit, rejected: ReadonlySet<string> = new Set()): boolean => u.curated.length > 0 || rejected.has(u.key);

/** The counts a curation view shows. */
export type CurationCounts = {
  units: number;
  /** Units whose versions are the same in every respect (text, source, attributes). */
  agreed: number;
  disagreements: number;
  open: number;
  agreedNotCurated: number;
  curated: number;
  rejected: number;
};

export function curationCounts(units: readonly CurationUnit[], rejected: ReadonlySet<string> = new Set()): CurationCounts {
  let agreed = 0, open = 0, agreedNotCurated = 0, curated = 0, rej = 0;
  for (const u of units) {
    const same = !isDisagreement(u);
    if (same) agreed++;
    if (isOpenDisagreement(u, rejected)) open++;
    if (same && !isHandled(u, rejected)) agreedNotCurated++;
    if (u.curated.length) curated++;
    else if (rejected.has(u.key)) rej++;
  }
  return { units: units.length, agreed, disagreements: units.length - agreed, open, agreedNotCurated, curated, rejected: rej };
}

/**
 * The index of the next unit after `from` (or before it, `step` -1) that `wanted` accepts,
 * wrapping around; -1 when none does. `from` -1 starts before the first unit.
 */
export function findUnit(units: readonly CurationUnit[], from: number, step: 1 | -1, wanted: (u: CurationUnit) => boolean): number {
  const n = units.length;
  if (!n) return -1;
  const begin = from < 0 ? (step === 1 ? -1 : n) : from;
  for (let k = 1; k <= n; k++) {
    const i = (((begin + k * step) % n) + n) % n;
    if (wanted(units[i]!)) return i;
  }
  return -1;
}
