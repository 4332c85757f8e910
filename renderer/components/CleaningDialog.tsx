/**
 * Review of what cleaning removed from an article's original text (newsletter sign-up blocks,
 * "read more" lines, share prompts, photo captions, datelines): each block detected, ticked
 * when it is removed. Changing the ticks rebuilds the text from the original, before annotation
 * starts; afterwards the blocks are shown but locked, so no offset can move.
 */
import { useEffect, useState } from 'react';
import type { CleaningInfo } from '../../app/api/contract.js';
import type { Workbench } from '../state/workbench.js';
import { loadCleaning, setCleaning } from '../commands/cleaning.js';

export function CleaningDialog({ wb, reasons, onClose }: { wb: Workbench; reasons: Record<string, string>; onClose: () => void }) {
  const [info, setInfo] = useState<CleaningInfo | null>(null);
  const [remove, setRemove] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void loadCleaning.perform(wb).then((c) => {
      if (!c) return onClose();
      setInfo(c);
      setRemove(new Set(c.blocks.flatMap((b, i) => (b.removed ? [i] : []))));
    });
    // Read once when the dialog opens; a new onClose from the parent's render must not read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wb]);
  if (!info) return null;
  const changed = info.blocks.some((b, i) => b.removed !== remove.has(i));
  const toggle = (i: number) => setRemove((r) => {
    const next = new Set(r);
    if (!next.delete(i)) next.add(i);
    return next;
  });
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label="Cleaning" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form className="modal cleaning-dialog" onSubmit={(e) => {
        e.preventDefault();
        if (!changed || info.locked) return onClose();
        setBusy(true);
        void setCleaning.perform(wb, [...remove].sort((a, b) => a - b)).then((ok) => (ok ? onClose() : setBusy(false)));
      }}>
        <h2>Cleaning</h2>
        {info.blocks.length === 0
          ? <p className="hint">No boilerplate was found in the original text.</p>
          : <p className="hint">Ticked blocks are left out of the text you annotate; the original is kept in the article’s provenance.</p>}
        {info.locked && <p className="warning">{info.locked}</p>}
        <ul className="cleaning-blocks">
          {info.blocks.map((b, i) => (
            <li key={i}>
              <label>
                <input type="checkbox" checked={remove.has(i)} disabled={!!info.locked} onChange={() => toggle(i)} autoFocus={i === 0 && !info.locked} />
                <span className="cleaning-reason">{reasons[b.reason] ?? b.reason}</span>
                <span className="cleaning-text">{b.text.length > 300 ? `${b.text.slice(0, 300)}…` : b.text}</span>
              </label>
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>{info.locked || !changed ? 'Close' : 'Cancel'}</button>
          {!info.locked && info.blocks.length > 0 && <button type="submit" className="primary" disabled={busy || !changed}>{busy ? 'Applying…' : 'Apply'}</button>}
        </div>
      </form>
    </div>
  );
}
