/**
 * The workbench layout: articles on the left, the article in the centre, details on the right.
 * Below 62.5rem of width (a 1280 px window at 200% zoom is 640 CSS px) the two side columns become
 * drawers over the text, opened by the topbar's buttons or Alt+A / Alt+P and closed by Escape; the
 * layout itself is CSS (styles.css, "Narrow screens"), this file only holds which drawer is open.
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Workbench } from '../state/workbench.js';
import { openArticle, importText } from '../commands/articles.js';
import { focusKey, handleWindowKey, noteKeyFree } from '../commands/keymap.js';
import { closeSourcePicker } from '../commands/sources.js';
import { dismissImportReport, importFiles } from '../commands/import.js';
import { notify, setUser } from '../commands/project.js';
import { layoutOf, togglePanel } from '../commands/layout.js';
import { mediaQuery, useWorkbench } from './hooks.js';
import { ArticleList } from './ArticleList.js';
import { ArticlePane } from './ArticlePane.js';
import { SidePanel } from './SidePanel.js';
import { StatusBar } from './StatusBar.js';
import { UserDialog } from './UserDialog.js';
import { ExportDialog } from './ExportDialog.js';
import { SchemaEditor } from './SchemaEditor.js';
import { openSchemaEditor, schemaEditorToggle } from '../commands/schema.js';
import { KeyHelp } from './KeyHelp.js';
import { ImportDialog } from './ImportDialog.js';
import { LinkHint } from './LinkHint.js';
import { cycleRegion, focusNote, focusRegion, preferredTarget } from './focus.js';
import { CorpusPage, useCorpusRoute } from './CorpusPage.js';
import { PageLinks } from './PageLinks.js';
import { corpusRouteOf } from '../state/corpus.js';
import { AgreementPage, useAgreementRoute } from './AgreementPage.js';
import { agreementRouteOf } from '../state/agreement.js';
import { CurateButton, CurationView, useCurationRoute } from './CurationView.js';
import { curationRoute } from '../commands/curation.js';
import { TeamMenu } from './UsersDialog.js';

const route = (): string | undefined => /^#\/articles\/([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];

/** Keep in step with the `@media (max-width: 62.49rem)` rules in styles.css. */
const NARROW = '(max-width: 62.49rem)';
const narrowQuery = (): MediaQueryList => matchMedia(NARROW);
/** True while the side columns are drawers (the CSS media query matches). */
const useNarrow = mediaQuery(NARROW);

type Drawer = 'articles' | 'details';

/** Gives the keyboard back to the article text, when one is shown. */
const focusText = (wb: Workbench): void => wb.view?.focus();
const DRAWER_FOCUS: Record<Drawer, readonly string[]> = { articles: ['input[aria-label="Search articles"]'], details: ['[role="tab"][aria-selected="true"]', '[role="tab"]'] };
/** Focuses what drawer `d` gives the keyboard to (the search; the selected tab). */
const focusDrawer = (d: Drawer): void => preferredTarget(document.getElementById(`${d}-drawer`), DRAWER_FOCUS[d])?.focus();

export function App({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const [paste, setPaste] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [exporting, setExporting] = useState(false);
  // The key help (? or F1) and the Import dialog: while one is open it takes the keyboard.
  const [modal, setModal] = useState<'help' | 'import' | null>(null);
  const modalRef = useRef(modal);
  const [drawer, setDrawer] = useState<Drawer | null>(null);
  const narrow = useNarrow();
  // #/sources, #/sources/<id>, #/claims, #/provenance, #/charts: a corpus page over the columns (CorpusPage.tsx, issue 21).
  const corpus = useCorpusRoute();
  // #/agreement, #/agreement/<a>/<b>[/<id>]: the Agreement page (AgreementPage.tsx, issue 18).
  const agreement = useAgreementRoute();
  // #/curate/<id>: the curation view in the centre (CurationView.tsx, issue 18).
  const curating = useCurationRoute();
  // Which side columns are hidden on a wide screen (commands/layout.ts; remembered in localStorage).
  const layout = layoutOf(wb);
  const { collapsed } = useSyncExternalStore(layout.subscribe, layout.get);
  const schemaToggle = schemaEditorToggle(wb);
  const editingSchema = useSyncExternalStore(schemaToggle.subscribe, schemaToggle.get);
  // The source picker lives in the side panel and takes the keyboard: on a narrow screen it opens
  // the details drawer by itself (in the same render, so its autofocus finds a visible input).
  const open: Drawer | null = !narrow ? null : s.sourcePicker ? 'details' : drawer;
  const openRef = useRef(open);
  const focusOnOpen = useRef(false);
  const toggleDrawer = (d: Drawer) => {
    if (!narrowQuery().matches) {
      // Nothing to open on a wide screen: the shortcut moves the focus to that column instead.
      focusDrawer(d);
      return;
    }
    focusOnOpen.current = openRef.current !== d;
    setDrawer(openRef.current === d ? null : d);
  };
  const toggleRef = useRef(toggleDrawer);
  const closeDrawer = () => {
    setDrawer(null);
    if (s.sourcePicker) closeSourcePicker.perform(wb);
  };
  const closeRef = useRef(closeDrawer);
  // The window's key handler (installed once) reads the latest of these; set after each commit,
  // before any event can run.
  useLayoutEffect(() => {
    openRef.current = open;
    modalRef.current = modal;
    toggleRef.current = toggleDrawer;
    closeRef.current = closeDrawer;
  });
  const wasOpen = useRef<Drawer | null>(null);
  useEffect(() => {
    const before = wasOpen.current;
    wasOpen.current = open;
    // An open drawer is modal: what it covers leaves the tab order and the accessibility tree.
    for (const el of document.querySelectorAll<HTMLElement>('.app > header, .app > main, .app > footer')) el.inert = !!open;
    if (open && focusOnOpen.current) {
      focusOnOpen.current = false;
      focusDrawer(open);
    } else if (before && !open) {
      // The focus was in the drawer that just closed (or on nothing): give it back to the text.
      const a = document.activeElement;
      if (!a || a === document.body || document.getElementById(`${before}-drawer`)?.contains(a)) focusText(wb);
    }
  }, [open, wb]);
  useEffect(() => {
    const open = () => setExporting(true);
    const openImport = () => setModal('import');
    window.addEventListener('sourcemark:export', open);
    window.addEventListener('sourcemark:import', openImport);
    return () => {
      window.removeEventListener('sourcemark:export', open);
      window.removeEventListener('sourcemark:import', openImport);
    };
  }, []);

  useEffect(() => {
    const go = () => {
      setDrawer((d) => (d === 'articles' ? null : d));
      const id = route() ?? curationRoute(location.hash);
      if (id) void openArticle.perform(wb, id);
    };
    window.addEventListener('hashchange', go);
    go();
    return () => window.removeEventListener('hashchange', go);
  }, [wb]);

  // Open the first article when the project loads without one in the address.
  useEffect(() => {
    if (!route() && !curationRoute(location.hash) && !corpusRouteOf(location.hash) && !agreementRouteOf(location.hash) && s.list?.items[0]) location.hash = `#/articles/${s.list.items[0].id}`;
  }, [s.list]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modalRef.current) return; // the dialog's own keys (Escape, Tab)
      const t = e.target instanceof Element ? e.target : null;
      const fieldish = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
      // F6, Alt+L, /, ?, F1, N: focus keys (commands/keymap.ts focusKey, components/focus.ts).
      const want = focusKey(e, { inField: fieldish, inText: !!t?.closest('.ProseMirror'), spanSelected: noteKeyFree(wb.store.get()) });
      if (want) {
        e.preventDefault();
        if (want === 'help') setModal('help');
        else if (typeof want === 'object') cycleRegion(want.region);
        else if (want === 'note') {
          if (!focusNote() && narrowQuery().matches) {
            toggleRef.current('details');
            requestAnimationFrame(() => focusNote());
          }
        } else if (!focusRegion(want) && narrowQuery().matches && openRef.current !== 'articles') {
          toggleRef.current('articles');
          requestAnimationFrame(() => focusRegion(want));
        }
        return;
      }
      // ProseMirror prevents the default of Ctrl+Z/Y itself (native undo would edit the text), so
      // only Ctrl+Enter, which the find bar also uses, looks at defaultPrevented.
      const mod = e.ctrlKey || e.metaKey;
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === 'Escape' && openRef.current) {
        closeRef.current();
      } else if (e.altKey && !mod && !e.shiftKey && (e.code === 'KeyA' || e.code === 'KeyP')) {
        // e.code: Alt+letter types another character on a Mac keyboard (Alt+A is "å").
        e.preventDefault();
        toggleRef.current(e.code === 'KeyA' ? 'articles' : 'details');
      } else if (handleWindowKey(wb, e, inField)) {
        // Undo, redo, find, Ctrl+Enter, Alt+N, Alt+1/2/3: the commands' window keys (commands/keymap.ts).
        e.preventDefault();
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!inField && text.trim().length > 0) setPaste(text);
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (wb.store.get().save.kind !== 'saved') e.preventDefault();
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
      void importFiles.perform(wb, [...e.dataTransfer.files]);
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
    <div className="app" data-collapsed-articles={collapsed.articles ? '' : undefined} data-collapsed-details={collapsed.details ? '' : undefined}>
      <header className="topbar">
        <button type="button" className="topbar-button drawer-toggle" aria-controls="articles-drawer" aria-expanded={open === 'articles'}
          aria-keyshortcuts="Alt+A" title="Articles (Alt+A)" onClick={() => toggleDrawer('articles')}>☰ Articles</button>
        <button type="button" className="topbar-button panel-toggle" aria-label="Article list" aria-pressed={!collapsed.articles} data-panel="articles"
          aria-keyshortcuts="Alt+Shift+A" title={`${collapsed.articles ? 'Show' : 'Hide'} the article list (Alt+Shift+A)`} onClick={() => togglePanel.perform(wb, 'articles')}>◧</button>
        <span className="brand">Sourcemark</span>
        <span className="project-name">{s.project?.name ?? 'Opening…'}</span>
        <PageLinks corpus={corpus} agreement={!!agreement} />
        {s.project?.problem && (
          <span className="read-only-banner" role="alert" data-read-only title={s.project.problem}>Read-only: {s.project.problem}</span>
        )}
        <button type="button" className="topbar-button drawer-toggle" aria-controls="details-drawer" aria-expanded={open === 'details'}
          aria-keyshortcuts="Alt+P" title="The annotation, sources and guidelines panel (Alt+P)" data-has-selection={s.selected ? '' : undefined}
          onClick={() => toggleDrawer('details')}>Details</button>
        <button type="button" className="topbar-button panel-toggle" aria-label="Details panel" aria-pressed={!collapsed.details} data-panel="details"
          aria-keyshortcuts="Alt+Shift+P" title={`${collapsed.details ? 'Show' : 'Hide'} the details panel (Alt+Shift+P)`} onClick={() => togglePanel.perform(wb, 'details')}>◨</button>
        <button type="button" className="topbar-button" onClick={() => setModal('help')} aria-keyshortcuts="? F1" title="Every key (? or F1)">Keys</button>
        <button type="button" className="topbar-button" onClick={() => openSchemaEditor.perform(wb)} aria-keyshortcuts="Alt+S" title="Labels, keys, attributes, link types and the verdict scale (Alt+S)">Labels…</button>
        {!curating && <CurateButton wb={wb} />}
        <TeamMenu wb={wb} />
        <button type="button" className="topbar-button" onClick={() => setExporting(true)} title="Export a dataset (brat, doccano, Label Studio, spaCy, CoNLL, CSV, W3C, ClaimReview…)">Export…</button>
        {s.notice && (
          <span className="notice">
            {s.notice}
            <button type="button" className="link-button" onClick={() => notify.perform(wb, null)} aria-label="Dismiss">×</button>
          </span>
        )}
      </header>
      {/* The drawers are `display: contents` on a wide screen, so the columns stay grid items. */}
      <Drawer id="articles-drawer" kind="articles" title="Articles" open={open === 'articles'} onClose={closeDrawer}
        onClick={(e) => {
          if (e.target instanceof Element && e.target.closest('.article-list a')) setDrawer(null);
        }}>
        <ArticleList wb={wb} onImport={() => setModal('import')} />
      </Drawer>
      {curating ? <CurationView wb={wb} /> : <ArticlePane wb={wb} />}
      <Drawer id="details-drawer" kind="details" title="Details" open={open === 'details'} onClose={closeDrawer}>
        <SidePanel wb={wb} />
      </Drawer>
      {open && <div className="drawer-backdrop" aria-hidden="true" onClick={closeDrawer} />}
      {corpus && <CorpusPage wb={wb} route={corpus} />}
      {agreement && <AgreementPage wb={wb} route={agreement} />}
      <StatusBar wb={wb} />
      {s.askUser && s.project && <UserDialog initial={s.user} onDone={(name) => setUser.perform(wb, name)} />}
      {exporting && <ExportDialog wb={wb} onClose={() => setExporting(false)} />}
      {editingSchema && <SchemaEditor wb={wb} />}
      {modal === 'help' && <KeyHelp labels={s.project?.schema.labels ?? []} onClose={() => setModal(null)} />}
      {modal === 'import' && <ImportDialog wb={wb} onClose={() => setModal(null)} />}
      <LinkHint wb={wb} />
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop files to import them</div>}
      {s.importReport && (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-label="Import finished">
            <h2>Import finished</h2>
            <p className="import-summary">{s.importReport[0]}</p>
            {s.importReport.length > 1 && <pre className="paste-preview import-details">{s.importReport.slice(1).map((l) => l.trim()).join('\n')}</pre>}
            <div className="modal-actions">
              <button type="button" className="primary" autoFocus onClick={() => dismissImportReport.perform(wb)}>Close</button>
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
                void importText.perform(wb, text);
              }}>Add article</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * A side column that is a drawer on a narrow screen (a modal dialog while open, with a close
 * button); on a wide one its wrapper is `display: contents` and the column is in the grid as before.
 */
function Drawer({ id, kind, title, open, onClose, onClick, children }: {
  id: string; kind: 'articles' | 'details'; title: string; open: boolean; onClose: () => void;
  onClick?: (e: React.MouseEvent<HTMLDivElement>) => void; children: React.ReactNode;
}) {
  return (
    <div id={id} className={`drawer drawer-${kind}`} data-open={open ? '' : undefined}
      {...(open ? { role: 'dialog', 'aria-modal': true, 'aria-label': title } : {})} onClick={onClick}>
      <div className="drawer-head">
        <span>{title}</span>
        <button type="button" onClick={onClose} aria-label={`Close the ${title.toLowerCase()}`} title="Close (Escape)">×</button>
      </div>
      {children}
    </div>
  );
}
