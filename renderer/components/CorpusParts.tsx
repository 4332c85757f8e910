/** What the corpus pages share (issue 21): reading their data, links to places in articles, the outlet and date filters, a row of quotes and claims. */
import { useEffect, useState } from 'react';
import type { ApiParams, ApiResults, AttributedItem, CorpusChoices } from '../../app/api/contract.js';
import type { Workbench } from '../state/workbench.js';
import { jumpTo, loadCorpus } from '../state/corpus.js';
import { useWorkbench } from './hooks.js';

type Method = Parameters<typeof loadCorpus>[1];

/** A corpus Api call's result, read again when its parameters change and after changes to the list (edits, imports). */
export function useCorpusData<M extends Method>(wb: Workbench, method: M, params: ApiParams<M>): { data: ApiResults[M] | null; error: string | null; reload: () => void } {
  const { list } = useWorkbench(wb);
  const [data, setData] = useState<ApiResults[M] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(params);
  useEffect(() => {
    let live = true;
    loadCorpus(wb, method, JSON.parse(key) as ApiParams<M>).then((d) => live && (setData(d), setError(null)), (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [wb, method, key, list, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

/** A link to a place in an article: opens it there (the span selected when given). */
export function PlaceLink({ wb, at, children }: { wb: Workbench; at: { articleId: string; start: number; end: number; spanId?: string | undefined }; children: React.ReactNode }) {
  return (
    <a href={`#/articles/${at.articleId}`} onClick={(e) => {
      e.preventDefault();
      void jumpTo(wb, at);
    }}>{children}</a>
  );
}

/** The outlet and date filters every corpus page has. */
export type CorpusFilterValue = { outlet?: string; from?: string; to?: string };

export function CorpusFilters({ choices, value, onChange, children }: { choices: CorpusChoices | undefined; value: CorpusFilterValue; onChange: (v: CorpusFilterValue) => void; children?: React.ReactNode }) {
  const set = (k: keyof CorpusFilterValue, v: string) => {
    const { [k]: _old, ...rest } = value;
    onChange(v ? { ...rest, [k]: v } : rest);
  };
  return (
    <div className="corpus-filters" role="group" aria-label="Filters">
      <label>Outlet <select value={value.outlet ?? ''} onChange={(e) => set('outlet', e.target.value)}>
        <option value="">All</option>
        {choices?.outlets.map((o) => <option key={o} value={o}>{o}</option>)}
      </select></label>
      <label>From <input type="date" value={value.from ?? ''} min={choices?.dates.first} max={choices?.dates.last} onChange={(e) => set('from', e.target.value)} /></label>
      <label>To <input type="date" value={value.to ?? ''} min={choices?.dates.first} max={choices?.dates.last} onChange={(e) => set('to', e.target.value)} /></label>
      {children}
    </div>
  );
}

/** One row of a list of quotes and claims: text, (with `sourceNames`) its speaker's source, article, date, verdict; a link to its place. */
export function ItemRow({ wb, item, sourceNames }: { wb: Workbench; item: AttributedItem; sourceNames?: ReadonlyMap<string, string> }) {
  return (
    <tr data-span-id={item.spanId}>
      <td>{item.kind === 'quote' ? `Quote${item.quoteType ? ` (${item.quoteType.toLowerCase()})` : ''}` : 'Claim'}</td>
      <td className="item-text" dir="auto"><PlaceLink wb={wb} at={item}>{item.text}</PlaceLink></td>
      {sourceNames && (
        <td>
          {item.sourceId ? <a href={`#/sources/${item.sourceId}`}>{sourceNames.get(item.sourceId) ?? item.sourceId}</a> : <span className="muted">no source</span>}
          {item.speaker ? <small className="muted">“{item.speaker}”</small> : null}
        </td>
      )}
      <td dir="auto">{item.title}{item.outlet ? <small className="muted">{item.outlet}</small> : null}</td>
      <td className="date">{item.published?.slice(0, 10) ?? ''}</td>
      <td>{item.kind === 'claim' ? [item.verdict ?? 'not checked', item.checkWorthy ? `check-worthy: ${item.checkWorthy}` : ''].filter(Boolean).join(' · ') : ''}</td>
    </tr>
  );
}

