/**
 * The article's keymap: which key, in which situation (choosing a link target, text selected, a
 * span selected), runs which Workbench action. Keys with Ctrl or ⌘ are left to the window.
 */
import { labelDef } from '../../annotations/index.js';
import type { Workbench } from '../state/workbench.js';

/** A key pressed in the article. Returns true when the key was used. */
export function handleArticleKey(wb: Workbench, e: KeyboardEvent): boolean {
  const s = wb.get();
  const schema = s.project?.schema;
  const view = wb.view;
  if (!schema || !s.doc || !view) return false;
  const mod = e.ctrlKey || e.metaKey;
  if (mod) return false; // undo, redo, find: handled by the window
  if (s.link) {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') wb.moveLinkChoice(1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') wb.moveLinkChoice(-1);
    else if (e.key === 'Enter') void wb.confirmLink();
    else if (e.key === 'Escape') wb.cancelLink();
    else return true;
    return true;
  }
  const sel = view.selection();
  const hasText = sel.end > sel.start;
  const label = schema.labels.find((l) => l.key && l.key === e.key && !e.altKey);
  if (label) {
    if (hasText) void wb.createSpan(label.name);
    else if (s.selected) void wb.relabelSelected(label.name);
    return true;
  }
  const span = wb.span(s.selected);
  switch (e.key) {
    case 'Tab':
      wb.selectNext(e.shiftKey ? -1 : 1);
      return true;
    case 'Escape':
      if (hasText) view.collapse();
      else wb.select(null);
      return true;
    case 'Delete':
    case 'Backspace':
      if (span) void wb.removeSelected();
      return true;
    case 'Enter':
      if (span) wb.openSourcePicker();
      return true;
  }
  if (span && e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft') && !hasText) {
    const grow = e.key === 'ArrowRight' ? !e.altKey : e.altKey;
    void wb.resizeSelected(grow ? 'grow' : 'shrink', e.altKey);
    return true;
  }
  const k = e.key.toLowerCase();
  if (span && !e.altKey && k.length === 1) {
    if (k === 'l') return wb.startLink(), true;
    if (k === 'k') return void wb.linkNearest(), true;
    if (k === 'f' && hasText) return void wb.addFragment(), true;
    if (k === 's') return wb.openSourcePicker(), true;
    const def = labelDef(schema, span.label);
    for (const a of def?.attributes ?? []) {
      const i = a.keys?.indexOf(k) ?? -1;
      if (i >= 0) {
        void wb.setAttribute(a.name, span.attributes[a.name] === a.values[i] ? null : a.values[i]!);
        return true;
      }
    }
  }
  // Plain typing never edits the text; let navigation keys through.
  return k.length === 1 && !e.altKey;
}
