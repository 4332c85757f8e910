/** Builders for model tests: a small article, a state, spans made with deterministic ids. */
import {
  counterIds, createArticle, defaultSchema, emptyDoc, makeFragment,
  type ArticleDoc, type IdSource, type ProjectState, type Source, type Span,
} from '../../annotations/index.js';

export const NOW = '2026-01-01T00:00:00.000Z';
export const ctx = { now: NOW };

export function docOf(text: string, id = 'a-1'): ArticleDoc {
  return emptyDoc(createArticle({ id, title: 'Test', text, provenance: { origin: 'test', importedAt: NOW } }));
}

export function stateOf(...docs: ArticleDoc[]): ProjectState {
  return { schema: defaultSchema(), sources: {}, docs: Object.fromEntries(docs.map((d) => [d.article.id, d])) };
}

export function spanOf(text: string, label: string, ranges: [number, number][], ids: IdSource = counterIds(), extra: Partial<Span> = {}): Span {
  return {
    id: ids('s'), label, fragments: ranges.map(([s, e]) => makeFragment(text, s, e)), attributes: {},
    annotator: 'tester', origin: 'manual', createdAt: NOW, updatedAt: NOW, ...extra,
  };
}

export const sourceOf = (id: string, name: string, extra: Partial<Source> = {}): Source => ({ id, name, kind: 'person', aliases: [], ...extra });

/** Finds the offsets of `needle` (the n-th occurrence) in `text`. */
export function at(text: string, needle: string, n = 0): [number, number] {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return [i, i + needle.length];
}
