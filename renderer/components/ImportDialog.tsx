/**
 * The Import dialog: files chosen from the disk (or dropped anywhere), text pasted into a box,
 * or a web page by its address (the server fetches it, as `import URL` on the command line).
 * Each way closes the dialog and hands over to the import commands, whose progress and report
 * the article list and the report dialog show. Escape or Cancel closes it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Workbench } from '../state/workbench.js';
import { importText } from '../commands/articles.js';
import { importFiles, importUrl } from '../commands/import.js';
import { modalKeys } from './focus.js';

/** The dialog's own file input (the list's hidden `#import-files` stays for the desktop menu). */
export const DIALOG_FILES_ID = 'import-dialog-files';

const ACCEPT = '.txt,.ann,.html,.htm,.jsonl,.ndjson,.json,.csv';
const isWebAddress = (u: string): boolean => /^https?:\/\/[^\s/?#\\]/i.test(u.trim()) && URL.canParse(u.trim());

export function ImportDialog({ wb, onClose }: { wb: Workbench; onClose: () => void }) {
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const first = useRef<HTMLButtonElement>(null);
  const ids = useId();
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.focus();
    return () => {
      // Back where the focus was, unless the import opened an article (its text takes it).
      if (before?.isConnected && document.activeElement === document.body) before.focus();
    };
  }, []);
  const urlOk = isWebAddress(url);
  return (
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal import-dialog" role="dialog" aria-modal="true" aria-labelledby={`${ids}-title`}
        onKeyDown={modalKeys(onClose)}>
        <h2 id={`${ids}-title`}>Import</h2>
        <section className="import-way" aria-labelledby={`${ids}-files`}>
          <h3 id={`${ids}-files`}>Files</h3>
          <p className="hint">Text, web pages (.html), JSON Lines, CSV, brat (.txt with its .ann), doccano, Label Studio, Sourcemark datasets. You can also drop files anywhere on the window.</p>
          <button type="button" ref={first} onClick={() => document.getElementById(DIALOG_FILES_ID)?.click()}>Choose files…</button>
          <input id={DIALOG_FILES_ID} type="file" multiple hidden accept={ACCEPT} aria-label="Files to import"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (!files.length) return;
              onClose();
              void importFiles.perform(wb, files);
            }} />
        </section>
        <form className="import-way" aria-labelledby={`${ids}-paste`} onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          onClose();
          void importText.perform(wb, text);
        }}>
          <h3 id={`${ids}-paste`}><label htmlFor={`${ids}-text`}>Paste text</label></h3>
          <textarea id={`${ids}-text`} dir="auto" rows={6} aria-label="Text to import" placeholder="Paste an article’s text here."
            value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" disabled={!text.trim()}>Add as an article</button>
        </form>
        <form className="import-way" aria-labelledby={`${ids}-url`} onSubmit={(e) => {
          e.preventDefault();
          if (!urlOk) return;
          onClose();
          void importUrl.perform(wb, url);
        }}>
          <h3 id={`${ids}-url`}><label htmlFor={`${ids}-address`}>From a web address</label></h3>
          <div className="import-url-row">
            <input id={`${ids}-address`} type="url" inputMode="url" aria-label="Web address to import" placeholder="https://…"
              value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={url.trim() !== '' && !urlOk} />
            <button type="submit" disabled={!urlOk}>Fetch and import</button>
          </div>
          {url.trim() !== '' && !urlOk && <p className="hint">An http or https address, such as https://example.org/news/story.html.</p>}
        </form>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
