/**
 * The article view: a ProseMirror EditorView over one article, read-only for text (every
 * document change is filtered out but the view's own appending of sections) but with a caret
 * and selection, so text can be selected with the mouse or the keyboard. Annotations are synced
 * into the highlights plugin incrementally: only spans whose rendering changed are re-decorated.
 *
 * A long article (over {@link SHOW_WHOLE} characters) arrives in steps: the first screens'
 * paragraphs and highlights are painted at once, the rest follows {@link PARAGRAPHS_PER_STEP}
 * paragraphs at a time, a few milliseconds each, on later frames (the view's element is
 * `aria-busy` meanwhile). Anything that needs a position further on (selecting,
 * scrolling to or finding text there) completes the article first, synchronously.
 */
import { EditorState, Plugin, PluginKey, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { innermostFirst, spanEnd, type ArticleDoc, type LabelDef, type Paragraph, type Span, type TextOffset } from '../../annotations/index.js';
import type { OverlayModel, ViewPort } from './view-port.js';
import { appendParagraphs, articleToDoc, viewParagraphs } from './schema.js';
import { PositionMap } from './positions.js';
import { labelScope } from './label-sheet.js';
import { REVEAL_CHUNK, highlightsKey, highlightsPlugin, overlayPlugin, type HighlightsAction } from './highlights.js';

export type ArticleViewHandlers = {
  /** A key pressed in the article; return true when handled. */
  onKey: (event: KeyboardEvent) => boolean;
  /** A click: the span ids under the pointer, innermost first (empty: plain text). */
  onClickSpans: (ids: string[], event: MouseEvent) => void;
  onSelectionChange?: () => void;
};

/** An article of at most this many UTF-16 code units is shown whole at once. */
export const SHOW_WHOLE = 30_000;
/** A longer article first shows paragraphs until at least this much text is there: a few screens. */
const FIRST_SCREEN = 6_000;
/** Paragraphs appended per step while a long article arrives (a few milliseconds' work). */
const PARAGRAPHS_PER_STEP = 160;

/** Marks the view's own transactions that append paragraphs: the only document change allowed. */
const appendKey = new PluginKey('append-sections');

/** True when two versions of a span look the same (label, offsets, orphaned). */
const sameRendering = (a: Span, b: Span): boolean =>
  a.label === b.label && !a.orphaned === !b.orphaned && a.fragments.length === b.fragments.length
  && a.fragments.every((f, i) => f.start === b.fragments[i]!.start && f.end === b.fragments[i]!.end)
  // A pending suggestion is drawn dashed (highlights.ts): accepting one changes its rendering (issue 20).
  && (a.annotator === 'suggestions' && a.origin === 'suggested') === (b.annotator === 'suggestions' && b.origin === 'suggested');

export class ArticleView implements ViewPort {
  readonly view: EditorView;
  private readonly positions: PositionMap;
  private readonly paragraphs: readonly Paragraph[];
  /** Paragraphs in the document so far; the rest of a long article is appended in steps. */
  private shown: number;
  private readonly spans = new Map<string, Span>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private frame: number | undefined;
  private destroyed = false;
  /** Told after each {@link sync} and each step of a long article's arrival (the arcs layer listens). */
  private readonly listeners = new Set<() => void>();
  private selectedId: string | undefined;
  /** The class of the labels' colours (label-sheet.ts), found when the labels change, not on each update of the view. */
  private scope: string;

  constructor(place: HTMLElement, private doc: ArticleDoc, private labels: readonly LabelDef[], handlers: ArticleViewHandlers) {
    this.paragraphs = viewParagraphs(doc.article);
    this.scope = labelScope(place.ownerDocument, labels);
    this.positions = new PositionMap(this.paragraphs);
    this.shown = this.paragraphs.length;
    if (doc.article.text.length > SHOW_WHOLE) {
      this.shown = 1;
      while (this.shown < this.paragraphs.length && this.positions.renderedEnd(this.shown) < FIRST_SCREEN) this.shown++;
    }
    for (const s of doc.spans) this.spans.set(s.id, s);
    const created = EditorState.create({
      doc: articleToDoc(doc.article, this.shown),
      plugins: [
        highlightsPlugin({ labels: () => this.labels, positions: () => this.positions, spansById: () => this.spans }),
        overlayPlugin(),
        // The text is the canonical record every offset points into: no transaction may change
        // it. The view's own appending of a long article's paragraphs is the one exception.
        new Plugin({ filterTransaction: (tr) => !tr.docChanged || tr.getMeta(appendKey) === true }),
      ],
    });
    // The highlights go into the first state, so the view draws the first screen once, with them.
    const state = created.apply(created.tr.setMeta(highlightsKey, this.resetAction()));
    this.view = new EditorView(place, {
      state,
      attributes: (st) => ({
        class: `article-text ${this.scope}`, spellcheck: 'false', 'aria-label': 'Article text', role: 'textbox', 'aria-multiline': 'true', 'aria-readonly': 'true', tabindex: '0',
        ...(this.shown < this.paragraphs.length || highlightsKey.getState(st)!.pendingSet.size ? { 'aria-busy': 'true' } : {}),
      }),
      handleKeyDown: (_v, event) => handlers.onKey(event),
      handleTextInput: () => true,
      handlePaste: () => true,
      handleDrop: () => true,
      handleClick: (_v, _pos, event) => {
        const ids = this.spanIdsAt(event);
        if (ids.length || this.view.state.selection.empty) handlers.onClickSpans(ids, event);
        return false;
      },
      // A quick second click on a highlight selects the enclosing span (ProseMirror reports it
      // as a double click); on plain text, double and triple clicks select a word and a paragraph.
      handleDoubleClick: (_v, _pos, event) => {
        const ids = this.spanIdsAt(event);
        if (ids.length) handlers.onClickSpans(ids, event);
        return ids.length > 0;
      },
      handleTripleClick: (_v, _pos, event) => {
        const ids = this.spanIdsAt(event);
        if (ids.length) handlers.onClickSpans(ids, event);
        return ids.length > 0;
      },
      handleDOMEvents: {
        // A highlight's tooltip is what a screen reader says of it. It is the title of the view's
        // element, set while the pointer is on a highlight: not an attribute on each of thousands
        // of highlights, and not a change to one, which ProseMirror would take for an edit of the
        // text and redraw (the view's own element is the one it leaves alone).
        mouseover: (v, e) => {
          const title = this.innermostAt(e.target as Element)?.getAttribute('aria-description');
          if (title) v.dom.setAttribute('title', title);
          else v.dom.removeAttribute('title');
          return false;
        },
        mouseleave: (v) => {
          v.dom.removeAttribute('title');
          return false;
        },
        beforeinput: (_v, e) => {
          e.preventDefault();
          return true;
        },
        cut: (_v, e) => {
          e.preventDefault();
          return true;
        },
      },
      dispatchTransaction: (tr) => {
        this.view.updateState(this.view.state.apply(tr));
        if (tr.selectionSet) handlers.onSelectionChange?.();
      },
    });
    this.schedule();
  }

  /** The text offset up to which the text is shown (Infinity once it all is). */
  private get upTo(): number {
    return this.positions.renderedEnd(this.shown);
  }

  private resetAction(): HighlightsAction {
    return { type: 'reset', spans: [...this.spans.values()], upTo: this.upTo };
  }

  /** Shows all spans anew: the first screen's at once, the rest in chunks on later tasks. */
  private reset(): void {
    this.dispatch(this.resetAction());
    this.schedule();
  }

  /**
   * Runs the next step in the task after the next frame: that frame paints what is there (the
   * first screen, the step before) and handles input first, and the step's work is painted in
   * the frame after, so a long article arrives one step per frame. Where frames do not come (a
   * hidden page), soon anyway.
   */
  private schedule(): void {
    if (this.timer !== undefined || this.fallbackTimer !== undefined || !this.revealing) return;
    const go = () => {
      if (this.frame !== undefined) cancelAnimationFrame(this.frame);
      clearTimeout(this.fallbackTimer);
      this.frame = this.fallbackTimer = undefined;
      this.timer = setTimeout(this.step, 0);
    };
    this.frame = requestAnimationFrame(go);
    this.fallbackTimer = setTimeout(go, 200);
  }

  /** One step of a long article's arrival: a few more sections, and a chunk of highlights. */
  private readonly step = (): void => {
    this.timer = undefined;
    if (this.destroyed || !this.revealing) return;
    this.advance(PARAGRAPHS_PER_STEP, REVEAL_CHUNK);
    this.schedule();
  };

  /** Appends up to `count` paragraphs and reveals up to `spans` highlights, in one transaction. */
  private advance(count: number, spans: number): void {
    const tr = this.view.state.tr;
    const total = this.paragraphs.length;
    if (this.shown < total) {
      const to = Math.min(total, this.shown + count);
      appendParagraphs(tr, this.doc.article, this.paragraphs, this.shown, to).setMeta(appendKey, true);
      this.shown = to;
    }
    this.view.dispatch(tr.setMeta(highlightsKey, { type: 'reveal', upTo: this.upTo, max: spans } satisfies HighlightsAction));
    this.changed();
  }

  /** Shows the rest of a long article and every highlight now (synchronously). */
  complete(): void {
    if (this.revealing) this.advance(Infinity, Infinity);
  }

  /** True while some of a long article's text or highlights are still to come. */
  get revealing(): boolean {
    return this.shown < this.paragraphs.length || highlightsKey.getState(this.view.state)!.pendingSet.size > 0;
  }

  /**
   * The highlight element of the innermost span at `target`: the shortest of the spans around
   * it (ProseMirror nests the elements of spans that cover the same text in its own order).
   */
  private innermostAt(target: Element): Element | undefined {
    const around: Element[] = [];
    for (let el: Element | null = target.closest?.('.hl') ?? null; el && el !== this.view.dom; el = el.parentElement?.closest('.hl') ?? null) around.push(el);
    return innermostFirst(around, (el) => this.spans.get(el.getAttribute('data-span-id') ?? ''))[0];
  }

  /** The span ids under a pointer event, innermost first. */
  private spanIdsAt(event: MouseEvent): string[] {
    const ids: string[] = [];
    for (let el = event.target as HTMLElement | null; el && el !== this.view.dom; el = el.parentElement) {
      const id = el.getAttribute('data-span-id');
      if (id && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private dispatch(action: HighlightsAction): void {
    this.view.dispatch(this.view.state.tr.setMeta(highlightsKey, action));
  }

  /**
   * Shows the spans of `doc`, re-decorating only those that changed. Spans the model did not
   * touch keep their identity, so a change costs a pass of identity checks, not of comparisons.
   */
  sync(doc: ArticleDoc, labels: readonly LabelDef[] = this.labels): void {
    const labelsChanged = labels !== this.labels;
    this.labels = labels;
    this.doc = doc;
    if (labelsChanged) {
      this.scope = labelScope(this.view.dom.ownerDocument, labels);
      this.spans.clear();
      for (const s of doc.spans) this.spans.set(s.id, s);
      this.reset();
      return;
    }
    const remove: Span[] = [];
    const add: Span[] = [];
    for (const s of doc.spans) {
      const old = this.spans.get(s.id);
      if (old === s) continue;
      this.spans.set(s.id, s);
      if (!old) add.push(s);
      else if (!sameRendering(old, s)) {
        remove.push(old);
        add.push(s);
      }
    }
    if (this.spans.size > doc.spans.length) {
      const ids = new Set(doc.spans.map((s) => s.id));
      for (const [id, s] of this.spans) {
        if (ids.has(id)) continue;
        remove.push(s);
        this.spans.delete(id);
      }
    }
    if (remove.length || add.length) this.dispatch({ type: 'change', remove, add, upTo: this.upTo });
    this.schedule();
    this.changed();
  }

  /** The article shown (the newest copy synced in). */
  get article(): ArticleDoc {
    return this.doc;
  }

  /** The selected span, as the last overlay showed it. */
  get selected(): string | undefined {
    return this.selectedId;
  }

  /** The labels it is drawn with. */
  get labelDefs(): readonly LabelDef[] {
    return this.labels;
  }

  /** Calls `fn` after each change of what is shown (a sync, a step of arrival); returns the unsubscribe. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  /**
   * The selection as text offsets (empty when nothing is selected). Read from the DOM when it
   * lies in the article: ProseMirror updates its state on the asynchronous `selectionchange`
   * event, so a key pressed right after Shift+Arrow would otherwise see the previous selection.
   */
  selection(): { start: TextOffset; end: TextOffset } {
    let { from, to } = this.view.state.selection;
    const dom = this.view.dom.ownerDocument.getSelection();
    if (dom && dom.rangeCount && dom.anchorNode && dom.focusNode && this.view.dom.contains(dom.anchorNode) && this.view.dom.contains(dom.focusNode)) {
      try {
        const a = this.view.posAtDOM(dom.anchorNode, dom.anchorOffset);
        const h = this.view.posAtDOM(dom.focusNode, dom.focusOffset);
        from = Math.min(a, h);
        to = Math.max(a, h);
      } catch {
        // A selection inside a widget (a label badge): keep ProseMirror's own.
      }
    }
    return { start: this.positions.toOffset(from), end: this.positions.toOffset(to) };
  }

  /** Selects `[start, end)` of the text and scrolls to it. */
  select(start: TextOffset, end: TextOffset): void {
    this.reach(end);
    const { doc } = this.view.state;
    const sel = TextSelection.create(doc, this.positions.toPm(start), this.positions.toPm(end, 'end'));
    this.view.dispatch(this.view.state.tr.setSelection(sel).scrollIntoView());
  }

  /** Collapses the text selection to its end. */
  collapse(): void {
    const { to } = this.view.state.selection;
    this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, to)));
  }

  /** Completes a long article first when `offset` is not shown yet. */
  private reach(offset: number): void {
    if (offset > this.upTo) this.complete();
  }

  /** Shows the overlay: the text of every span and find result it marks is completed first. */
  overlay(model: OverlayModel): void {
    for (const id of [model.selected, model.active, ...model.related, ...(model.candidates ?? [])]) {
      const s = id === undefined ? undefined : this.spans.get(id);
      if (s) this.reach(spanEnd(s));
    }
    const found = model.found.map((h) => {
      this.reach(h.end);
      return { from: this.positions.toPm(h.start), to: this.positions.toPm(h.end, 'end') };
    });
    this.selectedId = model.selected;
    const { found: _hits, ...rest } = model;
    this.dispatch({ type: 'overlay', ...rest, found });
    this.changed();
  }

  scrollToSpan(id: string): void {
    const span = this.spans.get(id);
    if (span && (spanEnd(span) > this.upTo || highlightsKey.getState(this.view.state)!.pendingSet.has(id))) this.complete();
    const el = this.view.dom.querySelector(`[data-span-id="${CSS.escape(id)}"]`);
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  scrollToOffset(start: TextOffset): void {
    this.reach(start);
    const { node } = this.view.domAtPos(this.positions.toPm(start));
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: 'center' });
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
    clearTimeout(this.timer);
    clearTimeout(this.fallbackTimer);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.view.destroy();
  }
}
