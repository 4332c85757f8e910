/**
 * The corpus commands (issue 21): `sources <folder> [--json]`, every source with its counts, and
 * `search <folder> <query> [--json]`, the places in the articles a query matches. Both open the
 * project read-only and use the search index's cache (`.sourcemark/search-index.json`) where
 * it is current, reading only the articles it does not cover (it is not written from here).
 */

import { sourceTable } from '../../annotations/analysis/corpus.js';
import { CorpusIndex } from '../corpus/corpus-index.js';
import { ProjectStore } from '../store/project-store.js';
import { openingProgress, type Io } from './io.js';

async function withCorpus<T>(folder: string, io: Io, fn: (store: ProjectStore, corpus: CorpusIndex) => Promise<T>): Promise<T> {
  const store = await ProjectStore.open(folder, { onProgress: openingProgress(io), readOnly: true });
  if (store.problem) io.err(store.problem);
  try {
    const corpus = await CorpusIndex.open(store, { persist: false, watch: false });
    return await fn(store, corpus);
  } finally {
    await store.close();
  }
}

/** `sources`: `{id, name, kind, mentions, quotes, claims, articles}` per source, most mentioned first. */
export function sourcesCommand(folder: string, json: boolean, io: Io): Promise<number> {
  return withCorpus(folder, io, async (store, corpus) => {
    const rows = sourceTable(store.sources, corpus.all()).map((r) => ({ id: r.id, name: r.name, kind: r.kind, mentions: r.mentions, quotes: r.quotes, claims: r.claims, articles: r.articles }));
    if (json) io.out(JSON.stringify(rows, null, 2));
    else {
      if (!rows.length) io.out('The project has no sources.');
      const w = Math.max(4, ...rows.map((r) => r.name.length));
      if (rows.length) io.out(`${'name'.padEnd(w)}  kind          mentions  quotes  claims  articles  id`);
      for (const r of rows) io.out(`${r.name.padEnd(w)}  ${r.kind.padEnd(12)}  ${String(r.mentions).padStart(8)}  ${String(r.quotes).padStart(6)}  ${String(r.claims).padStart(6)}  ${String(r.articles).padStart(8)}  ${r.id}`);
    }
    return 0;
  });
}

/** `search`: `{articleId, start, end, text}` per hit (UTF-16 offsets into the article's text). */
export function searchCommand(folder: string, query: string, json: boolean, io: Io): Promise<number> {
  return withCorpus(folder, io, async (_store, corpus) => {
    const { hits } = await corpus.search(query, { limit: 10_000, articles: 10_000 });
    const placed = hits.filter((h) => h.field !== 'title');
    if (json) io.out(JSON.stringify(placed.map((h) => ({ articleId: h.articleId, start: h.start, end: h.end, text: h.text })), null, 2));
    else {
      if (!placed.length) io.out(`Nothing matches ${JSON.stringify(query)}.`);
      for (const h of placed) io.out(`${h.articleId} ${h.start}-${h.end}${h.field === 'text' ? '' : ` (${h.field})`}: …${h.before.replace(/\s+/g, ' ')}[${h.text}]${h.after.replace(/\s+/g, ' ')}…`);
    }
    return 0;
  });
}
