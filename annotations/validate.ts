/**
 * Validation of a whole article document against the schema and the sources, collecting every
 * problem with a message a person can act on. Operations check the same rules one at a time
 * (`operations.ts`); this is for files read from disk and imported data.
 */

import type { ArticleDoc, Source } from './model.js';
import { checkLink, checkSpan, OperationError, type ProjectState } from './operations.js';
import type { ProjectSchema } from './schema.js';

/** One problem in a document. */
export type ValidationIssue = { spanId?: string; linkId?: string; message: string };

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
  });
  return issues;
}

/** The issues as one readable paragraph, for an error message. */
export const formatIssues = (issues: readonly ValidationIssue[], max = 5): string =>
  issues.slice(0, max).map((i) => i.message).join(' ') + (issues.length > max ? ` (and ${issues.length - max} more)` : '');
