/**
 * The centre: title (with its details dialog), metadata line, status, label palette, find bar,
 * and the ProseMirror view with its optional relation arcs.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ArticleStatus } from '../../annotations/index.js';
import { isWebLink } from '../../annotations/model/limits.js';
import { ArticleView } from '../editor/article-view.js';
import type { Workbench } from '../state/workbench.js';
import { handleArticleKey } from '../commands/keymap.js';
import { clickSpans } from '../commands/selection.js';
import { createSpan, relabelSelected } from '../commands/spans.js';
import { editArticleDetails, setStatus, statusText } from '../commands/articles.js';
import { layoutOf, toggleArcs } from '../commands/layout.js';
import { ArcsLayer } from '../editor/arcs.js';
import { closeFind, findStep, selectFound, setFindQuery } from '../commands/find.js';
import { suggestArticle } from '../commands/suggestions.js';
import { useWorkbench } from './hooks.js';
import { focusWhenFree } from './focus.js';
import { CleaningDialog } from './CleaningDialog.js';
import { MetadataDialog } from './MetadataDialog.js';

const REASONS: Record<string, string> = { newsletter: 'newsletter sign-up', 'read-more': '“read more” line', share: 'share prompt', 'photo-credit': 'photo caption', dateline: 'dateline' };

/** A provenance entry ("dateline: Friday, …") in words. */
const removedReason = (entry: string): string => {
  const reason = entry.slice(0, entry.indexOf(':'));
  return REASONS[reason] ?? reason;
};

export function ArticlePane({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<ArticleView | null>(null);
  const doc = s.doc;
  const labels = s.project?.schema.labels;
  const articleId = doc?.article.id;
  const [cleaning, setCleaning] = useState(false);
  const layout = layoutOf(wb);
  const { arcs, editingDetails } = useSyncExternalStore(layout.subscribe, layout.get);
  const scroller = useRef<HTMLDivElement>(null);

  // One EditorView per open article, attached to the workbench: later changes reach it from the
  // store (state/view-binding.ts), never from here.
  useEffect(() => {
    if (!host.current || !doc || !labels) return;
    const view = new ArticleView(host.current, doc, labels, {
      onKey: (e) => handleArticleKey(wb, e),
      onClickSpans: (ids) => clickSpans.perform(wb, ids),
    });
    const detach = wb.attachView(view);
    viewRef.current = view;
    const cancelFocus = focusWhenFree(() => view.focus());
    return () => {
      cancelFocus();
      detach();
      viewRef.current = null;
      view.destroy();
    };
    // Only a new article, or a new text of it (its cleaning changed), makes a new view: the doc
    // and labels it starts from are read then, and later ones reach it through the binding.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [articleId, s.textVersion]);

  // The relation arcs (editor/arcs.ts): an overlay over the text while the view is on; it follows
  // the view's documents itself, so it is made anew only with the view or the toggle.
  useEffect(() => {
    const view = viewRef.current;
    if (!arcs || !view || !scroller.current) return;
    const layer = new ArcsLayer(view, scroller.current);
    return () => layer.destroy();
  }, [arcs, articleId, s.textVersion]);

  if (s.loadError) return <main className="centre"><div className="load-error" role="alert">{s.loadError}</div></main>;
  if (!doc) return <main className="centre"><div className="placeholder">Choose an article on the left.</div></main>;
  const m = doc.article.metadata;
  const removed = doc.article.provenance.removed ?? [];
  const unannotated = doc.spans.length === 0 && doc.links.length === 0;
  const annotations = doc.spans.length + doc.links.length + (doc.events?.length ?? 0);
  const hollowDone = doc.article.status === 'done' && annotations === 0;
  return (
    <main className="centre">
      <div className="article-head">
        <div className="article-title-row">
          <h1 className="article-title" dir="auto">{doc.article.title}</h1>
          <button type="button" className="edit-details" onClick={() => editArticleDetails.perform(wb)} aria-keyshortcuts="Alt+M"
            aria-label="Edit the article's details" title="Edit title, outlet, byline, date and link (Alt+M)">✎</button>
        </div>
        <div className="article-meta-row">
          <div className="article-meta">
            {[m.outlet, m.byline, m.published].filter(Boolean).join(' · ')}
            {m.url && isWebLink(m.url) && <> · <a href={m.url} target="_blank" rel="noreferrer noopener">source</a></>}
            {m.license && <span className="license" title={m.attribution}> · {m.license}</span>}
          </div>
          {/* In the meta row, not the toolbar: the label buttons keep one line at 1024 px (issue 16). */}
          <button type="button" className="suggest-button" onMouseDown={(e) => e.preventDefault()} onClick={() => void suggestArticle.perform(wb)}
            aria-keyshortcuts="Alt+G" title="Suggest speakers, cues and quotes (Alt+G); Enter accepts, Backspace rejects, Alt+Shift+G accepts all">Suggest</button>
          <label className="status-select">
            <span className="status-word">Status </span>
            <select value={doc.article.status} onChange={(e) => setStatus.perform(wb, e.target.value as ArticleStatus)} aria-label="Article status"
              className={hollowDone ? 'status-hollow' : undefined} data-hollow-done={hollowDone ? '' : undefined}
              title={hollowDone ? 'Marked done, but every annotation was deleted since' : undefined}>
              <option value="todo">To do</option>
              <option value="in-progress">In progress</option>
              <option value="done">{statusText('done', annotations)}</option>
            </select>
          </label>
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
          <button type="button" className="arcs-toggle" aria-pressed={arcs} onMouseDown={(e) => e.preventDefault()} onClick={() => toggleArcs.perform(wb)}
            aria-keyshortcuts="Alt+R" title="Show the links as arcs above the text (Alt+R)">Arcs</button>
          {doc.article.provenance.raw !== undefined && (
            <button type="button" className="cleaning-button" onClick={() => setCleaning(true)} title="What cleaning removed from the original text (newsletter blocks, captions, datelines)">Cleaning…</button>
          )}
        </div>
        {removed.length > 0 && unannotated && (
          <div className="cleaning-banner" role="note">
            Removed on import: {removed.map(removedReason).join(', ')}.{' '}
            <button type="button" className="link-button" onClick={() => setCleaning(true)}>Review before annotating…</button>
          </div>
        )}
        {editingDetails && <MetadataDialog wb={wb} article={doc.article} />}
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
      <div className="article-scroll" ref={scroller} data-arcs={arcs ? '' : undefined}>
        <div ref={host} className="article-host" data-article-id={doc.article.id} />
      </div>
    </main>
  );
}
