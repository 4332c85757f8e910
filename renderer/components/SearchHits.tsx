/**
 * The article list's text hits (issue 21): while the search box has a query, the places in the
 * corpus it matches (article text, notes, source names; searchCorpus), each with its context; a
 * click opens the article there. The titles keep being filtered by the list itself.
 */
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../app/api/contract.js';
import type { Workbench } from '../state/workbench.js';
import { loadCorpus } from '../state/corpus.js';
import { PlaceLink } from './CorpusParts.js';

const FIELD: Record<SearchHit['field'], string> = { text: '', note: 'note', source: 'source', title: 'title' };

export function SearchHits({ wb, query }: { wb: Workbench; query: string }) {
  const [found, setFound] = useState<{ query: string; hits: SearchHit[]; articles: number } | null>(null);
  const q = query.trim();
  useEffect(() => {
    if (q.length < 2) return;
    let live = true;
    // Typing: ask once the keys pause.
    const timer = setTimeout(() => {
      // Refused (a team desk gives the corpus to curators only) or failed: the titles alone are shown.
      loadCorpus(wb, 'searchCorpus', { query: q, limit: 50 }).then((r) => live && setFound({ query: q, ...r }), () => live && setFound(null));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [wb, q]);
  if (q.length < 2 || !found || found.query !== q) return null;
  return (
    <section className="search-hits" aria-label="Matches in the text">
      <h2>In the text <small>{found.hits.length ? `${found.hits.length}${found.hits.length >= 50 ? '+' : ''} in ${found.articles} article${found.articles === 1 ? '' : 's'}` : 'no match'}</small></h2>
      <ul>
        {found.hits.map((h) => (
          <li key={`${h.articleId}:${h.start}:${h.end}:${h.field}`} data-article-id={h.articleId}>
            <PlaceLink wb={wb} at={h}>
              <span className="title" dir="auto">{h.title}</span>
              <span className="hit-context" dir="auto">
                {FIELD[h.field] ? <small className="muted">{FIELD[h.field]}: </small> : null}…{h.before.slice(-30)}<mark>{h.text}</mark>{h.after.slice(0, 30)}…
              </span>
            </PlaceLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
