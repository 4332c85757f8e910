/**
 * Validation of a whole article document against the schema and the sources, collecting every
 * problem with a message a person can act on. Operations check the same rules one at a time
 * (`operations.ts`); this is for files read from disk and imported data.
 */

import type { ArticleDoc, Source } from '../model/types.js';
import { checkEvent, checkLink, checkSpan, OperationError, type ProjectState } from './operations.js';
import type { ProjectSchema } from '../model/schema.js';

/** One problem in a document. */
export type ValidationIssue = { spanId?: string; linkId?: string; eventId?: string; message: string };

/** Every problem in `doc`: spans out of range or not matching the text, bad links, unknown labels. */
export function validateDoc(doc: ArticleDoc, schema: ProjectSchema, sources: Readonly<Record<string, Source>>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const state: ProjectState = { schema, sources, docs: { [doc.article.id]: doc } };
  const seen = new Set<string>();
  const guard = (where: Omit<ValidationIssue, 'message'>, check: () => void): void => {
    try {
      check();
    } catch (e) {
      if (!(e instanceof OperationError)) throw e;
      issues.push({ ...where, message: e.message });
    }
  };
  for (const span of doc.spans) {
    if (seen.has(span.id)) issues.push({ spanId: span.id, message: `Span id ${span.id} is used twice.` });
    seen.add(span.id);
    guard({ spanId: span.id }, () => checkSpan(state, doc, span));
  }
  doc.links.forEach((link, i) => {
    const before = { ...doc, links: doc.links.slice(0, i) };
    guard({ linkId: link.id }, () => checkLink(state, before, link));
    if (link.event !== undefined && !(doc.events ?? []).some((e) => e.id === link.event)) issues.push({ linkId: link.id, message: `Link ${link.id} belongs to event ${link.event}, which does not exist.` });
  });
  const events = new Set<string>();
  for (const ev of doc.events ?? []) {
    if (events.has(ev.id)) issues.push({ eventId: ev.id, message: `Event id ${ev.id} is used twice.` });
    events.add(ev.id);
    guard({ eventId: ev.id }, () => checkEvent(state, doc, ev));
  }
  return issues;
}

/**
 * The issues as one readable paragraph, for an error message: each different message once (with
 * how many times it occurs, `(×12)`, when more than once), at most `max` different ones.
 */
export function formatIssues(issues: readonly ValidationIssue[], max = 5): string {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.message, (counts.get(i.message) ?? 0) + 1);
  const distinct = [...counts];
  return distinct.slice(0, max).map(([m, n]) => (n > 1 ? `${m} (×${n})` : m)).join(' ') + (distinct.length > max ? ` (and ${distinct.length - max} more)` : '');
}
