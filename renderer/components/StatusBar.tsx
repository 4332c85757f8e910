/** The status line: save state, annotator, counts. */
import type { Workbench } from '../workbench.js';
import { useWorkbench } from './hooks.js';

export function StatusBar({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const labels = s.project?.schema.labels ?? [];
  const spans = s.doc?.spans ?? [];
  return (
    <footer className="statusbar">
      <span className={`save save-${s.save.kind}`} role="status" aria-live="polite" data-save-state={s.save.kind}>
        {s.save.kind === 'saved' ? 'Saved' : s.save.kind === 'saving' ? 'Saving…' : `Not saved: ${s.save.message}`}
        {s.save.kind === 'error' && <button type="button" className="link-button" onClick={() => void wb.retry()}>Retry</button>}
      </span>
      <button type="button" className="link-button annotator" onClick={() => wb.askForUser()} title="Change the annotator name">
        Annotator: {s.user || '…'}
      </button>
      {s.doc && (
        <span className="doc-counts">
          {labels.map((l) => `${spans.filter((x) => x.label === l.name).length} ${l.name}`).join(' · ')} · {s.doc.links.length} links
        </span>
      )}
      {s.remote && (
        <span className="remote-change" role="status" data-remote-change>
          {s.remote}
          <button type="button" className="link-button" onClick={() => wb.dismissRemote()} aria-label="Dismiss">×</button>
        </span>
      )}
      <span className="hints">Select text, press 1–4 · Tab next · L link · Ctrl+Z undo · Ctrl+F find · Alt+N next to do</span>
    </footer>
  );
}
