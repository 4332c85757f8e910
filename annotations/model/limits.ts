/**
 * Limits per article: how much text and how many annotations one article may hold. They keep a
 * hostile or broken file (a brat `.ann` with 300,000 identical spans is ~1 GB in the store) from
 * making a project slow to open or impossible to save. Import refuses a document beyond them
 * (naming the file and the limit), and so does an Api `apply` whose result would exceed them;
 * articles already on disk are never refused for them.
 *
 * The figures leave wide room over real work: the editor is measured with 5,000 spans on a
 * 100,000-word article (README, Benchmarks), news articles run to a few hundred spans, and the
 * text limit is the Api's `importText` payload cap. Pure: no I/O.
 */

import { changedRun } from './changed.js';

export const ARTICLE_LIMITS = {
  /** Characters (UTF-16 code units) of article text. */
  textLength: 10_000_000,
  /** Spans in one article. */
  spans: 50_000,
  /** Fragments in one span. */
  fragmentsPerSpan: 1_000,
  /** Links in one article. */
  links: 50_000,
  /** Events (attributions) in one article. */
  events: 50_000,
  /** Characters of one note (on a span or an event). */
  noteLength: 10_000,
} as const;

export type ArticleLimit = keyof typeof ARTICLE_LIMITS;

/** A set of limits (tests pass smaller ones). */
export type ArticleLimits = Record<ArticleLimit, number>;

/** The shape the limits look at: any article document, old or new. */
type Limited = {
  article: { text: string };
  spans: readonly { id: string; label: string; fragments: readonly { text: string }[]; note?: string | undefined }[];
  links: readonly unknown[];
  events?: readonly { id: string; note?: string | undefined }[] | undefined;
};

const n = (x: number): string => x.toLocaleString('en-US');

/** A span as a person finds it: its label and the start of its text (ids are generated on import). */
const spanName = (s: Limited['spans'][number]): string => {
  const t = s.fragments.map((f) => f.text).join(' … ');
  return `the ${s.label} span ${JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t)}`;
};

/**
 * The first limit `doc` exceeds, in words (`the article has 300,000 spans; the limit is 50,000
 * per article`), or undefined when it is within all of them. With `before` (the same article
 * before a change), only what the change made larger counts: an article that was already over
 * a limit can still be edited, as long as the edit does not add to what is over.
 */
export function articleLimitProblem(doc: Limited, before?: Limited, limits: ArticleLimits = ARTICLE_LIMITS): string | undefined {
  const over = (now: number, was: number | undefined, limit: number) => now > limit && (was === undefined || now > was);
  if (over(doc.article.text.length, before?.article.text.length, limits.textLength)) return `the text is ${n(doc.article.text.length)} characters long; the limit is ${n(limits.textLength)} per article`;
  if (over(doc.spans.length, before?.spans.length, limits.spans)) return `the article has ${n(doc.spans.length)} spans; the limit is ${n(limits.spans)} per article`;
  if (over(doc.links.length, before?.links.length, limits.links)) return `the article has ${n(doc.links.length)} links; the limit is ${n(limits.links)} per article`;
  const events = doc.events ?? [];
  if (over(events.length, before && (before.events ?? []).length, limits.events)) return `the article has ${n(events.length)} events; the limit is ${n(limits.events)} per article`;
  // Spans and events kept as they were (the same objects) were checked when they were made.
  const spans = before ? changedRun(before.spans, doc.spans) : { before: [], after: doc.spans };
  const oldSpans = before ? new Map(spans.before.map((s) => [s.id, s])) : undefined;
  for (const s of spans.after) {
    const old = oldSpans?.get(s.id);
    const known = oldSpans !== undefined && old !== undefined;
    if (over(s.fragments.length, known ? old.fragments.length : undefined, limits.fragmentsPerSpan)) return `${spanName(s)} has ${n(s.fragments.length)} fragments; the limit is ${n(limits.fragmentsPerSpan)} per span`;
    if (over(s.note?.length ?? 0, known ? old.note?.length ?? 0 : undefined, limits.noteLength)) return `the note on ${spanName(s)} is ${n(s.note!.length)} characters long; the limit is ${n(limits.noteLength)}`;
  }
  const changedEvents = before ? changedRun(before.events ?? [], events) : { before: [], after: events };
  const oldEvents = before ? new Map(changedEvents.before.map((e) => [e.id, e])) : undefined;
  for (const e of changedEvents.after) {
    const old = oldEvents?.get(e.id);
    if (over(e.note?.length ?? 0, old ? old.note?.length ?? 0 : undefined, limits.noteLength)) return `the note on event ${e.id} is ${n(e.note!.length)} characters long; the limit is ${n(limits.noteLength)}`;
  }
  return undefined;
}

/**
 * True for an http: or https: link, the only kind an article's `metadata.url` may hold (never
 * `javascript:`, `data:`, `file:`, nor one with a space or a control character before it). A
 * scheme check, not full URL parsing: this layer has no `URL`; the importer parses links too.
 */
export const isWebLink = (u: string): boolean => /^https?:\/\/[^\s/?#\\]/i.test(u);

/**
 * Why `doc`'s link may not be stored (`its link "javascript:…" is not an http or https link`),
 * or undefined. With `before`, a link that did not change is let through (older files).
 */
export function articleLinkProblem(doc: { article: { metadata: { url?: string | undefined } } }, before?: { article: { metadata: { url?: string | undefined } } }): string | undefined {
  const url = doc.article.metadata.url;
  if (url === undefined || isWebLink(url) || url === before?.article.metadata.url) return undefined;
  return `its link ${JSON.stringify(url.slice(0, 80))} is not an http or https link`;
}
