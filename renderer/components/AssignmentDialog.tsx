/**
 * The manager's assignment panel (issue 18): the articles with who is assigned to each, a
 * choice of articles to assign to (or take from) the annotators typed, and "double-annotate N%"
 * of every article at random among them (a seed makes it reproducible). The topbar's "Assign…"
 * button opens it; it also reads the assignments once the project is open, so "next to do"
 * follows them. Who may change them is the team server's check (a refusal shows as the notice).
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { assignArticles, doubleAnnotate, loadAssignments, parseAnnotators, unassignArticles } from '../commands/assignment.js';
import { assignmentsOf } from '../state/assignments.js';
import type { Workbench } from '../state/workbench.js';
import { modalKeys } from './focus.js';
import { useWorkbench } from './hooks.js';

/** The topbar's "Assign…" button and the dialog it opens; reads the assignments when the project opens. */
export function AssignButton({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const [open, setOpen] = useState(false);
  const projectId = s.project?.id;
  useEffect(() => {
    if (projectId) void loadAssignments.perform(wb);
  }, [projectId, wb]);
  if (!s.project) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog" title="Assign articles to annotators; double-annotate a share of them">Assign…</button>
      {/* Out of the article list (its place in the tab order), over the whole page. */}
      {open && createPortal(<AssignmentDialog wb={wb} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

export function AssignmentDialog({ wb, onClose }: { wb: Workbench; onClose: () => void }) {
  const s = useWorkbench(wb);
  const cache = assignmentsOf(wb);
  const info = useSyncExternalStore(cache.subscribe, cache.get);
  const items = s.list?.items ?? [];
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(s.doc ? [s.doc.article.id] : []));
  const [names, setNames] = useState(() => (info?.annotators.length ? info.annotators.join(', ') : s.user));
  const [percent, setPercent] = useState('20');
  const [seed, setSeed] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.focus();
    return () => before?.focus();
  }, []);
  const annotators = parseAnnotators(names);
  const toggle = (id: string) => setChosen((c) => {
    const next = new Set(c);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const pct = Number(percent);
  const seedValue = seed.trim() === '' ? undefined : Number(seed);
  const seedOk = seedValue === undefined || Number.isInteger(seedValue);
  return (
    <div className="modal-backdrop">
      <div className="modal assignment-dialog" role="dialog" aria-modal="true" aria-labelledby="assign-title" onKeyDown={modalKeys(onClose)}>
        <h2 id="assign-title">Assign articles</h2>
        <label className="field">Annotators (separated by commas)
          <input ref={first} type="text" value={names} onChange={(e) => setNames(e.target.value)} aria-describedby="assign-names-help" />
        </label>
        <p id="assign-names-help" className="hint">{annotators.length ? `${annotators.length} annotator${annotators.length === 1 ? '' : 's'}: ${annotators.join(', ')}` : 'Type at least one name.'}</p>
        <fieldset>
          <legend>Articles ({chosen.size} chosen)</legend>
          <div className="assignment-actions">
            <button type="button" onClick={() => setChosen(new Set(items.map((a) => a.id)))}>Choose all</button>
            <button type="button" onClick={() => setChosen(new Set())}>Choose none</button>
          </div>
          <ul className="assignment-list" aria-label="Articles and who is assigned">
            {items.map((a) => (
              <li key={a.id} data-article-id={a.id}>
                <label>
                  <input type="checkbox" checked={chosen.has(a.id)} onChange={() => toggle(a.id)} />
                  <span dir="auto">{a.title}</span>
                  <span className="assignees">{info?.articles[a.id]?.join(', ') || 'unassigned'}</span>
                </label>
              </li>
            ))}
          </ul>
          <div className="assignment-actions">
            <button type="button" className="primary" disabled={!chosen.size || !annotators.length} onClick={() => void assignArticles.perform(wb, [...chosen], annotators)}>Assign chosen to them</button>
            <button type="button" disabled={!chosen.size || !annotators.length} onClick={() => void assignArticles.perform(wb, [...chosen], annotators, true)}>Assign chosen to them only</button>
            <button type="button" disabled={!chosen.size} onClick={() => void unassignArticles.perform(wb, [...chosen], annotators)}>Unassign them from chosen</button>
          </div>
        </fieldset>
        <fieldset>
          <legend>Double annotation</legend>
          <p className="hint">Every article goes to one of the annotators, and this share of them to a second one, at random and balanced.</p>
          <label className="field inline">Double-annotate (%)
            <input type="number" min={0} max={100} value={percent} onChange={(e) => setPercent(e.target.value)} />
          </label>
          <label className="field inline">Seed (optional, to repeat the draw)
            <input type="number" value={seed} onChange={(e) => setSeed(e.target.value)} />
          </label>
          <button type="button" disabled={!annotators.length || !(pct >= 0 && pct <= 100) || !seedOk}
            onClick={() => void doubleAnnotate.perform(wb, pct, annotators, seedValue)}>Assign every article</button>
        </fieldset>
        {s.notice && <p className="assignment-result" role="status">{s.notice}</p>}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
