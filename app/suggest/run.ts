/**
 * Suggesting over a whole project (the command line's `suggest`): learns from the project's
 * annotations first (as the app does), then suggests article by article, either adding the
 * suggestions to the project (one undoable batch per article, annotator `suggestions`) or
 * appending them to a Sourcemark JSONL file (the `jsonl` export's lines) and leaving the project
 * unchanged. Resumable: an article that already has pending suggestions (or a line in the
 * output file) is skipped, so a run stopped with Ctrl+C picks up where it stopped.
 */

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { toDatasetLine, type ArticleDoc } from '../../annotations/index.js';
import { addSuggestionsOperation } from '../../annotations/suggest/accept.js';
import { isPendingSuggestion, SUGGESTER, withoutSuggestions } from '../../annotations/suggest/build.js';
import { UserError } from '../errors.js';
import type { ProjectStore } from '../store/project-store.js';
import { suggestService } from './service.js';

export type SuggestRunOptions = {
  articles?: readonly string[];
  /** Write the suggestions to this JSONL file instead of the project. */
  out?: string;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; current: string }) => void;
  /** Train on the calling thread instead of a worker (tests). */
  inline?: boolean;
};

export type SuggestRunResult = { articles: number; skipped: number; spans: number; links: number; cancelled: boolean; model: number | null };

/** The article ids already written to `out` (a run stopped half-way is resumed). */
function idsIn(out: string): Set<string> {
  if (!existsSync(out)) return new Set();
  const ids = new Set<string>();
  readFileSync(out, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const id = (JSON.parse(line) as { id?: unknown }).id;
      if (typeof id === 'string') ids.add(id);
    } catch {
      throw new UserError('bad-request', `${out}, line ${i + 1}: not a JSON line; it is left as it is (remove it, or name another --out)`);
    }
  });
  return ids;
}

export async function suggestProject(store: ProjectStore, opts: SuggestRunOptions = {}): Promise<SuggestRunResult> {
  const service = suggestService(store, opts.inline ? { train: 'inline' } : {});
  const all = store.allArticles().filter((r) => !r.damaged).map((r) => r.id);
  for (const id of opts.articles ?? []) if (!store.hasArticle(id)) throw new UserError('not-found', `Article ${id} does not exist in ${store.dir}.`);
  const ids = opts.articles?.length ? [...opts.articles] : all;
  if (!opts.out && store.readOnly) throw new UserError('forbidden', `${store.dir} is open read-only; use --out FILE to write suggestions elsewhere.`);
  await service.refresh();
  const written = opts.out ? idsIn(opts.out) : new Set<string>();
  const result: SuggestRunResult = { articles: 0, skipped: 0, spans: 0, links: 0, cancelled: false, model: service.currentModel()?.trainedOn.length ?? null };
  for (const [i, id] of ids.entries()) {
    if (opts.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    opts.onProgress?.({ done: i, total: ids.length, current: id });
    const doc = await store.getArticle(id);
    if (opts.out ? written.has(id) : doc.spans.some(isPendingSuggestion)) {
      result.skipped++;
      continue;
    }
    // Written elsewhere, the suggestions are the project's whole proposal, pending ones included.
    const built = service.propose(opts.out ? withoutSuggestions(doc) : doc);
    if (opts.out) {
      const only: ArticleDoc = { ...doc, spans: built.spans, links: built.links, events: [] };
      appendFileSync(opts.out, JSON.stringify(toDatasetLine(only, Object.fromEntries(store.sources.map((s) => [s.id, s])), 'codepoint', { schema: store.schema, attributions: true })) + '\n');
    } else {
      const op = addSuggestionsOperation(id, built);
      if (op) await store.apply(op, id, { annotator: SUGGESTER });
    }
    result.articles++;
    result.spans += built.spans.length;
    result.links += built.links.length;
  }
  if (!result.cancelled) opts.onProgress?.({ done: ids.length, total: ids.length, current: '' });
  return result;
}
