/**
 * Curation's state beside the workbench store (issue 18): which unit of the open article is
 * current, and which disagreements were rejected (remembered per article in the page's
 * storage, so "next disagreement" skips them after a reload too), and the operation that
 * accepts a layer's version into the curated layer.
 *
 * Accepting never changes an annotator's layer: it adds copies (new ids, `layer: 'curated'`,
 * the curator as annotator) with the links between copied spans, and replaces what the curated
 * layer held in that unit, as one operation through the write path (so Ctrl+Z takes it back).
 * A rejection writes nothing to the project: it is the curator's note that the unit needs no
 * span in the curated layer.
 */
import {
  CURATED_LAYER, layerOf, randomId, type ArticleDoc, type IdSource, type Link, type Operation, type Span,
} from '../../annotations/index.js';
import { sameFragments } from '../../annotations/analysis/match.js';
import type { CurationUnit } from '../../annotations/analysis/curation-diff.js';
import type { PageEnv } from './workbench.js';

/** Where the rejected units of an article are kept in the page's storage (JSON array of unit keys). */
export const rejectedKey = (articleId: string): string => `sourcemark.curation.rejected.${articleId}`;

export type CurationState = {
  /** The key of the current unit (kept across changes: the unit's key does not change when it is curated). */
  current: string | null;
  /** The article whose rejections {@link rejected} holds. */
  articleId: string | null;
  rejected: ReadonlySet<string>;
  /** Set while the current unit's curated span is being adjusted (Shift+arrows). */
  editing: boolean;
};

/** Curation's state of one page: a value replaced on each change, with subscribers (for `useSyncExternalStore`). */
export class CurationStore {
  private state: CurationState = { current: null, articleId: null, rejected: new Set(), editing: false };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: PageEnv['storage']) {}

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  readonly get = (): CurationState => this.state;

  set(patch: Partial<CurationState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  /** Switches to `articleId`'s rejections (read from storage), once per article. */
  forArticle(articleId: string): void {
    if (this.state.articleId === articleId) return;
    let rejected = new Set<string>();
    try {
      const v = JSON.parse(this.storage.getItem(rejectedKey(articleId)) ?? '[]') as unknown;
      if (Array.isArray(v)) rejected = new Set(v.filter((x): x is string => typeof x === 'string'));
    } catch {
      // Unreadable: no rejection remembered.
    }
    this.set({ articleId, rejected, current: null, editing: false });
  }

  /** Rejects unit `key` (or takes the rejection back), remembered in storage. */
  toggleRejected(key: string): boolean {
    const rejected = new Set(this.state.rejected);
    const now = !rejected.delete(key);
    if (now) rejected.add(key);
    if (this.state.articleId) {
      try {
        this.storage.setItem(rejectedKey(this.state.articleId), JSON.stringify([...rejected]));
      } catch {
        // Storage full or refused: the rejection holds for this page only.
      }
    }
    this.set({ rejected });
    return now;
  }
}

const stores = new WeakMap<object, CurationStore>();

/** The curation state of a workbench's page (made on first use). */
export function curationOf(wb: { env: PageEnv }): CurationStore {
  let s = stores.get(wb);
  if (!s) stores.set(wb, (s = new CurationStore(wb.env.storage)));
  return s;
}

/** The curated span that covers exactly what `span` covers, with its label, if there is one. */
function curatedTwin(doc: ArticleDoc, span: Span): Span | undefined {
  return doc.spans.find((x) => layerOf(x) === CURATED_LAYER && x.label === span.label && sameFragments(x, span));
}

/**
 * The operation that makes `layer`'s version of `unit` the curated one: the curated spans of
 * the unit removed, copies of the layer's spans added (new ids, `layer: 'curated'`, the
 * curator as annotator, the source and attributes kept), and the layer's links of those spans
 * copied where the other end is copied too or already has a curated twin (links derived from
 * events are left out: they follow their event). Null when the layer has no version there.
 * Returns the ids of the new spans too.
 */
export function acceptOp(doc: ArticleDoc, unit: CurationUnit, layer: string, curator: string, now: string, ids: IdSource = randomId): { op: Operation; spanIds: string[] } | null {
  const version = unit.versions.find((v) => v.layer === layer);
  if (!version) return null;
  const articleId = doc.article.id;
  const ops: Operation[] = unit.curated.map((c) => ({ op: 'removeSpan', articleId, spanId: c.id }));
  const removed = new Set(unit.curated.map((c) => c.id));
  const copyOf = new Map<string, string>();
  const counterpart = (id: string): string | undefined => {
    const mapped = copyOf.get(id);
    if (mapped) return mapped;
    const original = doc.spans.find((x) => x.id === id);
    const twin = original && curatedTwin(doc, original);
    return twin && !removed.has(twin.id) ? twin.id : undefined;
  };
  const copiedLinks = new Set<string>();
  for (const s of version.spans) {
    const copy: Span = { ...s, id: ids('s'), layer: CURATED_LAYER, annotator: curator, createdAt: now, updatedAt: now };
    delete copy.updatedBy;
    copyOf.set(s.id, copy.id);
    const links: Link[] = [];
    for (const l of doc.links) {
      if (l.event !== undefined || copiedLinks.has(l.id) || (l.from !== s.id && l.to !== s.id)) continue;
      const from = counterpart(l.from);
      const to = counterpart(l.to);
      if (!from || !to) continue;
      if (doc.links.some((x) => layerOf(x) === CURATED_LAYER && x.type === l.type && x.from === from && x.to === to)) continue;
      copiedLinks.add(l.id);
      links.push({ ...l, id: ids('l'), from, to, layer: CURATED_LAYER, annotator: curator, createdAt: now });
    }
    ops.push({ op: 'addSpan', articleId, span: copy, ...(links.length ? { links } : {}) });
  }
  return { op: ops.length === 1 ? ops[0]! : { op: 'batch', ops }, spanIds: [...copyOf.values()] };
}

/** The operation that removes what the curated layer holds in `unit`; null when it holds nothing. */
export function clearOp(doc: ArticleDoc, unit: CurationUnit): Operation | null {
  const ops: Operation[] = unit.curated.map((c) => ({ op: 'removeSpan', articleId: doc.article.id, spanId: c.id }));
  return ops.length === 0 ? null : ops.length === 1 ? ops[0]! : { op: 'batch', ops };
}

/**
 * One operation accepting every agreed unit that is not curated yet (each annotator's version
 * is the same, source and attributes too; the first layer's is copied). Null when there is none.
 */
export function acceptAgreedOp(doc: ArticleDoc, units: readonly CurationUnit[], rejected: ReadonlySet<string>, curator: string, now: string, ids: IdSource = randomId): { op: Operation; count: number } | null {
  const ops: Operation[] = [];
  let working = doc;
  let count = 0;
  for (const u of units) {
    // The same text with another source or attributes is left to the curator.
    if (!u.agreed || u.detailsDiffer || u.curated.length || rejected.has(u.key)) continue;
    const r = acceptOp(working, u, u.versions[0]!.layer, curator, now, ids);
    if (!r) continue;
    count++;
    const added = r.op.op === 'batch' ? r.op.ops : [r.op];
    ops.push(...added);
    // Later units' links may reach the spans just copied: let them find their twins.
    const spans = added.flatMap((o) => (o.op === 'addSpan' ? [o.span] : []));
    const links = added.flatMap((o) => (o.op === 'addSpan' ? o.links ?? [] : []));
    working = { ...working, spans: [...working.spans, ...spans], links: [...working.links, ...links] };
  }
  return ops.length ? { op: ops.length === 1 ? ops[0]! : { op: 'batch', ops }, count } : null;
}
