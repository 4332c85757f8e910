/** Ranks sources for the source picker: matching names or aliases, those mentioned in the open article first. */
import type { Source, Span } from '../model/types.js';

/** Sources ranked for the picker: matching ones, those mentioned in `spans` (the open article) first. */
export function rankSources(sources: readonly Source[], spans: readonly Span[], query: string): Source[] {
  const q = query.trim().toLowerCase();
  const here = new Set(spans.map((s) => s.sourceId).filter(Boolean));
  const score = (s: Source): number => {
    const names = [s.name, ...s.aliases].map((n) => n.toLowerCase());
    const match = !q ? 1 : names.some((n) => n === q) ? 4 : names.some((n) => n.startsWith(q)) ? 3 : names.some((n) => n.includes(q)) ? 2 : q.split(/\s+/).some((w) => w.length > 2 && names.some((n) => n.includes(w))) ? 1 : 0;
    return match === 0 ? 0 : match * 10 + (here.has(s.id) ? 5 : 0);
  };
  return sources.map((s) => ({ s, k: score(s) })).filter((x) => x.k > 0).sort((a, b) => b.k - a.k || a.s.name.localeCompare(b.s.name)).map((x) => x.s);
}
