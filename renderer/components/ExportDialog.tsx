/**
 * Export a dataset: format, which articles, which layer (all, curated, one annotator's), offsets. Writes to the project's exports/ folder,
 * with progress while it runs; Cancel stops it and leaves nothing behind.
 */
import { useEffect, useMemo, useState } from 'react';
import { CURATED_LAYER, EXPORT_CHOICES, UNKNOWN_LAYER, layersOf, randomId, type ArticleStatus } from '../../annotations/index.js';
import type { ApiResults } from '../../app/api/contract.js';
import type { Workbench } from '../state/workbench.js';
import { cancelExport, exportProgress, exportProject, type ExportFormat } from '../commands/export.js';
import { useWorkbench } from './hooks.js';

export function ExportDialog({ wb, onClose }: { wb: Workbench; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const s = useWorkbench(wb);
  const [statuses, setStatuses] = useState<ArticleStatus[]>([]);
  const [labels, setLabels] = useState<string[]>([]);
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [annotators, setAnnotators] = useState('');
  const [layer, setLayer] = useState('all');
  /** The layers to offer: the signed-in annotator's and those of the open article. */
  const layers = useMemo(() => [...new Set([s.user, ...(s.doc ? layersOf(s.doc) : [])])].filter((l) => l && l !== CURATED_LAYER && l !== UNKNOWN_LAYER), [s.user, s.doc]);
  const open = s.doc?.article;
  // Names to suggest: the user and whoever made or changed a span of the open article.
  const known = useMemo(() => [...new Set([s.user, ...(s.doc?.spans.flatMap((x) => [x.annotator, ...(x.updatedBy ? [x.updatedBy] : [])]) ?? [])].filter(Boolean))], [s.user, s.doc]);
  const [unit, setUnit] = useState<'' | 'codepoint' | 'utf16'>('');
  const [withSuggestions, setWithSuggestions] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [result, setResult] = useState<ApiResults['exportProject'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggle = (st: ArticleStatus) => setStatuses((xs) => (xs.includes(st) ? xs.filter((x) => x !== st) : [...xs, st]));
  // While an export runs, ask how far it is a few times a second.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void exportProgress.perform(wb, busy).then((p) => p && setProgress(p), () => undefined), 250);
    return () => clearInterval(timer);
  }, [busy, wb]);
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Export">
      <form className="modal" onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        const job = randomId('export');
        setBusy(job);
        setError(null);
        setResult(null);
        setCancelled(false);
        setProgress(null);
        const filter = {
          status: statuses, labels, articles: onlyOpen && open ? [open.id] : [],
          annotators: annotators.split(',').map((a) => a.trim()).filter(Boolean), layer,
        };
        void exportProject.perform(wb, format, filter, unit || undefined, job, withSuggestions).then(
          (r) => (r.cancelled ? setCancelled(true) : setResult(r)),
          (err: Error) => setError(err.message),
        ).finally(() => setBusy(null));
      }} onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) onClose();
      }}>
        <h2>Export a dataset</h2>
        <label className="field">Format
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} aria-label="Export format" autoFocus>
            {EXPORT_CHOICES.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
          </select>
        </label>
        <fieldset className="field">
          <legend>Articles (none ticked: all)</legend>
          {(['todo', 'in-progress', 'done'] as const).map((st) => (
            <label key={st} className="inline"><input type="checkbox" checked={statuses.includes(st)} onChange={() => toggle(st)} /> {st === 'todo' ? 'To do' : st === 'in-progress' ? 'In progress' : 'Done'}</label>
          ))}
          {open && <label className="inline whole"><input type="checkbox" checked={onlyOpen} onChange={() => setOnlyOpen((x) => !x)} /> Only “{open.title.length > 40 ? `${open.title.slice(0, 40)}…` : open.title}”</label>}
        </fieldset>
        <fieldset className="field">
          <legend>Labels (none ticked: all)</legend>
          {s.project?.schema.labels.map((l) => (
            <label key={l.name} className="inline"><input type="checkbox" checked={labels.includes(l.name)}
              onChange={() => setLabels((xs) => (xs.includes(l.name) ? xs.filter((x) => x !== l.name) : [...xs, l.name]))} /> {l.name}</label>
          ))}
        </fieldset>
        <label className="field">Annotators (empty: all; separate names with commas)
          <input list="export-annotators" value={annotators} onChange={(e) => setAnnotators(e.target.value)} aria-label="Annotators" placeholder="everyone" />
          <datalist id="export-annotators">{known.map((a) => <option key={a} value={a} />)}</datalist>
        </label>
        <label className="field">Layer
          <select value={layer} onChange={(e) => setLayer(e.target.value)} aria-label="Layer">
            <option value="all">All layers (each annotation names its annotator)</option>
            <option value={CURATED_LAYER}>Curated (the adjudicated result)</option>
            {layers.map((a) => <option key={a} value={a}>{a}’s layer</option>)}
          </select>
        </label>
        <label className="inline whole"><input type="checkbox" checked={withSuggestions} onChange={() => setWithSuggestions((x) => !x)} /> Include suggestions not yet accepted</label>
        <label className="field">Offsets
          <select value={unit} onChange={(e) => setUnit(e.target.value as typeof unit)} aria-label="Offsets">
            <option value="">The format’s usual unit</option>
            <option value="codepoint">Code points (Python)</option>
            <option value="utf16">UTF-16 (JavaScript)</option>
          </select>
        </label>
        {busy && (
          <div className="export-progress" role="status">
            <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label="Export progress" />
            <span>{progress ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} articles` : 'Starting…'}</span>
          </div>
        )}
        {cancelled && <p className="hint" role="status">Export cancelled; nothing was written.</p>}
        {error && <p className="warning" role="alert">{error}</p>}
        {result && (
          <div className="export-result" role="status">
            <p>Exported {result.articles} articles ({result.spans} spans, {result.links} links), offsets in {result.unit === 'utf16' ? 'UTF-16 code units' : 'code points'}, to:</p>
            <pre className="paste-preview">{result.files.join('\n')}</pre>
            {result.warnings.map((w) => <p key={w} className="hint">{w}</p>)}
          </div>
        )}
        <div className="modal-actions">
          {busy
            ? <button type="button" onClick={() => void cancelExport.perform(wb, busy)}>Cancel export</button>
            : <button type="button" onClick={onClose}>{result ? 'Close' : 'Cancel'}</button>}
          <button type="submit" className="primary" disabled={!!busy}>{busy ? 'Exporting…' : 'Export'}</button>
        </div>
      </form>
    </div>
  );
}
