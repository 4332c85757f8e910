/**
 * A {@link Proposal} turned into Sourcemark's spans and links: origin `suggested`, annotator
 * {@link SUGGESTER}, ids from the caller, and never a span the article already has (the same
 * label overlapping an existing span) or one a person rejected (its {@link spanKey}). A
 * suggested span is pending while its annotator is the suggester; accepting it gives it to the
 * person and keeps `origin: 'suggested'` as the record of where it came from.
 */

import type { ArticleDoc, Link, Span } from '../model/types.js';
import type { IdSource } from '../model/ids.js';
import { makeFragment } from '../text/fragments.js';
import { overlaps, spanKey } from '../analysis/match.js';
import type { Proposal } from './proposal.js';

/** The annotator of pending suggestions (their layer). */
export const SUGGESTER = 'suggestions';

/** True for a suggestion nobody has accepted yet. */
export const isPendingSuggestion = (s: Pick<Span, 'origin' | 'annotator'>): boolean => s.origin === 'suggested' && s.annotator === SUGGESTER;

/** A link between two pending suggestions, or from or to one. */
export const touchesPending = (l: Link, pending: ReadonlySet<string>): boolean => pending.has(l.from) || pending.has(l.to);

export type BuildOptions = {
  newId: IdSource;
  now: string;
  /** Span keys ({@link spanKey}) a person rejected on this article. */
  rejected?: ReadonlySet<string>;
};

/**
 * The spans and links of `proposal` that `doc` does not have yet. A proposed span that overlaps
 * an existing span of the same label is not added; links to it go to that span instead (so a
 * suggested quote can hang on a speaker the person marked).
 */
export function buildSuggestions(doc: ArticleDoc, proposal: Proposal, opts: BuildOptions): { spans: Span[]; links: Link[] } {
  const text = doc.article.text;
  const ids: (string | undefined)[] = [];
  const spans: Span[] = [];
  const existing = doc.spans.filter((s) => !s.orphaned);
  for (const p of proposal.spans) {
    const probe = { label: p.label, fragments: p.fragments.map((f) => makeFragment(text, f.start, f.end)) };
    const already = existing.find((s) => s.label === p.label && overlaps(s, probe));
    if (already) {
      ids.push(isPendingSuggestion(already) ? undefined : already.id);
      continue;
    }
    if (opts.rejected?.has(spanKey(probe)) || spans.some((s) => s.label === p.label && overlaps(s, probe))) {
      ids.push(undefined);
      continue;
    }
    const id = opts.newId('s');
    ids.push(id);
    spans.push({
      id, label: p.label, fragments: probe.fragments, attributes: { ...p.attributes },
      annotator: SUGGESTER, origin: 'suggested', createdAt: opts.now, updatedAt: opts.now,
    });
  }
  const fresh = new Set(spans.map((s) => s.id));
  const links: Link[] = [];
  for (const l of proposal.links) {
    const from = ids[l.from];
    const to = ids[l.to];
    if (!from || !to || (!fresh.has(from) && !fresh.has(to))) continue;
    if (doc.links.some((x) => x.type === l.type && x.from === from && x.to === to)) continue;
    links.push({ id: opts.newId('l'), type: l.type, from, to, annotator: SUGGESTER, createdAt: opts.now });
  }
  return { spans, links };
}

/** `doc` without its pending suggestions and the links that touch them (what an export writes by default). */
export function withoutSuggestions(doc: ArticleDoc): ArticleDoc {
  const pending = new Set(doc.spans.filter(isPendingSuggestion).map((s) => s.id));
  if (!pending.size) return doc;
  return { ...doc, spans: doc.spans.filter((s) => !pending.has(s.id)), links: doc.links.filter((l) => !touchesPending(l, pending)), events: doc.events.filter((e) => !e.args.some((a) => pending.has(a.spanId))) };
}
