/** Find in the article: where a query occurs in the text, case-insensitively. */
import { textOffset, type TextOffset } from '../model/offsets.js';

/**
 * Each occurrence of `query` in `text` as `[start, end)` (UTF-16 offsets into `text`), ignoring
 * case, not overlapping, in order; at most 10,000. Matched in the text itself (a case-insensitive
 * regular expression), not in a lower-cased copy: lower-casing can change a string's length
 * ("İ" becomes two code units), which would shift every hit after it.
 */
export function findHits(text: string, query: string): { start: TextOffset; end: TextOffset }[] {
  const hits: { start: TextOffset; end: TextOffset }[] = [];
  if (!query) return hits;
  const re = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
  for (let m = re.exec(text); m && hits.length < 10_000; m = re.exec(text)) hits.push({ start: textOffset(m.index), end: textOffset(m.index + m[0].length) });
  return hits;
}
