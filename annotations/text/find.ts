/** Find in the article: where a query occurs in the text, case-insensitively. */

/** Offsets of each occurrence of `query` in `text` (ignoring case, not overlapping), at most 10,000. */
export function findHits(text: string, query: string): { start: number; end: number }[] {
  const hits: { start: number; end: number }[] = [];
  const q = query.toLowerCase();
  if (q) {
    const hay = text.toLowerCase();
    for (let i = hay.indexOf(q); i !== -1 && hits.length < 10_000; i = hay.indexOf(q, i + q.length)) hits.push({ start: i, end: i + q.length });
  }
  return hits;
}
