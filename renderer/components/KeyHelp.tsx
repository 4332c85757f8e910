/**
 * The key help (? or F1): every key, by group, from commands/keymap.ts' KEY_HELP (checked
 * against the commands' own key tests) and, for the labels and attributes, from the project's
 * schema. A modal dialog: Escape or Close shuts it and gives the focus back where it was.
 */
import { useEffect, useRef } from 'react';
import type { LabelDef } from '../../annotations/index.js';
import { KEY_HELP } from '../commands/keymap.js';
import { modalKeys } from './focus.js';

export function KeyHelp({ labels, onClose }: { labels: readonly LabelDef[]; onClose: () => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // The dialog itself takes the focus, so it opens at its top (Close is at the bottom).
    dialog.current?.focus();
    return () => before?.focus();
  }, []);
  const attributeKeys = labels.flatMap((l) => l.attributes.flatMap((a) => (a.keys ?? []).map((k, i) => ({ key: k.toUpperCase(), what: `${l.name}: ${a.name} ${a.values[i]}` }))));
  return (
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal key-help" role="dialog" aria-modal="true" aria-labelledby="key-help-title" ref={dialog} tabIndex={-1}
        onKeyDown={modalKeys(onClose)}>
        <h2 id="key-help-title">Keyboard</h2>
        <div className="key-help-groups">
          <section>
            <h3>Labels</h3>
            <dl className="shortcuts">
              {labels.filter((l) => l.key).map((l) => (
                <div key={l.name}><dt><kbd>{l.key}</kbd></dt><dd><span className="swatch" style={{ background: l.color }} /> {l.name}</dd></div>
              ))}
              {attributeKeys.map((a) => <div key={a.what}><dt><kbd>{a.key}</kbd></dt><dd>{a.what}</dd></div>)}
            </dl>
          </section>
          {KEY_HELP.map((g) => (
            <section key={g.group}>
              <h3>{g.group}</h3>
              <dl className="shortcuts">
                {g.lines.map((l) => <div key={l.keys + l.what}><dt><kbd>{l.keys}</kbd></dt><dd>{l.what}</dd></div>)}
              </dl>
            </section>
          ))}
        </div>
        <div className="modal-actions">
          <button type="button" className="primary" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
