/** The workbench layout: articles on the left, the article in the centre, details on the right. */
import { useEffect, useState } from 'react';
import type { Workbench } from '../workbench.js';
import { useWorkbench } from './hooks.js';
import { ArticleList } from './ArticleList.js';
import { ArticlePane } from './ArticlePane.js';
import { SidePanel } from './SidePanel.js';
import { StatusBar } from './StatusBar.js';
import { UserDialog } from './UserDialog.js';
import { ExportDialog } from './ExportDialog.js';

const route = (): string | undefined => /^#\/articles\/([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];

export function App({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const [paste, setPaste] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    const open = () => setExporting(true);
    window.addEventListener('sourcemark:export', open);
    return () => window.removeEventListener('sourcemark:export', open);
  }, []);

  useEffect(() => {
    const go = () => {
      const id = route();
      if (id) void wb.openArticle(id);
    };
    window.addEventListener('hashchange', go);
    go();
    return () => window.removeEventListener('hashchange', go);
  }, [wb]);

  // Open the first article when the project loads without one in the address.
  useEffect(() => {
    if (!route() && s.list?.items[0]) location.hash = `#/articles/${s.list.items[0].id}`;
  }, [s.list]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // ProseMirror prevents the default of Ctrl+Z/Y itself (native undo would edit the text), so
      // only Ctrl+Enter, which the find bar also uses, looks at defaultPrevented.
      const mod = e.ctrlKey || e.metaKey;
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (mod && e.key.toLowerCase() === 'z' && !inField) {
        e.preventDefault();
        void wb.undo(e.shiftKey);
      } else if (mod && e.key.toLowerCase() === 'y' && !inField) {
        e.preventDefault();
        void wb.undo(true);
      } else if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        wb.openFind();
      } else if (mod && e.key === 'Enter' && !inField && !e.defaultPrevented) {
        e.preventDefault();
        void wb.setStatus('done').then(() => {
          const next = wb.nextNotDone();
          if (next) location.hash = `#/articles/${next}`;
        });
      } else if (e.altKey && !mod && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        const next = wb.nextNotDone();
        if (next) location.hash = `#/articles/${next}`;
      } else if (e.altKey && !mod && ['1', '2', '3'].includes(e.key)) {
        e.preventDefault();
        void wb.setStatus((['todo', 'in-progress', 'done'] as const)[Number(e.key) - 1]!);
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!inField && text.trim().length > 0) setPaste(text);
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (wb.get().save.kind !== 'saved') e.preventDefault();
    };
    const onDragOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDragging(true);
    };
    const onDragLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      setDragging(false);
      void wb.importFiles([...e.dataTransfer.files]);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [wb]);

  if (s.fatal) {
    return (
      <div className="fatal" role="alert">
        <h1>Sourcemark could not open the project</h1>
        <p>{s.fatal}</p>
      </div>
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Sourcemark</span>
        <span className="project-name">{s.project?.name ?? 'Opening…'}</span>
        {s.project?.problem && (
          <span className="read-only-banner" role="alert" data-read-only title={s.project.problem}>Read-only: {s.project.problem}</span>
        )}
        <button type="button" className="topbar-button" onClick={() => setExporting(true)} title="Export a dataset (brat, doccano, Label Studio, spaCy, CoNLL, CSV, W3C, ClaimReview…)">Export…</button>
        {s.notice && (
          <span className="notice" role="status">
            {s.notice}
            <button type="button" className="link-button" onClick={() => wb.notify(null)} aria-label="Dismiss">×</button>
          </span>
        )}
      </header>
      <ArticleList wb={wb} />
      <ArticlePane wb={wb} />
      <SidePanel wb={wb} />
      <StatusBar wb={wb} />
      {s.askUser && s.project && <UserDialog initial={s.user} onDone={(name) => wb.setUser(name)} />}
      {exporting && <ExportDialog wb={wb} onClose={() => setExporting(false)} />}
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop files to import them</div>}
      {s.importReport && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-label="Import finished">
            <h2>Import finished</h2>
            <p className="import-summary">{s.importReport[0]}</p>
            {s.importReport.length > 1 && <pre className="paste-preview import-details">{s.importReport.slice(1).map((l) => l.trim()).join('\n')}</pre>}
            <div className="modal-actions">
              <button type="button" className="primary" autoFocus onClick={() => wb.dismissImportReport()}>Close</button>
            </div>
          </div>
        </div>
      )}
      {paste !== null && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-label="New article from pasted text">
            <h2>New article from pasted text?</h2>
            <pre className="paste-preview">{paste.slice(0, 600)}{paste.length > 600 ? '…' : ''}</pre>
            <div className="modal-actions">
              <button type="button" onClick={() => setPaste(null)}>Cancel</button>
              <button type="button" className="primary" autoFocus onClick={() => {
                const text = paste;
                setPaste(null);
                void wb.importText(text).then((id) => {
                  if (id) location.hash = `#/articles/${id}`;
                });
              }}>Add article</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
