/**
 * The Agreement page (issue 18), at `#/agreement` over the workbench's columns: a matrix of
 * annotator × annotator for one label and one measure (coloured, with the value written in every
 * cell), αu per label over all annotators, links and sources; a cell opens the pair's articles,
 * an article the spans where the two differ. "Accept agreed" copies every span all annotators
 * (or at least N) agree on into the curated layer (app/api/agreement.ts).
 */
import { useEffect, useState } from 'react';
import type { AgreementReport, ApiResults } from '../../app/api/contract.js';
import type { Workbench } from '../state/workbench.js';
import {
  MEASURES, acceptAgreedSpans, agreementHash, agreementRouteOf, cellColour, describeAccepted, pairRow, formatFigure,
  loadAgreement, loadAgreementDetail, type AgreementRoute, type Measure,
} from '../state/agreement.js';
import { hashRoute, usePageOverWorkbench, useWorkbench } from './hooks.js';
import { CURATED_LAYER } from '../../annotations/model/layers.js';

/** The Agreement page the address names (re-rendering when it changes), or undefined elsewhere. */
export const useAgreementRoute: () => AgreementRoute | undefined = hashRoute(agreementRouteOf);

/** Reads `load` again when `key` or the article list changes (edits, imports, curation). */
function useLoaded<T>(wb: Workbench, key: string, load: () => Promise<T>): { data: T | null; error: string | null; reload: () => void } {
  const { list } = useWorkbench(wb);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then((d) => live && (setData(d), setError(null)), (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
    // `load` is rebuilt on each render; `key` says what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wb, key, list, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function AgreementPage({ wb, route }: { wb: Workbench; route: AgreementRoute }) {
  usePageOverWorkbench('.agreement-page', route.page);
  return (
    <main className="corpus-page agreement-page" aria-label="Agreement">
      <section className="corpus-section">
        {route.page === 'matrix' && <MatrixView wb={wb} />}
        {route.page === 'pair' && <PairView wb={wb} a={route.a} b={route.b} />}
        {route.page === 'spans' && <SpansView wb={wb} a={route.a} b={route.b} article={route.article} />}
      </section>
    </main>
  );
}

function MatrixView({ wb }: { wb: Workbench }) {
  const [label, setLabel] = useState<string>('');
  const [measure, setMeasure] = useState<Measure>('exactF1');
  const [withCurated, setWithCurated] = useState(false);
  const [min, setMin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const { data, error, reload } = useLoaded(wb, JSON.stringify({ withCurated }), () => loadAgreement(wb, withCurated ? { withCurated } : {}));
  const shown = label || data?.labels[0] || '';
  const accept = async () => {
    const n = min.trim() ? Number(min) : undefined;
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) return setMessage('"At least" takes a whole number of annotators, 1 or more.');
    setBusy(true);
    try {
      setMessage(describeAccepted(await acceptAgreedSpans(wb, n)));
      reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="corpus-head"><h1 tabIndex={-1}>Agreement</h1>{data && <span>{data.articles} article{data.articles === 1 ? '' : 's'} with two layers or more</span>}</div>
      <div className="corpus-filters agreement-controls">
        <label>Label <select value={shown} onChange={(e) => setLabel(e.target.value)}>{data?.labels.map((l) => <option key={l}>{l}</option>)}</select></label>
        <label>Measure <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>{MEASURES.map((m) => <option key={m.key} value={m.key}>{m.text}</option>)}</select></label>
        <label><input type="checkbox" checked={withCurated} onChange={(e) => setWithCurated(e.target.checked)} /> vs curated</label>
        <span className="agreement-accept">
          <label>At least <input type="number" min={1} value={min} placeholder="all" onChange={(e) => setMin(e.target.value)} aria-label="How many annotators must agree (empty: all)" /></label>
          <button type="button" className="primary" disabled={busy || !!wb.store.get().project?.problem} onClick={() => void accept()}
            title="Copy every span all annotators (or at least that many) agree on exactly, with its links and source, into the curated layer">Accept agreed</button>
        </span>
      </div>
      <p role="status" className="agreement-message">{message ?? ''}</p>
      {error && <p role="alert" className="corpus-error">{error}</p>}
      {data && (data.pairs.length ? <Matrix report={data} label={shown} measure={measure} /> : <p className="placeholder">No two annotators have annotated the same article yet.</p>)}
      {data && data.pairs.length > 0 && <Overall report={data} />}
    </>
  );
}

function Matrix({ report, label, measure }: { report: AgreementReport; label: string; measure: Measure }) {
  const layers = report.layers;
  const what = MEASURES.find((m) => m.key === measure)!.text;
  return (
    <>
      <table className="corpus-table agreement-matrix" aria-label={`${what} for ${label}, annotator by annotator`}>
        <thead><tr><th scope="col"><span className="agreement-hidden">Annotator</span></th>{layers.map((l) => <th key={l} scope="col">{l === CURATED_LAYER ? 'vs curated' : l}</th>)}</tr></thead>
        <tbody>
          {layers.map((a) => (
            <tr key={a}>
              <th scope="row">{a}</th>
              {layers.map((b) => {
                if (a === b) return <td key={b} className="num agreement-self" aria-label={`${a} against itself`}>·</td>;
                const row = pairRow(report, a, b, label);
                if (!row) return <td key={b} className="num" title="No article both annotated">n/a</td>;
                const v = row[measure];
                const [x, y] = row.annotators;
                return (
                  <td key={b} className="num agreement-cell" style={{ background: cellColour(v) }}>
                    <a href={agreementHash({ page: 'pair', a: x, b: y })} aria-label={`${a} and ${b}: ${what} ${formatFigure(v)} for ${label}; open their articles`}>{formatFigure(v)}</a>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="agreement-legend" aria-hidden="true">
        <span style={{ background: cellColour(0) }}>0 or less</span><span style={{ background: cellColour(0.5) }}>0.5</span><span style={{ background: cellColour(1) }}>1</span> · — nothing to compare · n/a no article both annotated
      </p>
    </>
  );
}

function Overall({ report }: { report: AgreementReport }) {
  return (
    <>
      <h2>Krippendorff&apos;s αu over all annotators</h2>
      <p>{report.alphaArticles ? `On the ${report.alphaArticles} article${report.alphaArticles === 1 ? '' : 's'} every annotator annotated.` : 'No article has been annotated by every annotator.'}</p>
      <table className="corpus-table agreement-narrow" aria-label="αu per label">
        <thead><tr><th scope="col">Label</th><th scope="col">αu</th></tr></thead>
        <tbody>
          {report.labels.map((l) => <tr key={l}><th scope="row">{l}</th><td className="num">{formatFigure(report.alphaU[l])}</td></tr>)}
          <tr><th scope="row">All labels</th><td className="num">{formatFigure(report.alphaUOverall)}</td></tr>
        </tbody>
      </table>
      {report.links.length > 0 && (
        <>
          <h2>Links between matched spans</h2>
          <table className="corpus-table agreement-narrow" aria-label="Link agreement">
            <thead><tr><th scope="col">Pair</th><th scope="col">Type</th><th scope="col">Agree</th><th scope="col">Compared</th><th scope="col">F1</th></tr></thead>
            <tbody>{report.links.map((l) => <tr key={l.annotators.join() + l.type}><td>{l.annotators.join(' vs ')}</td><td>{l.type}</td><td className="num">{l.agreed}</td><td className="num">{l.compared.join(' / ')}</td><td className="num">{formatFigure(l.f1)}</td></tr>)}</tbody>
          </table>
        </>
      )}
      {report.sources.some((s) => s.compared) && (
        <>
          <h2>Sources of matched speaker mentions</h2>
          <table className="corpus-table agreement-narrow" aria-label="Source agreement">
            <thead><tr><th scope="col">Pair</th><th scope="col">Same source</th><th scope="col">Compared</th><th scope="col">Share</th></tr></thead>
            <tbody>{report.sources.filter((s) => s.compared).map((s) => <tr key={s.annotators.join()}><td>{s.annotators.join(' vs ')}</td><td className="num">{s.same}</td><td className="num">{s.compared}</td><td className="num">{formatFigure(s.agreement)}</td></tr>)}</tbody>
          </table>
        </>
      )}
    </>
  );
}

function PairView({ wb, a, b }: { wb: Workbench; a: string; b: string }) {
  const { data, error } = useLoaded<ApiResults['agreementDetail']>(wb, JSON.stringify([a, b]), () => loadAgreementDetail(wb, a, b));
  return (
    <>
      <p><a href={agreementHash({ page: 'matrix' })}>← Agreement</a></p>
      <div className="corpus-head"><h1 tabIndex={-1}>{a} and {b}</h1><span>articles both annotated, least agreement first (all labels)</span></div>
      {error && <p role="alert" className="corpus-error">{error}</p>}
      {data && (
        <table className="corpus-table" aria-label={`Articles ${a} and ${b} both annotated`}>
          <thead><tr><th scope="col">Article</th><th scope="col">Exact F1</th><th scope="col">Overlap F1</th><th scope="col">kappa</th><th scope="col">Spans ({a} / {b})</th><th scope="col">Disagreements</th></tr></thead>
          <tbody>
            {data.articles.map((r) => (
              <tr key={r.articleId}>
                <td><a href={agreementHash({ page: 'spans', a, b, article: r.articleId })}>{r.title || r.articleId}</a></td>
                <td className="num" style={{ background: cellColour(r.exactF1) }}>{formatFigure(r.exactF1)}</td>
                <td className="num">{formatFigure(r.overlapF1)}</td>
                <td className="num">{formatFigure(r.kappa)}</td>
                <td className="num">{r.spans.join(' / ')}</td>
                <td className="num">{r.disagreements}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const STATUS: Record<string, string> = { exact: 'agree', overlap: 'boundaries differ', onlyA: 'only', onlyB: 'only' };

function SpansView({ wb, a, b, article }: { wb: Workbench; a: string; b: string; article: string }) {
  const { data, error } = useLoaded<ApiResults['agreementDetail']>(wb, JSON.stringify([a, b, article]), () => loadAgreementDetail(wb, a, b, article));
  const [onlyDiff, setOnlyDiff] = useState(true);
  const rows = (data?.spans ?? []).filter((r) => !onlyDiff || r.status !== 'exact' || r.sourceDiffers);
  return (
    <>
      <p><a href={agreementHash({ page: 'pair', a, b })}>← {a} and {b}</a> · <a href={`#/articles/${article}`}>Open the article</a></p>
      <div className="corpus-head"><h1 tabIndex={-1}>{data?.title ?? article}</h1><span>{a} and {b}</span></div>
      <label><input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} /> Only where they disagree</label>
      {error && <p role="alert" className="corpus-error">{error}</p>}
      {data && (
        <table className="corpus-table agreement-spans" aria-label={`Spans of ${a} and ${b}`}>
          <thead><tr><th scope="col">Label</th><th scope="col">Status</th><th scope="col">{a}</th><th scope="col">{b}</th></tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-status={r.status}>
                <td>{r.label}</td>
                <td>{r.status === 'onlyA' ? `only ${a}` : r.status === 'onlyB' ? `only ${b}` : r.sourceDiffers ? 'sources differ' : STATUS[r.status]}</td>
                <td>{r.a ? <><q>{r.a.text}</q> <span className="agreement-offsets">{r.a.start}–{r.a.end}{r.a.sourceId ? ` · ${r.a.sourceId}` : ''}</span></> : '—'}</td>
                <td>{r.b ? <><q>{r.b.text}</q> <span className="agreement-offsets">{r.b.start}–{r.b.end}{r.b.sourceId ? ` · ${r.b.sourceId}` : ''}</span></> : '—'}</td>
              </tr>
            ))}
            {!rows.length && <tr><td colSpan={4}>{a} and {b} agree on every span of this article.</td></tr>}
          </tbody>
        </table>
      )}
    </>
  );
}
