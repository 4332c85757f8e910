/**
 * The links derived from an event: which links an event stands for, which of them the schema
 * allows, and a document with an event's derived links put in place (checked).
 */

import { checkLink } from './checks.js';
import type { AnnotationEvent, ArticleDoc, Link, Span } from '../model/types.js';
import { failOperation, type ProjectState } from './operation-types.js';
import { linkTypeDef, type ProjectSchema } from '../model/schema.js';


/**
 * The links an event stands for, as the app reads attributions from links: `said-by` (Quote →
 * Speaker), `cue-of` (Cue → Quote), `claimed-by` (Claim → Speaker) when its spans have those
 * labels; otherwise one link from its trigger to each argument, of type `<Type>-<Role>`
 * (brat's `Attribution-Source`). Types the schema lacks or that do not join those labels, and
 * links the document already has, are left out. Pure; ids are `<event id>-<n>`.
 */
export function eventLinkCandidates(ev: AnnotationEvent, spans: readonly Span[]): { type: string; from: Span; to: Span }[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  const args = ev.args.map((a) => ({ role: a.role, span: byId.get(a.spanId) })).filter((a): a is { role: string; span: Span } => !!a.span);
  const trigger = ev.trigger ? byId.get(ev.trigger) : undefined;
  const byLabel = (l: string): Span | undefined => args.find((a) => a.span.label === l)?.span;
  const quote = byLabel('Quote');
  const speaker = byLabel('Speaker');
  const claim = byLabel('Claim');
  const cue = byLabel('Cue') ?? (trigger?.label === 'Cue' ? trigger : undefined);
  const out: { type: string; from: Span; to: Span }[] = [];
  if (quote && speaker) out.push({ type: 'said-by', from: quote, to: speaker });
  if (quote && cue) out.push({ type: 'cue-of', from: cue, to: quote });
  if (claim && speaker) out.push({ type: 'claimed-by', from: claim, to: speaker });
  if (!quote && !claim && trigger) for (const a of args) if (a.span !== trigger) out.push({ type: `${ev.type}-${a.role}`, from: trigger, to: a.span });
  return out;
}

/** The derived links of an event (see {@link eventLinkCandidates}) that the schema allows. */
export function eventLinks(schema: ProjectSchema, ev: AnnotationEvent, spans: readonly Span[], others: readonly Link[] = []): Link[] {
  const out: Link[] = [];
  for (const c of eventLinkCandidates(ev, spans)) {
    const type = linkTypeDef(schema, c.type);
    if (!type || !type.from.includes(c.from.label) || !type.to.includes(c.to.label)) continue;
    if ([...others, ...out].some((l) => l.type === type.name && l.from === c.from.id && l.to === c.to.id)) continue;
    out.push({
      id: `${ev.id}-${out.length + 1}`, type: type.name, from: c.from.id, to: c.to.id, event: ev.id,
      ...(ev.annotator !== undefined ? { annotator: ev.annotator } : {}), ...(ev.createdAt !== undefined ? { createdAt: ev.createdAt } : {}),
    });
  }
  return out;
}

/** The document with an event's derived links replaced by `links` (or derived anew). */
export function withEventLinks(state: ProjectState, doc: ArticleDoc, ev: AnnotationEvent, links?: readonly Link[]): ArticleDoc {
  const others = doc.links.filter((l) => l.event !== ev.id);
  const derived = links ? [...links] : eventLinks(state.schema, ev, doc.spans, others);
  for (const l of derived) {
    if (l.event !== ev.id) failOperation(`Link ${l.id} does not belong to event ${ev.id}.`);
    checkLink(state, { ...doc, links: others }, l);
  }
  return { ...doc, links: [...others, ...derived] };
}
