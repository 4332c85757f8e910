/**
 * Attributions: who (source) said what (content), introduced by which reporting word (cue), the
 * core unit of source attribution (PARC, PolNeAR). A document holds them in two ways: as events
 * (`ArticleDoc.events`, brat's `E1	Attribution:T1 Source:T2 Cue:T3 Content:T4`), and as link
 * chains made in the app (`said-by`, `claimed-by`, `cue-of` around a Quote or Claim).
 * {@link attributionsOf} lists both, once each, for exporters that write a record per
 * attribution. Pure; it must not decide anything about storage.
 */
import type { AnnotationEvent, ArticleDoc, Link, Span } from './types.js';

/** One attribution, its parts as spans of the document. */
export type Attribution = {
  /** The event's id, or the content span's id for a link chain. */
  id: string;
  /** The event type (`Attribution`), or `links` for a link chain. */
  type: string;
  /** Set when the attribution is an event. */
  eventId?: string;
  trigger?: Span;
  source?: Span;
  cue?: Span;
  content?: Span;
  /** Every argument by role (events), or `source`/`cue`/`content` (link chains). */
  args: { role: string; span: Span }[];
  /** The links that stand for it (an event's derived links, or the chain's links). */
  linkIds: string[];
};

const SOURCE_ROLE = /^(source|speaker|sayer|agent|attributee|holder)\d*$/i;
const CUE_ROLE = /^(cue|trigger|verb)\d*$/i;
const CONTENT_ROLE = /^(content|quote|message|claim|statement|proposition)\d*$/i;

/**
 * Every attribution of a document: one per event (roles named Source/Speaker, Cue and
 * Content/Quote/Claim, or else arguments labelled Speaker, Cue, Quote/Claim; a trigger labelled
 * Cue is the cue), then one per Quote or Claim joined by links that belong to no event.
 */
export function attributionsOf(doc: ArticleDoc): Attribution[] {
  const byId = new Map(doc.spans.map((s) => [s.id, s]));
  const out: Attribution[] = [];
  for (const ev of doc.events ?? []) {
    const args = ev.args.flatMap((a) => {
      const span = byId.get(a.spanId);
      return span ? [{ role: a.role, span }] : [];
    });
    const trigger = ev.trigger ? byId.get(ev.trigger) : undefined;
    const pick = (role: RegExp, labels: string[]) => args.find((a) => role.test(a.role))?.span ?? args.find((a) => labels.includes(a.span.label))?.span;
    const cue = pick(CUE_ROLE, ['Cue']) ?? (trigger?.label === 'Cue' ? trigger : undefined);
    out.push({
      id: ev.id, type: ev.type, eventId: ev.id, ...(trigger ? { trigger } : {}),
      ...optional('source', pick(SOURCE_ROLE, ['Speaker'])), ...optional('cue', cue), ...optional('content', pick(CONTENT_ROLE, ['Quote', 'Claim'])),
      args, linkIds: doc.links.filter((l) => l.event === ev.id).map((l) => l.id),
    });
  }
  const own = doc.links.filter((l) => l.event === undefined);
  for (const content of doc.spans) {
    if (content.label !== 'Quote' && content.label !== 'Claim') continue;
    const said = own.find((l) => (l.type === 'said-by' || l.type === 'claimed-by') && l.from === content.id);
    const cueLink = own.find((l) => l.type === 'cue-of' && l.to === content.id);
    if (!said && !cueLink) continue;
    const source = said ? byId.get(said.to) : undefined;
    const cue = cueLink ? byId.get(cueLink.from) : undefined;
    out.push({
      id: content.id, type: 'links', content, ...optional('source', source), ...optional('cue', cue),
      args: [...(source ? [{ role: 'Source', span: source }] : []), ...(cue ? [{ role: 'Cue', span: cue }] : []), { role: 'Content', span: content }],
      linkIds: [said, cueLink].flatMap((l) => (l ? [l.id] : [])),
    });
  }
  return out;
}

const optional = <K extends string>(key: K, span: Span | undefined): Partial<Record<K, Span>> => (span ? ({ [key]: span } as Record<K, Span>) : {});

/**
 * A document's events and links restricted to the spans it holds (an export filtered by label
 * keeps some spans only): arguments and triggers of spans left out are dropped, an event left
 * with nothing is dropped, and a link whose event was dropped no longer names it. The document
 * itself when nothing is left out.
 */
export function withinSpans(doc: ArticleDoc): { events: AnnotationEvent[]; links: Link[] } {
  const events = doc.events ?? [];
  const has = new Set(doc.spans.map((s) => s.id));
  if (events.every((e) => (e.trigger === undefined || has.has(e.trigger)) && e.args.every((a) => has.has(a.spanId)))) return { events, links: doc.links };
  const kept = events.flatMap((e): AnnotationEvent[] => {
    const { trigger, ...rest } = e;
    const next: AnnotationEvent = { ...rest, ...(trigger !== undefined && has.has(trigger) ? { trigger } : {}), args: e.args.filter((a) => has.has(a.spanId)) };
    return next.trigger !== undefined || next.args.length ? [next] : [];
  });
  const ids = new Set(kept.map((e) => e.id));
  const links = doc.links.map((l) => {
    if (l.event === undefined || ids.has(l.event)) return l;
    const { event: _e, ...rest } = l;
    return rest;
  });
  return { events: kept, links };
}
