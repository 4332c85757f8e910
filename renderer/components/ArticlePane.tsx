/** The centre: title, metadata line, status, label palette, find bar, and the ProseMirror view. */
import { useEffect, useRef, useState } from 'react';
import type { ArticleStatus } from '../../annotations/index.js';
import { isWebLink } from '../../annotations/model/limits.js';
import { ArticleView } from '../editor/article-view.js';
import type { Workbench } from '../state/workbench.js';
import { handleArticleKey } from '../commands/keymap.js';
import { clickSpans } from '../commands/selection.js';
import { createSpan, relabelSelected } from '../commands/spans.js';
import { setStatus } from '../commands/articles.js';
import { closeFind, findStep, selectFound, setFindQuery } from '../commands/find.js';
import { useWorkbench } from './hooks.js';
import { CleaningDialog } from './CleaningDialog.js';

const REASONS: Record<string, string> = { newsletter: 'newsletter sign-up', 'read-more': '“read more” line', share: 'share prompt', 'photo-credit': 'photo caption', dateline: 'dateline' };

/** A provenance entry ("dateline: Friday, …") in words. */
const removedReason = (entry: string): string => {
  const reason = entry.slice(0, entry.indexOf(':'));
  return REASONS[reason] ?? reason;
};

export function ArticlePane({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const host = useRef<HTMLDivElement>(null);
  const doc = s.doc;
  const labels = s.project?.schema.labels;
  const articleId = doc?.article.id;
  const [cleaning, setCleaning] = useState(false);

  // One EditorView per open article, attached to the workbench: later changes reach it from the
  // store (state/view-binding.ts), never from here.
  useEffect(() => {
    if (!host.current || !doc || !labels) return;
    const view = new ArticleView(host.current, doc, labels, {
      onKey: (e) => handleArticleKey(wb, e),
      onClickSpans: (ids) => clickSpans.perform(wb, ids),
    });
    const detach = wb.attachView(view);
    view.focus();
    return () => {
      detach();
      view.destroy();
    };
    // Only a new article, or a new text of it (its cleaning changed), makes a new view: the doc
    // and labels it starts from are read then, and later ones reach it through the binding.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [articleId, s.textVersion]);

  if (s.loadError) return <main className="centre"><div className="load-error" role="alert">{s.loadError}</div></main>;
  if (!doc) return <main className="centre"><div className="placeholder">Choose an article on the left.</div></main>;
  const m = doc.article.metadata;
  const removed = doc.article.provenance.removed ?? [];
  const unannotated = doc.spans.length === 0 && doc.links.length === 0;
  return (
    <main className="centre">
      <div className="article-head">
        <h1 className="article-title" dir="auto">{doc.article.title}</h1>
        <div className="article-meta">
          {[m.outlet, m.byline, m.published].filter(Boolean).join(' · ')}
          {m.url && isWebLink(m.url) && <> · <a href={m.url} target="_blank" rel="noreferrer noopener">source</a></>}
          {m.license && <span className="license" title={m.attribution}> · {m.license}</span>}
        </div>
        <div className="toolbar">
          <div className="palette" role="toolbar" aria-label="Labels">
            {labels?.map((l) => (
              <button key={l.name} type="button" className="label-button" style={{ '--c': l.color } as React.CSSProperties}
                onMouseDown={(e) => e.preventDefault()} onClick={() => (wb.view?.selection().end !== wb.view?.selection().start ? createSpan.perform(wb, l.name) : relabelSelected.perform(wb, l.name))}
                title={`${l.description ?? l.name} (key ${l.key ?? '–'})`}>
                <kbd>{l.key}</kbd> {l.name}
              </button>
            ))}
          </div>
          {doc.article.provenance.raw !== undefined && (
            <button type="button" className="cleaning-button" onClick={() => setCleaning(true)} title="What cleaning removed from the original text (newsletter blocks, captions, datelines)">Cleaning…</button>
          )}
          <label className="status-select">
            Status{' '}
            <select value={doc.article.status} onChange={(e) => setStatus.perform(wb, e.target.value as ArticleStatus)} aria-label="Article status">
              <option value="todo">To do</option>
              <option value="in-progress">In progress</option>
              <option value="done">Done</option>
            </select>
          </label>
        </div>
        {removed.length > 0 && unannotated && (
          <div className="cleaning-banner" role="note">
            Removed on import: {removed.map(removedReason).join(', ')}.{' '}
            <button type="button" className="link-button" onClick={() => setCleaning(true)}>Review before annotating…</button>
          </div>
        )}
        {cleaning && <CleaningDialog wb={wb} reasons={REASONS} onClose={() => setCleaning(false)} />}
        {s.find.open && (
          <div className="find-bar" role="search">
            <input autoFocus dir="auto" aria-label="Find in article" placeholder="Find in article" value={s.find.query}
              onChange={(e) => setFindQuery.perform(wb, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) selectFound.perform(wb);
                else if (e.key === 'Enter') findStep.perform(wb, e.shiftKey ? -1 : 1);
                else if (e.key === 'Escape') closeFind.perform(wb);
                else return;
                e.preventDefault(); // the window's own Ctrl+Enter (mark done) must not also run
              }} />
            <span className="find-count">{s.find.hits.length ? `${s.find.index + 1} of ${s.find.hits.length}` : s.find.query ? 'No results' : ''}</span>
            <button type="button" onClick={() => findStep.perform(wb, -1)} aria-label="Previous result">↑</button>
            <button type="button" onClick={() => findStep.perform(wb, 1)} aria-label="Next result">↓</button>
            <button type="button" onClick={() => selectFound.perform(wb)} title="Select this result (Ctrl+Enter), then press a label key">Select</button>
            <button type="button" onClick={() => closeFind.perform(wb)} aria-label="Close find">×</button>
          </div>
        )}
      </div>
      <div className="article-scroll">
        <div ref={host} className="article-host" data-article-id={doc.article.id} />
      </div>
    </main>
  );
}
