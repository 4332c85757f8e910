/** The centre: title, metadata line, status, label palette, find bar, and the ProseMirror view. */
import { useEffect, useRef, useState } from 'react';
import type { ArticleStatus } from '../../annotations/index.js';
import { isWebLink } from '../../annotations/model/limits.js';
import { ArticleView } from '../editor/article-view.js';
import type { Workbench } from '../state/workbench.js';
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

  // One EditorView per open article; later changes reach it through wb.view.sync.
  useEffect(() => {
    if (!host.current || !doc || !labels) return;
    const view = new ArticleView(host.current, doc, labels, {
      onKey: (e) => wb.handleArticleKey(e),
      onClickSpans: (ids) => wb.clickSpans(ids),
    });
    wb.view = view;
    view.focus();
    return () => {
      view.destroy();
      if (wb.view === view) wb.view = null;
    };
    // Only a new article, or a new text of it (its cleaning changed), makes a new view.
  }, [articleId, s.textVersion]);

  useEffect(() => {
    if (doc && labels) wb.view?.sync(doc, labels);
  }, [labels]);

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
                onMouseDown={(e) => e.preventDefault()} onClick={() => void (wb.view?.selection().end !== wb.view?.selection().start ? wb.createSpan(l.name) : wb.relabelSelected(l.name))}
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
            <select value={doc.article.status} onChange={(e) => void wb.setStatus(e.target.value as ArticleStatus)} aria-label="Article status">
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
              onChange={(e) => wb.setFindQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) wb.selectFound();
                else if (e.key === 'Enter') wb.findStep(e.shiftKey ? -1 : 1);
                else if (e.key === 'Escape') wb.closeFind();
                else return;
                e.preventDefault(); // the window's own Ctrl+Enter (mark done) must not also run
              }} />
            <span className="find-count">{s.find.hits.length ? `${s.find.index + 1} of ${s.find.hits.length}` : s.find.query ? 'No results' : ''}</span>
            <button type="button" onClick={() => wb.findStep(-1)} aria-label="Previous result">↑</button>
            <button type="button" onClick={() => wb.findStep(1)} aria-label="Next result">↓</button>
            <button type="button" onClick={() => wb.selectFound()} title="Select this result (Ctrl+Enter), then press a label key">Select</button>
            <button type="button" onClick={() => wb.closeFind()} aria-label="Close find">×</button>
          </div>
        )}
      </div>
      <div className="article-scroll">
        <div ref={host} className="article-host" data-article-id={doc.article.id} />
      </div>
    </main>
  );
}
