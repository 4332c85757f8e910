/**
 * Ranks sources for the source picker: the span's current source first, then those whose name or
 * alias matches the query (a name before an alias, exact before prefix before inside), those
 * mentioned in the open article ahead within each level. Pure; changes nothing.
 */
import type { Source, Span } from '../model/types.js';

/**
 * How well `source` matches `query` (trimmed, case-insensitive): 5 its name is the query, 4 an
 * alias is, 3 a name or alias starts with it, 2 one contains it, 1 one contains a word of it
 * (longer than two letters), 0 no match. An empty query matches every source at 1.
 */
export function matchLevel(source: Source, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const name = source.name.toLowerCase();
  const names = [name, ...source.aliases.map((a) => a.toLowerCase())];
  if (name === q) return 5;
  if (names.includes(q)) return 4;
  if (names.some((n) => n.startsWith(q))) return 3;
  if (names.some((n) => n.includes(q))) return 2;
  return q.split(/\s+/).some((w) => w.length > 2 && names.some((n) => n.includes(w))) ? 1 : 0;
}

/** A match good enough to be pre-selected for a mention's text: its name or an alias starts with it. */
export const isStrongMatch = (source: Source, query: string): boolean => matchLevel(source, query) >= 3;

/**
 * Sources ranked for the picker: the matching ones, `current` (the span's source) first when it
 * matches, then by {@link matchLevel}, those mentioned in `spans` (the open article) ahead within
 * a level, then by name.
 */
export function rankSources(sources: readonly Source[], spans: readonly Span[], query: string, current?: string): Source[] {
  const here = new Set(spans.map((s) => s.sourceId).filter(Boolean));
  const score = (s: Source): number => {
    const match = matchLevel(s, query);
    return match === 0 ? 0 : (s.id === current ? 100 : 0) + match * 10 + (here.has(s.id) ? 5 : 0);
  };
  return sources.map((s) => ({ s, k: score(s) })).filter((x) => x.k > 0).sort((a, b) => b.k - a.k || a.s.name.localeCompare(b.s.name)).map((x) => x.s);
}
