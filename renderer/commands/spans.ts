/**
 * Span commands: a label key makes a span of the selected text (or relabels the selected span),
 * Delete removes it, Shift+arrows resize it by a word, F adds a part, attribute keys (D, I, M)
 * toggle its attributes, A tags every other occurrence of its text, and its note is set from
 * the panel. Each is one change through the write path, with what it selects set in the same step.
 */
import { labelDef, makeFragment, randomId, type Span } from '../../annotations/index.js';
import { snapToWords } from '../../annotations/text/word-steps.js';
import { attributesKept, resizedFragments } from '../../annotations/edit/span-edits.js';
import { otherOccurrences, tagOccurrencesOp } from '../../annotations/edit/occurrences.js';
import { ARTICLE_LIMITS } from '../../annotations/model/limits.js';
import { selectedSpan, snapOn } from '../state/selectors.js';
import { NO_ARGS, command, spanLetter, type ArticleKeyContext, type KeyPress } from './command.js';

/** The label whose key `e` is (never with Alt: Alt+digits set the status). */
const labelOfKey = (e: KeyPress, k: ArticleKeyContext): string | undefined => k.labels.find((l) => l.key && l.key === e.key && !e.altKey)?.name;

/** A label key with text selected: a span of that label over it (snapped to words unless turned off), selected. */
export const createSpan = command<[label: string]>({
  name: 'createSpan',
  key: (e, k) => {
    const label = labelOfKey(e, k);
    return label && k.hasText ? [label] : null;
  },
  perform: (wb, label) => {
    const s = wb.store.get();
    const doc = s.doc;
    const view = wb.view;
    if (!doc || !view || !s.project) return;
    const sel = view.selection();
    const range = snapToWords(doc.article.text, sel.start, sel.end, snapOn(s), doc.article.paragraphs);
    if (!range) return wb.store.set({ notice: 'Select some text first, then press a label key.' });
    const now = wb.writer.now();
    const span: Span = {
      id: randomId('s'), label, fragments: [makeFragment(doc.article.text, range.start, range.end)], attributes: {},
      annotator: s.user, origin: 'manual', createdAt: now, updatedAt: now,
    };
    view.collapse();
    // A speaker asks for its source at once.
    const picker = labelDef(s.project.schema, label)?.refersToSource ? { sourcePicker: { spanId: span.id, query: span.fragments[0]!.text } } : {};
    const patch = { selected: span.id, link: null, tab: 'annotation', ...picker } as const;
    if (wb.writer.change({ op: 'addSpan', articleId: doc.article.id, span }, { patch })) view.scrollToSpan(span.id);
  },
});

/** A label key with no text selected: the selected span gets that label; attributes the new label lacks are dropped (undo restores them). */
export const relabelSelected = command<[label: string]>({
  name: 'relabelSelected',
  key: (e, k) => {
    const label = labelOfKey(e, k);
    return label && !k.hasText ? [label] : null;
  },
  perform: (wb, label) => {
    const s = wb.store.get();
    const span = selectedSpan(s);
    if (!span || !s.project || !s.doc || span.label === label) return;
    const attributes = attributesKept(s.project.schema, span, label);
    wb.writer.change({ op: 'updateSpan', articleId: s.doc.article.id, spanId: span.id, patch: { label, attributes } });
  },
});

/** Delete / Backspace: removes the selected span and selects the one after it (or before, at the end). */
export const removeSelected = command({
  name: 'removeSelected',
  key: (e) => (e.key === 'Delete' || e.key === 'Backspace' ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const span = selectedSpan(s);
    if (!span || !s.doc) return;
    const at = s.doc.spans.indexOf(span);
    const rest = s.doc.spans.filter((x) => x !== span);
    const next = rest[Math.min(at, rest.length - 1)]?.id ?? null;
    if (wb.writer.change({ op: 'removeSpan', articleId: s.doc.article.id, spanId: span.id }, { patch: { selected: next, link: null, tab: 'annotation' } }) && next) {
      wb.view?.scrollToSpan(next);
    }
  },
});

/** Sets (or with null clears) attribute `name` of the selected span. Its key toggles the value it stands for. */
export const setAttribute = command<[name: string, value: string | null]>({
  name: 'setAttribute',
  key: (e, k) => {
    const letter = spanLetter(e, k);
    if (!letter || !k.span) return null;
    const span = k.span;
    const schema = k.state.project?.schema;
    for (const a of (schema && labelDef(schema, span.label)?.attributes) ?? []) {
      const i = a.keys?.indexOf(letter) ?? -1;
      if (i >= 0) return [a.name, span.attributes[a.name] === a.values[i] ? null : a.values[i]!];
    }
    return null;
  },
  perform: (wb, name, value) => {
    const s = wb.store.get();
    const span = selectedSpan(s);
    if (!span || !s.doc) return;
    const attributes = { ...span.attributes };
    if (value === null) delete attributes[name];
    else attributes[name] = value;
    wb.writer.change({ op: 'updateSpan', articleId: s.doc.article.id, spanId: span.id, patch: { attributes } });
  },
});

/**
 * Shift+→ / Shift+← grow or shrink the selected span's end by a word; with Alt, its start
 * (Alt+Shift+← grows it). Only with no text selected (then Shift+arrows extend the selection).
 */
export const resizeSelected = command<[direction: 'grow' | 'shrink', atStart: boolean]>({
  name: 'resizeSelected',
  key: (e, k) => {
    if (!k.span || !e.shiftKey || k.hasText || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return null;
    const grow = e.key === 'ArrowRight' ? !e.altKey : e.altKey;
    return [grow ? 'grow' : 'shrink', e.altKey];
  },
  perform: (wb, direction, atStart) => {
    const s = wb.store.get();
    const span = selectedSpan(s);
    if (!span || !s.doc) return;
    const fragments = resizedFragments(s.doc, span, direction, atStart);
    if (fragments) wb.writer.change({ op: 'updateSpan', articleId: s.doc.article.id, spanId: span.id, patch: { fragments } });
  },
});

/** F with text selected: the selection becomes another part of the selected span (an interrupted quote). */
export const addFragment = command({
  name: 'addFragment',
  key: (e, k) => (spanLetter(e, k) === 'f' && k.hasText ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const span = selectedSpan(s);
    const doc = s.doc;
    const view = wb.view;
    if (!span || !doc || !view) return;
    const sel = view.selection();
    const range = snapToWords(doc.article.text, sel.start, sel.end, snapOn(s), doc.article.paragraphs);
    if (!range) return wb.store.set({ notice: 'Select the text of the other part first, then press F.' });
    const parts: { start: number; end: number }[] = span.fragments.map((f) => ({ start: f.start, end: f.end }));
    const fragments = [...parts, range].sort((a, b) => a.start - b.start);
    view.collapse();
    wb.writer.change({ op: 'updateSpan', articleId: doc.article.id, spanId: span.id, patch: { fragments } });
  },
});

/**
 * Sets the note of span `spanId` of the open article (empty or blank: no note); one undoable
 * change, nothing when the note is unchanged. Notes longer than the limit are refused with a notice.
 */
export const setNote = command<[spanId: string, note: string]>({
  name: 'setNote',
  perform: (wb, spanId, note) => {
    const s = wb.store.get();
    const span = s.doc?.spans.find((x) => x.id === spanId);
    if (!span || !s.doc) return;
    const next = note.trim() ? note : undefined;
    if (next === span.note || (next === undefined && !span.note)) return;
    const max = ARTICLE_LIMITS.noteLength;
    if (next && next.length > max) return wb.store.set({ notice: `A note can be at most ${max.toLocaleString('en')} characters long; this one is ${next.length.toLocaleString('en')}.` });
    wb.writer.change({ op: 'updateSpan', articleId: s.doc.article.id, spanId, patch: { note: next ?? null } });
  },
});

/**
 * A, with a span selected and no text selected: every other occurrence of its text in the
 * article (whole words, same case) becomes a span of its label and source, in one undoable
 * step; occurrences a span of that label already covers are skipped. Says how many it tagged.
 */
export const tagAllOccurrences = command({
  name: 'tagAllOccurrences',
  key: (e, k) => (spanLetter(e, k) === 'a' && !k.hasText ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const span = selectedSpan(s);
    if (!span || !s.doc) return;
    if (span.fragments.length !== 1) return wb.store.set({ notice: 'Only an annotation in one part can be tagged everywhere its text occurs.' });
    const ranges = otherOccurrences(s.doc, span);
    const text = span.fragments[0]!.text;
    const op = tagOccurrencesOp(s.doc, span, ranges, s.user, wb.writer.now());
    if (!op) return wb.store.set({ notice: `No other untagged occurrence of “${text}” as ${span.label} in this article.` });
    const notice = `Tagged ${ranges.length} more occurrence${ranges.length === 1 ? '' : 's'} of “${text}” as ${span.label} (Ctrl+Z takes them all back).`;
    wb.writer.change(op, { patch: { notice } });
  },
});
