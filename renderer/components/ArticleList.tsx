/** The project's articles: search, status filter, progress, counts per label, damaged markers. */
import { countsOf, labelAbbreviations, type ArticleStatus } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';
import { restoreBackup, setListQuery, setStatusOf, statusText } from '../commands/articles.js';
import { cancelImport, importFiles } from '../commands/import.js';
import { useWorkbench } from './hooks.js';
import { showsOtherLayers } from '../state/layers.js';
import { SearchHits } from './SearchHits.js';
import { AssignButton } from './AssignmentDialog.js';

const STATUS_TEXT: Record<ArticleStatus, string> = { todo: 'To do', 'in-progress': 'In progress', done: 'Done' };

/** The hidden file input the desktop menu's Import… opens (the Import button opens the Import dialog). */
export const IMPORT_INPUT_ID = 'import-files';

/** `onImport` opens the Import dialog (files, pasted text, a web address). */
export function ArticleList({ wb, onImport }: { wb: Workbench; onImport: () => void }) {
  const s = useWorkbench(wb);
  const list = s.list;
  const labels = s.project?.schema.labels ?? [];
  const abbr = labelAbbreviations(labels);
  const p = list?.progress;
  const total = p ? p.todo + p.inProgress + p.done : 0;
  // Blind (issue 18): each row counts the annotator's own layer only, as the article view shows it.
  const ownLayers = showsOtherLayers(s) ? undefined : [s.user];
  return (
    <nav className="left" aria-label="Articles">
      <div className="left-tools import-tools">
        <button type="button" className="primary" onClick={onImport} disabled={!!s.importing} aria-haspopup="dialog"
          title="Files (text, web pages, JSON Lines, CSV, brat, doccano, Label Studio, Sourcemark datasets), pasted text, or a web address; or drop files anywhere">Import…</button>
        <AssignButton wb={wb} />
        <input id={IMPORT_INPUT_ID} type="file" multiple hidden accept=".txt,.ann,.html,.htm,.jsonl,.ndjson,.json,.csv" aria-label="Files to import"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void importFiles.perform(wb, files);
          }} />
        {s.importing && (
          <div className="import-progress" role="status" aria-live="polite">
            <progress max={s.importing.total} value={s.importing.done} />
            <span>{s.importing.done} of {s.importing.total}: {s.importing.current}</span>
            <button type="button" onClick={() => cancelImport.perform(wb)} disabled={s.importing.cancelled}>{s.importing.cancelled ? 'Stopping…' : 'Cancel'}</button>
          </div>
        )}
      </div>
      <div className="left-tools">
        <input type="search" dir="auto" placeholder="Search articles" title='Titles and outlets; the texts, notes and source names are searched too ("a phrase", prefix*, label:Quote, source:NAME)' aria-label="Search articles" value={s.query.search ?? ''}
          onChange={(e) => void setListQuery.perform(wb, { ...s.query, search: e.target.value })} />
        <select aria-label="Filter by status" value={s.query.status ?? ''} onChange={(e) => {
          const status = e.target.value as ArticleStatus | 'damaged' | '';
          const { status: _old, ...rest } = s.query;
          void setListQuery.perform(wb, status ? { ...rest, status } : rest);
        }}>
          <option value="">All</option>
          <option value="todo">To do</option>
          <option value="in-progress">In progress</option>
          <option value="done">Done</option>
          <option value="damaged">Damaged</option>
        </select>
      </div>
      {p && (
        <div className="progress" aria-label="Progress">
          <div className="progress-bar" title={`${p.done} done, ${p.inProgress} in progress, ${p.todo} to do`}>
            <span className="done" style={{ width: `${total ? (100 * p.done) / total : 0}%` }} />
            <span className="in-progress" style={{ width: `${total ? (100 * p.inProgress) / total : 0}%` }} />
          </div>
          <span>{p.done} done · {p.inProgress} in progress · {p.todo} to do{p.damaged ? ` · ${p.damaged} damaged` : ''}</span>
        </div>
      )}
      <ul className="article-list">
        {list?.items.map((row) => ({ a: row, ...countsOf(row, ownLayers) })).map(({ a, counts, links }) => (
          <li key={a.id} className={`${a.id === s.doc?.article.id ? 'current' : ''} ${a.damaged ? 'damaged' : ''}`} data-article-id={a.id}>
            <a href={`#/articles/${a.id}`}>
              <span className="title" dir="auto">{a.title}</span>
              <span className="meta">
                {[a.outlet, a.published].filter(Boolean).join(' · ')}
                {a.damaged ? <span className="status status-damaged">Damaged</span> : (
                  <select className={`status status-${a.status}`} value={a.status} aria-label={`Status of ${a.title}`}
                    onClick={(e) => e.preventDefault()} onChange={(e) => setStatusOf.perform(wb, a.id, e.target.value as ArticleStatus)}>
                    {(Object.keys(STATUS_TEXT) as ArticleStatus[]).map((k) => <option key={k} value={k}>{STATUS_TEXT[k]}</option>)}
                  </select>
                )}
                {!a.damaged && statusText(a.status, Object.values(counts).reduce((x, y) => x + y, 0) + links) !== STATUS_TEXT[a.status] ? <span className="status-note">but no annotations</span> : null}
              </span>
              {!a.damaged && (
                <span className="counts">
                  {labels.map((l) => (
                    <span key={l.name} className="count" style={{ '--c': l.color } as React.CSSProperties} title={`${counts[l.name] ?? 0} ${l.name}`}>
                      {abbr.get(l.name)} {counts[l.name] ?? 0}
                    </span>
                  ))}
                </span>
              )}
            </a>
            {a.damaged && (
              <div className="damaged-reason">
                {a.damaged}
                <button type="button" onClick={() => void restoreBackup.perform(wb, a.id)}>Restore newest backup</button>
              </div>
            )}
          </li>
        ))}
        {list && list.items.length === 0 && <li className="empty">No articles match.</li>}
      </ul>
      {/* Matches in the texts, notes and source names (issue 21): the corpus search index. */}
      <SearchHits wb={wb} query={s.query.search ?? ''} />
    </nav>
  );
}
