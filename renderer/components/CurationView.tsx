/**
 * The curation view of an article (`#/curate/<id>`, issue 18): the current unit with each
 * layer's version stacked under it (the span marked in its context, a text marker saying
 * whether it is the same, differs or is missing), the curated layer's row filling as the
 * curator goes, and the whole text below with every unit marked by its state (colour and a
 * marker: ≠ open disagreement, = agreed, ✓ curated, ✗ rejected). Every layer is shown, also in
 * a blind project: curation is where they are compared. Keys: commands/curation.ts.
 */
import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { ArticleDoc, Span } from '../../annotations/index.js';
import { curationCounts, findUnit, isOpenDisagreement, type CurationUnit } from '../../annotations/analysis/curation-diff.js';
import { sameFragments } from '../../annotations/analysis/match.js';
import { curationOf } from '../state/curation.js';
import type { Workbench } from '../state/workbench.js';
import {
  acceptAllAgreed, acceptLayer, annotatorLayers, canCurate, closeCuration, curationRoute, handleCurationKey, openCuration, selectUnit, unitsOf,
} from '../commands/curation.js';
import { useWorkbench } from './hooks.js';

const subscribeHash = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

/** The article the address's curation route names, re-rendering when the address changes. */
export const useCurationRoute = (): string | undefined => useSyncExternalStore(subscribeHash, () => curationRoute(location.hash));

/** The topbar's "Curate" button, shown for an article with two layers or more. */
export function CurateButton({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  if (!canCurate(s.doc)) return null;
  return (
    <button type="button" className="topbar-button" aria-keyshortcuts="Alt+C" title="Compare the annotators' layers and build the curated one (Alt+C)"
      onClick={() => openCuration.perform(wb)}>Curate</button>
  );
}

type UnitState = 'open' | 'agreed' | 'curated' | 'rejected' | 'settled';

/** A unit's state: rejected, curated, agreed (not curated yet), an open disagreement, or settled (a disagreement curated… never: curated wins). */
function unitState(u: CurationUnit, rejected: ReadonlySet<string>): UnitState {
  if (u.curated.length) return 'curated';
  if (rejected.has(u.key)) return 'rejected';
  return isOpenDisagreement(u, rejected) ? 'open' : u.agreed ? 'agreed' : 'settled';
}

const MARKER: Record<UnitState, string> = { open: '≠', agreed: '=', curated: '✓', rejected: '✗', settled: '·' };
const STATE_WORDS: Record<UnitState, string> = {
  open: 'disagreement, open', agreed: 'agreed, not curated yet', curated: 'curated', rejected: 'rejected (no curated annotation)', settled: 'settled',
};

/** `text[from, to)` with the characters of `spans` marked. */
function marked(text: string, from: number, to: number, spans: readonly Span[], cls: string): ReactNode[] {
  const cuts = new Set<number>([from, to]);
  for (const s of spans) for (const f of s.fragments) {
    if (f.start > from && f.start < to) cuts.add(f.start);
    if (f.end > from && f.end < to) cuts.add(f.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: ReactNode[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const inside = spans.some((s) => s.fragments.some((f) => f.start <= a && f.end >= b));
    out.push(inside ? <mark key={a} className={cls}>{text.slice(a, b)}</mark> : <span key={a}>{text.slice(a, b)}</span>);
  }
  return out;
}

/** How one layer's version compares with the others, in words (and its marker). */
function versionWords(u: CurationUnit, spans: readonly Span[] | undefined): [string, string] {
  if (!spans?.length) return ['—', 'has none'];
  if (u.agreed && u.detailsDiffer) return ['≠', 'the same text; the source or attributes differ'];
  if (u.agreed) return ['=', 'the same as every layer'];
  const others = u.versions.flatMap((v) => v.spans).filter((x) => !spans.includes(x));
  const same = spans.length === 1 && others.some((o) => sameFragments(o, spans[0]!));
  return ['≠', same ? 'differs (some layers agree with it)' : 'differs'];
}

function UnitPanel({ wb, doc, unit, index, total, layers, state }: { wb: Workbench; doc: ArticleDoc; unit: CurationUnit; index: number; total: number; layers: string[]; state: UnitState }) {
  const text = doc.article.text;
  // The unit in its context: 60 characters either side, cut at a word.
  const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, unit.start - 60)) + 1);
  const cut = text.indexOf(' ', Math.min(text.length, unit.end + 60));
  const to = cut < 0 ? text.length : cut;
  const source = (s: Span | undefined) => (s?.sourceId ? wb.store.get().project?.sources.find((x) => x.id === s.sourceId)?.name ?? s.sourceId : undefined);
  const details = (spans: readonly Span[]) => spans.map((s) => [source(s) && `source: ${source(s)}`, ...Object.entries(s.attributes).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join(', ')).filter(Boolean).join(' | ');
  return (
    <section className="curation-unit" aria-label="The current unit" data-state={state}>
      <h2>
        <span className={`unit-marker unit-${state}`} aria-hidden="true">{MARKER[state]}</span>{' '}
        {unit.label} — unit {index + 1} of {total}: {STATE_WORDS[state]}{unit.detailsDiffer ? ' (the same text, but the source or attributes differ)' : ''}
      </h2>
      <table className="curation-rows">
        <thead><tr><th scope="col">Key</th><th scope="col">Layer</th><th scope="col">Its version</th><th scope="col">Compared</th></tr></thead>
        <tbody>
          {layers.map((layer, i) => {
            const spans = unit.versions.find((v) => v.layer === layer)?.spans;
            const [mark, words] = versionWords(unit, spans);
            return (
              <tr key={layer} data-layer={layer} data-differs={mark === '≠' || mark === '—' ? '' : undefined}>
                <td><button type="button" className="link-button" disabled={!spans} onClick={() => acceptLayer.perform(wb, layer)}
                  title={`Accept ${layer}'s version (${i + 1})`} aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}>{i < 9 ? i + 1 : ''}</button></td>
                <th scope="row">{layer}</th>
                <td className="curation-context" dir="auto">{marked(text, from, to, spans ?? [], 'version')}{spans && details(spans) && <div className="curation-details">{details(spans)}</div>}</td>
                <td><span className={`diff-marker diff-${mark === '=' ? 'same' : mark === '—' ? 'none' : 'differs'}`}>{mark}</span> {words}</td>
              </tr>
            );
          })}
          <tr className="curated-row" data-layer="curated">
            <td />
            <th scope="row">curated</th>
            <td className="curation-context" dir="auto">{unit.curated.length ? marked(text, from, to, unit.curated, 'version curated') : <em>{state === 'rejected' ? 'rejected: nothing here' : 'nothing yet'}</em>}</td>
            <td>{unit.curated.length ? <><span className="diff-marker diff-same">✓</span> curated</> : state === 'rejected' ? <><span className="diff-marker diff-none">✗</span> rejected</> : ''}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** The article's text, every unit marked by its state; a click makes a unit current. */
function MarkedText({ wb, doc, units, current, rejected }: { wb: Workbench; doc: ArticleDoc; units: CurationUnit[]; current: string | null; rejected: ReadonlySet<string> }) {
  const text = doc.article.text;
  const rank: Record<UnitState, number> = { open: 4, agreed: 3, settled: 2, rejected: 1, curated: 0 };
  return (
    <section className="curation-text">
      {doc.article.paragraphs.map((p) => {
        const here = units.filter((u) => u.start < p.end && u.end > p.start);
        const cuts = new Set<number>([p.start, p.end]);
        for (const u of here) {
          if (u.start > p.start) cuts.add(u.start);
          if (u.end < p.end) cuts.add(u.end);
        }
        const points = [...cuts].sort((a, b) => a - b);
        const parts: ReactNode[] = [];
        for (let i = 0; i + 1 < points.length; i++) {
          const a = points[i]!;
          const b = points[i + 1]!;
          const covering = here.filter((u) => u.start <= a && u.end >= b);
          const segment = text.slice(a, b);
          if (!covering.length) parts.push(<span key={a}>{segment}</span>);
          else {
            const top = covering.find((u) => u.key === current) ?? [...covering].sort((x, y) => rank[unitState(y, rejected)] - rank[unitState(x, rejected)])[0]!;
            const st = unitState(top, rejected);
            parts.push(
              <mark key={a} className={`unit unit-${st}`} data-unit-current={top.key === current ? '' : undefined} title={`${top.label}: ${STATE_WORDS[st]}`}
                onClick={() => selectUnit.perform(wb, top.key)}>{segment}</mark>,
            );
          }
          for (const u of here.filter((x) => x.end === b)) {
            const st = unitState(u, rejected);
            parts.push(<sup key={`m-${u.key}`} className={`unit-marker unit-${st}`} title={`${u.label}: ${STATE_WORDS[st]}`}>{MARKER[st]}</sup>);
          }
        }
        return <p key={p.start} dir="auto">{parts}</p>;
      })}
    </section>
  );
}

export function CurationView({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const cur = curationOf(wb);
  const c = useSyncExternalStore(cur.subscribe, cur.get);
  const currentKey = c.current;
  const body = useRef<HTMLDivElement>(null);
  const doc = s.doc;
  const articleId = doc?.article.id;
  const units = doc ? unitsOf(doc) : [];

  // A new article: its rejections, and the first open disagreement (else the first unit) current.
  useEffect(() => {
    if (!doc || !articleId) return;
    cur.forArticle(articleId);
    if (cur.get().current === null) {
      const all = unitsOf(doc);
      const i = findUnit(all, -1, 1, (u) => isOpenDisagreement(u, cur.get().rejected));
      const first = all[i < 0 ? 0 : i];
      if (first) cur.set({ current: first.key });
    }
    body.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [articleId]);

  useEffect(() => {
    if (currentKey) document.querySelector('[data-unit-current]')?.scrollIntoView?.({ block: 'nearest' });
  }, [currentKey]);

  if (s.loadError) return <main className="centre"><div className="load-error" role="alert">{s.loadError}</div></main>;
  if (!doc) return <main className="centre"><div className="placeholder">Opening the article…</div></main>;
  const layers = annotatorLayers(doc);
  const counts = curationCounts(units, c.rejected);
  const index = units.findIndex((u) => u.key === c.current);
  const unit = units[index];
  return (
    <main className="centre curation" aria-label="Curation">
      <div className="article-head curation-head">
        <h1 className="article-title" dir="auto">Curating: {doc.article.title}</h1>
        <p className="curation-counts" role="status">
          {counts.open} of {counts.disagreements} disagreement{counts.disagreements === 1 ? '' : 's'} open · {counts.agreedNotCurated} agreed not curated · {counts.curated} curated · {counts.rejected} rejected · layers: {layers.join(', ')}
          {layers.length < 2 && ' (one layer only: nothing to compare)'}
        </p>
        <div className="curation-actions">
          <button type="button" onClick={() => acceptAllAgreed.perform(wb)} aria-keyshortcuts="A" disabled={!counts.agreedNotCurated}>Accept all agreed (A)</button>
          <button type="button" onClick={() => closeCuration.perform(wb)} aria-keyshortcuts="Escape">Back to the article (Escape)</button>
        </div>
        <p className="curation-keys">
          <kbd>N</kbd>/<kbd>P</kbd> next/previous disagreement · <kbd>↓</kbd>/<kbd>↑</kbd> any unit · <kbd>1</kbd>–<kbd>9</kbd> accept that layer · <kbd>X</kbd> reject ·{' '}
          <kbd>E</kbd> edit (then <kbd>Shift+←/→</kbd> the end, <kbd>Alt+Shift+←/→</kbd> the start, <kbd>Enter</kbd> done) · <kbd>Ctrl+Z</kbd> undo
          {c.editing && <strong className="curation-editing"> — adjusting the curated annotation</strong>}
        </p>
      </div>
      <div className="curation-body" ref={body} tabIndex={0} aria-label="Curation: N next disagreement, 1 to 9 accept a layer, X reject, E edit"
        onKeyDown={(e) => {
          if (handleCurationKey(wb, e)) {
            e.preventDefault();
            e.stopPropagation();
          }
        }}>
        {unit ? <UnitPanel wb={wb} doc={doc} unit={unit} index={index} total={units.length} layers={layers} state={unitState(unit, c.rejected)} />
          : <p className="placeholder">{units.length ? 'Press N for the first disagreement.' : 'No annotation in any layer of this article.'}</p>}
        {/* Focusable, so its text scrolls with the keyboard too; the curation keys work from it as well. */}
        <div className="curation-text-scroll" tabIndex={0} role="region" aria-label="The article text, every unit marked">
          <MarkedText wb={wb} doc={doc} units={units} current={c.current} rejected={c.rejected} />
        </div>
      </div>
    </main>
  );
}
