/**
 * The Sources page (issue 21): every source with its kind, role, aliases and counts,
 * sortable and filterable, exported as CSV; a source's own page lists every quote and claim
 * attributed to it, each a link to its place in the article.
 */
import { useMemo, useState } from 'react';
import { sourcesCsv, type SourceRow } from '../../annotations/analysis/corpus.js';
import type { ApiParams } from '../../app/api/contract.js';
import type { Workbench } from '../state/workbench.js';
import { download } from '../state/corpus.js';
import { CorpusFilters, ItemRow, useCorpusData, type CorpusFilterValue } from './CorpusParts.js';

type SortKey = 'name' | 'kind' | 'mentions' | 'quotes' | 'claims' | 'articles' | 'first' | 'last';
const COLUMNS: { key: SortKey; text: string; numeric?: boolean }[] = [
  { key: 'name', text: 'Source' }, { key: 'kind', text: 'Kind' }, { key: 'mentions', text: 'Mentions', numeric: true },
  { key: 'quotes', text: 'Quotes', numeric: true }, { key: 'claims', text: 'Claims', numeric: true }, { key: 'articles', text: 'Articles', numeric: true },
  { key: 'first', text: 'First' }, { key: 'last', text: 'Last' },
];

function sortRows(rows: SourceRow[], key: SortKey, descending: boolean): SourceRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * c || a.name.localeCompare(b.name);
  });
}

export function SourcesPage({ wb }: { wb: Workbench }) {
  const [filter, setFilter] = useState<CorpusFilterValue & { kind?: string; label?: string }>({});
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'mentions', descending: true });
  const [name, setName] = useState('');
  const { data, error } = useCorpusData(wb, 'corpusSources', filter as ApiParams<'corpusSources'>);
  const rows = useMemo(() => {
    const needle = name.trim().toLowerCase();
    const shown = (data?.rows ?? []).filter((r) => !needle || [r.name, ...r.aliases, r.role ?? ''].some((x) => x.toLowerCase().includes(needle)));
    return sortRows(shown, sort.key, sort.descending);
  }, [data, name, sort]);
  const pick = (k: 'kind' | 'label', v: string) => {
    const { [k]: _old, ...rest } = filter;
    setFilter(v ? { ...rest, [k]: v } : rest);
  };
  return (
    <section className="corpus-section">
      <div className="corpus-head">
        <h1 tabIndex={-1}>Sources</h1>
        <span className="corpus-count" role="status">{data ? `${rows.length} of ${data.rows.length} sources` : 'Loading…'}</span>
        <button type="button" disabled={!rows.length} onClick={() => download('sources.csv', sourcesCsv(rows))}>Export CSV</button>
      </div>
      <CorpusFilters choices={data?.choices} value={filter} onChange={(v) => setFilter({ ...v, ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.label ? { label: filter.label } : {}) })}>
        <label>Kind <select value={filter.kind ?? ''} onChange={(e) => pick('kind', e.target.value)}>
          <option value="">All</option>
          {['person', 'organization', 'group', 'document', 'anonymous'].map((k) => <option key={k} value={k}>{k}</option>)}
        </select></label>
        <label>Has <select value={filter.label ?? ''} onChange={(e) => pick('label', e.target.value)}>
          <option value="">Any label</option><option value="Quote">Quotes</option><option value="Claim">Claims</option>
        </select></label>
        <label>Name <input type="search" value={name} placeholder="Name, alias or role" onChange={(e) => setName(e.target.value)} /></label>
      </CorpusFilters>
      {error && <p role="alert" className="corpus-error">{error}</p>}
      <table className="corpus-table sources-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'} className={c.numeric ? 'num' : undefined}>
                <button type="button" onClick={() => setSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : !!c.numeric })}>
                  {c.text}{sort.key === c.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-source-id={r.id}>
              <th scope="row">
                <a href={`#/sources/${r.id}`}>{r.name}</a>
                {(r.role || r.aliases.length > 0) && <small className="muted">{[r.role, r.aliases.length ? `also: ${r.aliases.join(', ')}` : ''].filter(Boolean).join(' · ')}</small>}
              </th>
              <td>{r.kind}</td>
              <td className="num">{r.mentions}</td><td className="num">{r.quotes}</td><td className="num">{r.claims}</td><td className="num">{r.articles}</td>
              <td className="date">{r.first ?? ''}</td><td className="date">{r.last ?? ''}</td>
            </tr>
          ))}
          {data && !rows.length && <tr><td colSpan={COLUMNS.length} className="empty">No source matches.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}

export function SourcePage({ wb, id }: { wb: Workbench; id: string }) {
  const { data, error } = useCorpusData(wb, 'sourceQuotes', { id });
  const s = data?.source;
  const quotes = data?.items.filter((i) => i.kind === 'quote').length ?? 0;
  return (
    <section className="corpus-section">
      <p><a href="#/sources">← All sources</a></p>
      <div className="corpus-head">
        <h1 tabIndex={-1}>{s?.name ?? (error ? 'Source' : 'Loading…')}</h1>
        {s && <span className="corpus-count">{s.kind}{s.role ? ` · ${s.role}` : ''}{s.aliases.length ? ` · also: ${s.aliases.join(', ')}` : ''}</span>}
      </div>
      {error && <p role="alert" className="corpus-error">{error}</p>}
      {data && <p role="status">{quotes} quote{quotes === 1 ? '' : 's'} and {data.items.length - quotes} claim{data.items.length - quotes === 1 ? '' : 's'} across {new Set(data.items.map((i) => i.articleId)).size} article(s).</p>}
      <table className="corpus-table">
        <thead><tr><th scope="col">What</th><th scope="col">Text</th><th scope="col">Article</th><th scope="col">Date</th><th scope="col">Verdict</th></tr></thead>
        <tbody>
          {data?.items.map((i) => <ItemRow key={`${i.articleId}/${i.spanId}`} wb={wb} item={i} />)}
          {data && !data.items.length && <tr><td colSpan={5} className="empty">Nothing is attributed to this source yet.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
