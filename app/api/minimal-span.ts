/**
 * The minimal span (issue 19): a script may send `addSpan` with only `{label, fragments:
 * [{start, end}]}` (an `id`, `attributes`, `sourceId`, `note` and `layer` optional); this fills
 * in what the saved format needs from the article itself: each fragment's text and context
 * (`makeFragment`), an id, the annotator, origin `manual` and the times. It runs before the
 * payload is checked by the Api's schema, so what it makes is checked like any span (offsets in
 * the text, fragments in order, the label in the schema); a full span passes unchanged.
 *
 * Must not: trust the text or context a payload sends with a minimal span (they come from the
 * article), nor fill in anything for an operation other than `addSpan`.
 */

import { makeFragment, randomId, type ArticleDoc } from '../../annotations/index.js';
import { UserError } from '../errors.js';

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a fragment lacks its text or context (so it is filled from the article). */
const minimalFragment = (f: unknown): boolean => isObject(f) && (typeof f.text !== 'string' || typeof f.prefix !== 'string' || typeof f.suffix !== 'string');

/** True when the span needs filling in: a fragment without its text, or no id, times, origin or attributes. */
function isMinimal(span: Loose): boolean {
  return !Array.isArray(span.fragments) || span.fragments.some(minimalFragment) || typeof span.id !== 'string' ||
    typeof span.createdAt !== 'string' || typeof span.updatedAt !== 'string' || typeof span.origin !== 'string' || !isObject(span.attributes) || typeof span.annotator !== 'string';
}

/**
 * `op` (as it arrived, unchecked) with every minimal span of its `addSpan` operations (batches
 * included) completed from its article. `article` loads an article by id; `annotator` is who
 * makes the change.
 */
export async function completeMinimalSpans(op: unknown, opts: { article: (id: string) => Promise<ArticleDoc>; annotator: string; now?: () => Date }): Promise<unknown> {
  const now = (opts.now ?? (() => new Date()))().toISOString();
  const walk = async (o: unknown, depth: number): Promise<unknown> => {
    if (!isObject(o) || depth > 64) return o;
    if (o.op === 'batch' && Array.isArray(o.ops)) {
      const ops: unknown[] = [];
      for (const child of o.ops) ops.push(await walk(child, depth + 1));
      return { ...o, ops };
    }
    if (o.op !== 'addSpan' || !isObject(o.span) || typeof o.articleId !== 'string' || !isMinimal(o.span)) return o;
    const span = o.span;
    if (!Array.isArray(span.fragments) || !span.fragments.length) throw new UserError('bad-request', 'A span needs "fragments": a list of {start, end} offsets into the article\'s text.');
    const { text } = (await opts.article(o.articleId)).article;
    const fragments = span.fragments.map((f: unknown, i) => {
      if (!isObject(f) || !Number.isInteger(f.start) || !Number.isInteger(f.end)) throw new UserError('bad-request', `Fragment ${i} of the span needs whole-number "start" and "end" offsets (UTF-16 code units into the article's text).`);
      const start = f.start as number;
      const end = f.end as number;
      if (start < 0 || end <= start || end > text.length) throw new UserError('bad-request', `Fragment ${i} of the span (${start}–${end}) is not inside the article's text (0–${text.length}) or is empty.`);
      return minimalFragment(f) ? makeFragment(text, start, end) : f;
    });
    return {
      ...o,
      span: {
        attributes: {}, origin: 'manual', createdAt: now, updatedAt: now, ...span,
        id: typeof span.id === 'string' ? span.id : randomId('s'), annotator: opts.annotator, fragments,
      },
    };
  };
  return walk(op, 0);
}
