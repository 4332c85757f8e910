/**
 * The claims tracker (issue 21): every claim with its speaker's source, article, date,
 * check-worthiness and verdict, filtered; the checked ones (a verdict on the scale) export as
 * schema.org ClaimReview through the Api's exportProject, limited to the articles they are in.
 */
import { useState } from 'react';
import type { ApiParams } from '../../app/api/contract.js';
import type { Workbench } from '../state/workbench.js';
import { CorpusFilters, ItemRow, useCorpusData, type CorpusFilterValue } from './CorpusParts.js';

/** Claims listed at most (the count says how many matched; the export takes them all). */
const SHOWN = 500;

type ClaimFilterValue = CorpusFilterValue & { verdict?: string; checkWorthy?: string; checked?: boolean; sourceId?: string };

export function ClaimsPage({ wb }: { wb: Workbench }) {
  const [filter, setFilter] = useState<ClaimFilterValue>({});
  const { data, error } = useCorpusData(wb, 'corpusClaims', { ...filter, limit: SHOWN } as ApiParams<'corpusClaims'>);
  const sources = useCorpusData(wb, 'corpusSources', { label: 'Claim' }).data?.rows ?? [];
  const [exported, setExported] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const set = <K extends keyof ClaimFilterValue>(k: K, v: ClaimFilterValue[K] | '') => {
    const { [k]: _old, ...rest } = filter;
    setFilter(v === '' || v === undefined ? rest : { ...rest, [k]: v });
  };
  const items = data?.items ?? [];
  const names = new Map(sources.map((s) => [s.id, s.name]));
  const checked = data?.checked ?? { total: 0, articles: [] };
  const exportReviews = async () => {
    setExporting(true);
    setExported(null);
    try {
      const r = await wb.api.exportProject({ format: 'claimreview', filter: { articles: checked.articles, labels: ['Claim', 'Speaker'] } });
      setExported(`Exported the checked claims (${checked.total}) from ${r.articles} article${r.articles === 1 ? '' : 's'} as ClaimReview: ${r.files.join(', ')}${r.warnings.length ? `. Note: ${r.warnings.join(' ')}` : ''}`);
    } catch (e) {
      setExported(`The export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setExporting(false);
    }
  };
  return (
    <section className="corpus-section">
      <div className="corpus-head">
        <h1 tabIndex={-1}>Claims</h1>
        <span className="corpus-count" role="status">{data ? `${data.total} claim${data.total === 1 ? '' : 's'}, ${checked.total} checked${data.total > items.length ? `; the first ${items.length} shown` : ''}` : 'Loading…'}</span>
        <button type="button" disabled={!checked.total || exporting} onClick={() => void exportReviews()}
          title="schema.org ClaimReview JSON-LD of the checked claims shown, written to the project's exports folder">
          {exporting ? 'Exporting…' : 'Export checked as ClaimReview'}
        </button>
      </div>
      {exported && <p role="status" className="corpus-note">{exported}</p>}
      <CorpusFilters choices={data?.choices} value={filter} onChange={(v) => setFilter({ ...v, ...(filter.verdict ? { verdict: filter.verdict } : {}), ...(filter.checkWorthy ? { checkWorthy: filter.checkWorthy } : {}), ...(filter.checked !== undefined ? { checked: filter.checked } : {}), ...(filter.sourceId ? { sourceId: filter.sourceId } : {}) })}>
        <label>Source <select value={filter.sourceId ?? ''} onChange={(e) => set('sourceId', e.target.value)}>
          <option value="">All</option>
          {sources.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select></label>
        <label>Checked <select value={filter.checked === undefined ? '' : filter.checked ? 'yes' : 'no'} onChange={(e) => set('checked', e.target.value === '' ? '' : e.target.value === 'yes')}>
          <option value="">All</option><option value="yes">With a verdict</option><option value="no">Not checked</option>
        </select></label>
        <label>Verdict <select value={filter.verdict ?? ''} onChange={(e) => set('verdict', e.target.value)}>
          <option value="">Any</option>
          {data?.verdicts.map((v) => <option key={v} value={v}>{v}</option>)}
        </select></label>
        <label>Check-worthy <select value={filter.checkWorthy ?? ''} onChange={(e) => set('checkWorthy', e.target.value)}>
          <option value="">Any</option><option value="yes">yes</option><option value="no">no</option>
        </select></label>
      </CorpusFilters>
      {error && <p role="alert" className="corpus-error">{error}</p>}
      <table className="corpus-table claims-table">
        <thead><tr><th scope="col">What</th><th scope="col">Claim</th><th scope="col">Source</th><th scope="col">Article</th><th scope="col">Date</th><th scope="col">Verdict</th></tr></thead>
        <tbody>
          {items.map((i) => <ItemRow key={`${i.articleId}/${i.spanId}`} wb={wb} item={i} sourceNames={names} />)}
          {data && !items.length && <tr><td colSpan={6} className="empty">No claim matches.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
