/**
 * The open article's details: title, outlet, byline, publication date and link, edited in a
 * modal form (Alt+M or the pencil by the title; Enter saves, Escape cancels). Saving is one
 * undoable change (`saveArticleDetails`); the text and the annotations are never touched. A
 * refused change (a blank title, a date that is not ISO 8601, a link that is not http(s)) is
 * said in the dialog, which stays open.
 */
import { useState } from 'react';
import type { Article } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { closeArticleDetails, detailsForm, saveArticleDetails, type ArticleDetailsForm } from '../commands/articles.js';

const FIELDS: { key: keyof ArticleDetailsForm; label: string; placeholder?: string; type?: string }[] = [
  { key: 'title', label: 'Title' },
  { key: 'outlet', label: 'Outlet', placeholder: 'The Independent' },
  { key: 'byline', label: 'Byline', placeholder: 'Author names' },
  { key: 'published', label: 'Published', placeholder: 'YYYY-MM-DD' },
  { key: 'url', label: 'Link', placeholder: 'https://…', type: 'url' },
];

export function MetadataDialog({ wb, article }: { wb: Workbench; article: Article }) {
  const [form, setForm] = useState<ArticleDetailsForm>(() => detailsForm(article));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-labelledby="metadata-title"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        closeArticleDetails.perform(wb);
      }}>
      <form className="modal metadata-dialog" noValidate onSubmit={(e) => {
        e.preventDefault();
        if (!saveArticleDetails.perform(wb, form)) setProblem(wb.store.get().notice ?? 'The details were not changed.');
      }}>
        <h2 id="metadata-title">Article details</h2>
        {FIELDS.map((f, i) => (
          <label key={f.key} className="field">
            {f.label}
            <input name={f.key} dir="auto" type={f.type ?? 'text'} value={form[f.key]} placeholder={f.placeholder} autoFocus={i === 0}
              onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          </label>
        ))}
        <p className="hint">The text and its annotations stay as they are. Ctrl+Z undoes the change.</p>
        {problem && <p className="warning" role="alert">{problem}</p>}
        <div className="modal-actions">
          <button type="button" onClick={() => closeArticleDetails.perform(wb)}>Cancel</button>
          <button type="submit" className="primary">Save</button>
        </div>
      </form>
    </div>
  );
}
