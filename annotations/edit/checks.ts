/**
 * The checks an operation makes before it changes anything: fragments, spans, links and events
 * against the text, the schema and the sources. Each throws {@link OperationError} with a message
 * a person can act on. Also used by `validate.ts` to check whole documents.
 */

import type { AnnotationEvent, ArticleDoc, Link, Span } from '../model/types.js';
import { failOperation, type ArticlePatch, type ProjectState } from './operation-types.js';
import { eventTypeDef, labelDef, linkTypeDef } from '../model/schema.js';
import { isWebLink } from '../model/limits.js';

/** The longest title an article's details accept, in UTF-16 code units. */
export const TITLE_MAX = 500;
/** A publication date: ISO 8601, a year, a month or a day, optionally with a time. */
const ISO_DATE = /^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** Checks an article patch: a title that is not blank, a date in ISO 8601, an http(s) link. */
export function checkArticlePatch(patch: ArticlePatch): void {
  if (patch.title !== undefined) {
    if (!patch.title.trim()) failOperation('An article needs a title.');
    if (patch.title.length > TITLE_MAX) failOperation(`A title is at most ${TITLE_MAX} characters (this one has ${patch.title.length}).`);
  }
  const m = patch.metadata ?? {};
  if (m.published != null && !ISO_DATE.test(m.published)) failOperation(`"${m.published}" is not a date like 2022-11-11.`);
  if (m.url != null && !isWebLink(m.url)) failOperation(`"${m.url}" is not a web address (http:// or https://).`);
}


/** Checks fragments: in range, non-empty, ascending, not overlapping, not splitting a character. */
export function checkFragments(text: string, fragments: readonly { start: number; end: number }[]): void {
  if (fragments.length === 0) failOperation('A span needs at least one fragment.');
  let prevEnd = -1;
  for (const f of fragments) {
    if (!Number.isInteger(f.start) || !Number.isInteger(f.end)) failOperation(`Offsets ${f.start}–${f.end} are not whole numbers.`);
    if (f.start < 0 || f.end > text.length) failOperation(`Fragment ${f.start}–${f.end} is outside the text (0–${text.length}).`);
    if (f.end <= f.start) failOperation(`Fragment ${f.start}–${f.end} is empty or reversed.`);
    if (f.start < prevEnd) failOperation(`Fragments must be in order and must not overlap (${f.start} < ${prevEnd}).`);
    for (const o of [f.start, f.end]) {
      const c = text.charCodeAt(o);
      if (c >= 0xdc00 && c <= 0xdfff && o > 0 && text.charCodeAt(o - 1) >= 0xd800 && text.charCodeAt(o - 1) <= 0xdbff) {
        failOperation(`Offset ${o} splits a character (a surrogate pair).`);
      }
    }
    prevEnd = f.end;
  }
}

export function checkSpan(state: ProjectState, doc: ArticleDoc, span: Span): void {
  const label = labelDef(state.schema, span.label) ?? failOperation(`The schema has no label "${span.label}".`);
  checkFragments(doc.article.text, span.fragments);
  if (!span.orphaned) {
    for (const f of span.fragments) {
      const actual = doc.article.text.slice(f.start, f.end);
      if (actual !== f.text) failOperation(`Fragment ${f.start}–${f.end} says "${f.text}" but the text there is "${actual}".`);
    }
  }
  for (const [name, value] of Object.entries(span.attributes)) {
    const def = label.attributes.find((a) => a.name === name) ?? failOperation(`Label ${label.name} has no attribute "${name}".`);
    if (!def.values.includes(value)) failOperation(`"${value}" is not a value of ${label.name}'s ${name} (${def.values.join(', ')}).`);
  }
  if (span.sourceId !== undefined && !state.sources[span.sourceId]) failOperation(`Source ${span.sourceId} does not exist.`);
}

export function checkLink(state: ProjectState, doc: ArticleDoc, link: Link, spans = doc.spans): void {
  const type = linkTypeDef(state.schema, link.type) ?? failOperation(`The schema has no link type "${link.type}".`);
  if (link.type !== type.name) failOperation(`Link type "${link.type}" should be written "${type.name}".`);
  const from = spans.find((s) => s.id === link.from) ?? failOperation(`Link ${link.id} starts at span ${link.from}, which does not exist.`);
  const to = spans.find((s) => s.id === link.to) ?? failOperation(`Link ${link.id} ends at span ${link.to}, which does not exist.`);
  if (!type.from.includes(from.label) || !type.to.includes(to.label)) {
    failOperation(`A ${type.name} link goes from ${type.from.join('/')} to ${type.to.join('/')}, not from ${from.label} to ${to.label}.`);
  }
  if (doc.links.some((l) => l.id === link.id)) failOperation(`Link ${link.id} already exists.`);
  if (doc.links.some((l) => l.type === link.type && l.from === link.from && l.to === link.to)) {
    failOperation(`These two spans are already linked by ${link.type}.`);
  }
}

/** Checks an event: a declared type, its roles, and spans that exist. */
export function checkEvent(state: ProjectState, doc: ArticleDoc, ev: AnnotationEvent, spans = doc.spans): void {
  const type = eventTypeDef(state.schema, ev.type) ?? failOperation(`The schema has no event type "${ev.type}".`);
  const has = (id: string) => spans.some((s) => s.id === id);
  if (ev.trigger !== undefined) {
    const trigger = spans.find((s) => s.id === ev.trigger) ?? failOperation(`Event ${ev.id} is triggered by span ${ev.trigger}, which does not exist.`);
    if (type.triggers.length && !type.triggers.includes(trigger.label)) failOperation(`A ${type.name} event is triggered by ${type.triggers.join('/')}, not by ${trigger.label}.`);
  }
  if (ev.trigger === undefined && ev.args.length === 0) failOperation(`Event ${ev.id} has neither a trigger nor arguments.`);
  for (const a of ev.args) {
    if (!type.roles.includes(a.role)) failOperation(`A ${type.name} event has no role "${a.role}" (its roles: ${type.roles.join(', ') || 'none'}).`);
    if (!has(a.spanId)) failOperation(`Event ${ev.id}'s ${a.role} is span ${a.spanId}, which does not exist.`);
  }
}
