/**
 * Parts of the selected annotation's details (the side panel's Annotation tab): its note,
 * written in a box and saved when the box is left (one undoable change; N in the text comes
 * here, Escape goes back), and the button that tags every other occurrence of its text (A).
 * Presentational: the changes are commands/spans.ts' `setNote` and `tagAllOccurrences`.
 */
import type { Span } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { setNote, tagAllOccurrences } from '../commands/spans.js';

/** The note of `span`: shown and edited; saved on leaving the box, or with Escape (which returns to the text). */
export function NoteField({ wb, span }: { wb: Workbench; span: Span }) {
  const save = (value: string) => setNote.perform(wb, span.id, value);
  return (
    <label className="field note-field">
      Note
      {/* Keyed by the saved note: an undo, or a change made elsewhere, shows at once. */}
      <textarea key={`${span.id}:${span.note ?? ''}`} dir="auto" rows={3} aria-label="Note" aria-keyshortcuts="N" defaultValue={span.note ?? ''}
        placeholder="A note on this annotation (N)" onBlur={(e) => save(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          save(e.currentTarget.value);
          wb.view?.focus();
        }} />
    </label>
  );
}

/** Tags every other occurrence of the selected span's text with its label and source (A). */
export function TagAllButton({ wb, span }: { wb: Workbench; span: Span }) {
  return (
    <button type="button" aria-keyshortcuts="A" disabled={span.fragments.length !== 1}
      title="Tag every other occurrence of this text in the article with the same label and source (one undo takes them all back)"
      onClick={() => tagAllOccurrences.perform(wb)}>Tag all (A)</button>
  );
}
