/**
 * The status line: save state, annotator, counts; and the page's one polite live region
 * (`[data-announcer]`), which tells a screen-reader user what the eye sees change: the selected
 * annotation (label, text, what it lies inside), each link candidate while linking, the link
 * made, the save state, notices and changes made elsewhere. Each announcement is a new element,
 * so only it is read; the last few are kept.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { spanText, type ArticleDoc, type Span } from '../../annotations/index.js';
import type { WorkbenchState } from '../state/store.js';
import type { Workbench } from '../state/workbench.js';
import { span as spanOf } from '../state/selectors.js';
import { visibleDoc } from '../state/layers.js';
import { retry } from '../commands/history.js';
import { askForUser, dismissRemote } from '../commands/project.js';
import { useWorkbench } from './hooks.js';

/** Announcements kept in the region (older ones are dropped; only the newest is read). */
const KEEP = 4;
/** Longer texts are cut in announcements: a screen reader reads the whole span on request. */
const TEXT_MAX = 160;

const quoted = (s: Span): string => {
  const t = spanText(s);
  return `“${t.length > TEXT_MAX ? `${t.slice(0, TEXT_MAX)}…` : t}”`;
};

const spanEndOf = (s: Span): number => s.fragments[s.fragments.length - 1]!.end;

/** The labels of the spans `span` lies inside, innermost first. */
function insideLabels(doc: ArticleDoc, span: Span): string[] {
  const start = span.fragments[0]!.start;
  const end = spanEndOf(span);
  return doc.spans.filter((o) => o.id !== span.id && o.fragments[0]!.start <= start && spanEndOf(o) >= end
    && (o.fragments[0]!.start < start || spanEndOf(o) > end))
    .sort((a, b) => (spanEndOf(a) - a.fragments[0]!.start) - (spanEndOf(b) - b.fragments[0]!.start)).map((o) => o.label);
}

/** What a screen reader should hear after the state went from `prev` to `next` (nothing: []). */
export function announcements(prev: WorkbenchState, next: WorkbenchState, span: (id: string | null | undefined) => Span | undefined): string[] {
  const out: string[] = [];
  const sameDoc = prev.doc?.article.id === next.doc?.article.id;
  // Links made by this page (L then Enter, K): said once, whatever mode they came from.
  if (sameDoc && next.doc && prev.doc && next.doc.links !== prev.doc.links) {
    const had = new Set(prev.doc.links.map((l) => l.id));
    for (const l of next.doc.links) {
      const from = span(l.from);
      const to = span(l.to);
      if (!had.has(l.id) && from && to && l.annotator === next.user) out.push(`Linked: ${from.label} ${quoted(from)} ${l.type} ${to.label} ${quoted(to)}.`);
    }
  }
  if (next.link && (!prev.link || prev.link.from !== next.link.from)) {
    const from = span(next.link.from);
    const c = span(next.link.candidates[next.link.index]);
    if (from && c) out.push(`Link from ${from.label} ${quoted(from)}: candidate ${next.link.index + 1} of ${next.link.candidates.length}, ${c.label} ${quoted(c)}. Arrows move, Enter links, Escape cancels.`);
  } else if (next.link && prev.link && next.link.index !== prev.link.index) {
    const c = span(next.link.candidates[next.link.index]);
    if (c) out.push(`Candidate ${next.link.index + 1} of ${next.link.candidates.length}: ${c.label} ${quoted(c)}.`);
  } else if (!next.link && prev.link && !out.length && sameDoc) {
    out.push('Link cancelled.');
  } else if (next.notice && next.notice !== prev.notice) {
    out.push(next.notice);
  }
  if (!next.link && next.selected && (next.selected !== prev.selected || !sameDoc) && next.doc) {
    const s = span(next.selected);
    if (s) {
      const inside = insideLabels(next.doc, s);
      const links = next.doc.links.filter((l) => l.from === s.id || l.to === s.id).length;
      out.push(`${s.label} selected: ${quoted(s)}${inside.map((l) => `, inside ${l}`).join('')}. ${links === 1 ? '1 link' : `${links} links`}.`);
    }
  }
  if (next.save.kind !== prev.save.kind || (next.save.kind === 'error' && next.save.message !== prev.save.message)) {
    if (next.save.kind === 'error') out.push(`Not saved: ${next.save.message ?? ''}`);
    else if (next.save.kind === 'saved') out.push(prev.save.kind === 'error' ? 'All changes saved.' : 'Saved.');
  }
  if (next.remote && next.remote !== prev.remote) out.push(next.remote);
  return out;
}

/**
 * The one polite live region: a visually hidden log of the newest announcements, kept in
 * document.body, outside the footer, because an open drawer makes the footer inert (and a live
 * region in an inert subtree is never read).
 */
function Announcer({ wb }: { wb: Workbench }) {
  const [messages, setMessages] = useState<{ id: number; text: string }[]>([]);
  const counter = useRef(0);
  useEffect(() => {
    let prev = wb.store.get();
    return wb.store.subscribe(() => {
      const next = wb.store.get();
      const said = announcements(prev, next, (id) => spanOf(wb.store.get(), id));
      prev = next;
      if (said.length) setMessages((m) => [...m, ...said.map((text) => ({ id: ++counter.current, text }))].slice(-KEEP));
    });
  }, [wb]);
  return createPortal(
    <div className="sr-only" aria-live="polite" aria-relevant="additions" data-announcer
      style={{ position: 'fixed', top: 0, left: 0, width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' }}>
      {messages.map((m) => <p key={m.id}>{m.text}</p>)}
    </div>,
    document.body,
  );
}

export function StatusBar({ wb }: { wb: Workbench }) {
  const s = useWorkbench(wb);
  const labels = s.project?.schema.labels ?? [];
  // The counts of what the view shows: the annotator's own layer while the project is blind (issue 18).
  const shown = visibleDoc(s);
  const spans = shown?.spans ?? [];
  return (
    <footer className="statusbar">
      <span className={`save save-${s.save.kind}`} data-save-state={s.save.kind}>
        {s.save.kind === 'saved' ? 'Saved' : s.save.kind === 'saving' ? 'Saving…' : `Not saved: ${s.save.message}`}
        {s.save.kind === 'error' && <button type="button" className="link-button" onClick={() => void retry.perform(wb)}>Retry</button>}
      </span>
      <button type="button" className="link-button annotator" onClick={() => askForUser.perform(wb)} title="Change the annotator name">
        Annotator: {s.user || '…'}
      </button>
      {s.doc && (
        <span className="doc-counts">
          {labels.map((l) => `${spans.filter((x) => x.label === l.name).length} ${l.name}`).join(' · ')} · {shown?.links.length ?? 0} links
        </span>
      )}
      {s.remote && (
        <span className="remote-change" data-remote-change>
          {s.remote}
          <button type="button" className="link-button" onClick={() => dismissRemote.perform(wb)} aria-label="Dismiss">×</button>
        </span>
      )}
      <span className="hints">Select text, press 1–4 · Tab next · L link · Ctrl+Z undo · Ctrl+F find · Alt+N next to do</span>
      <Announcer wb={wb} />
    </footer>
  );
}
