/**
 * The article view: a ProseMirror EditorView over one article, read-only for text (every
 * document change is filtered out) but with a caret and selection, so text can be selected with
 * the mouse or the keyboard. Annotations are synced into the highlights plugin incrementally:
 * only spans whose rendering changed are re-decorated.
 */
import { EditorState, Plugin, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { ArticleDoc, LabelDef, Span } from '../../annotations/index.js';
import { articleToDoc } from './schema.js';
import { PositionMap } from './positions.js';
import { highlightsKey, highlightsPlugin, overlayPlugin, type HighlightsAction } from './highlights.js';

export type ArticleViewHandlers = {
  /** A key pressed in the article; return true when handled. */
  onKey: (event: KeyboardEvent) => boolean;
  /** A click: the span ids under the pointer, innermost first (empty: plain text). */
  onClickSpans: (ids: string[], event: MouseEvent) => void;
  onSelectionChange?: () => void;
};

/** What decides how a span looks; spans with the same key need no new decorations. */
const renderKey = (s: Span): string => `${s.label}|${s.orphaned ? 'o' : ''}|${s.fragments.map((f) => `${f.start}-${f.end}`).join(',')}`;

export class ArticleView {
  readonly view: EditorView;
  private positions: PositionMap;
  private readonly spans = new Map<string, Span>();
  private readonly keys = new Map<string, string>();

  constructor(place: HTMLElement, private doc: ArticleDoc, private labels: readonly LabelDef[], handlers: ArticleViewHandlers) {
    this.positions = new PositionMap(doc.article.paragraphs);
    const state = EditorState.create({
      doc: articleToDoc(doc.article),
      plugins: [
        highlightsPlugin({ labels: () => this.labels, positions: () => this.positions, spansById: () => this.spans }),
        overlayPlugin(),
        // The text is the canonical record every offset points into: no transaction may change it.
        new Plugin({ filterTransaction: (tr) => !tr.docChanged }),
      ],
    });
    this.view = new EditorView(place, {
      state,
      attributes: { class: 'article-text', spellcheck: 'false', 'aria-label': 'Article text', 'aria-readonly': 'true' },
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
    this.reset(doc.spans);
    for (const s of doc.spans) {
      this.spans.set(s.id, s);
      this.keys.set(s.id, renderKey(s));
    }
  }

  private revealTimer: ReturnType<typeof setTimeout> | undefined;

  /** Shows all spans anew: the first ones at once, the rest in chunks on later tasks. */
  private reset(spans: readonly Span[]): void {
    clearTimeout(this.revealTimer);
    this.dispatch({ type: 'reset', spans });
    const step = () => {
      if (this.destroyed || !highlightsKey.getState(this.view.state)!.pendingSet.size) return;
      this.dispatch({ type: 'reveal' });
      this.revealTimer = setTimeout(step, 0);
    };
    this.revealTimer = setTimeout(step, 0);
  }

  private destroyed = false;

  /** True while some highlights of a long article are still being added. */
  get revealing(): boolean {
    return highlightsKey.getState(this.view.state)!.pendingSet.size > 0;
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

  /** Shows the spans of `doc`, re-decorating only those that changed. */
  sync(doc: ArticleDoc, labels: readonly LabelDef[] = this.labels): void {
    const labelsChanged = labels !== this.labels;
    this.labels = labels;
    this.doc = doc;
    if (labelsChanged) {
      this.spans.clear();
      this.keys.clear();
      for (const s of doc.spans) {
        this.spans.set(s.id, s);
        this.keys.set(s.id, renderKey(s));
      }
      this.reset(doc.spans);
      return;
    }
    const seen = new Set<string>();
    const changed: Span[] = [];
    for (const s of doc.spans) {
      seen.add(s.id);
      this.spans.set(s.id, s);
      const key = renderKey(s);
      if (this.keys.get(s.id) !== key) {
        this.keys.set(s.id, key);
        changed.push(s);
      }
    }
    const removed = [...this.keys.keys()].filter((id) => !seen.has(id));
    for (const id of removed) {
      this.keys.delete(id);
      this.spans.delete(id);
    }
    if (removed.length) this.dispatch({ type: 'remove', ids: removed });
    if (changed.length) this.dispatch({ type: 'add', spans: changed });
  }

  /**
   * The selection as text offsets (empty when nothing is selected). Read from the DOM when it
   * lies in the article: ProseMirror updates its state on the asynchronous `selectionchange`
   * event, so a key pressed right after Shift+Arrow would otherwise see the previous selection.
   */
  selection(): { start: number; end: number } {
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
  select(start: number, end: number): void {
    const { doc } = this.view.state;
    const sel = TextSelection.create(doc, this.positions.toPm(start as never), this.positions.toPm(end as never, 'end'));
    this.view.dispatch(this.view.state.tr.setSelection(sel).scrollIntoView());
  }

  /** Collapses the text selection to its end. */
  collapse(): void {
    const { to } = this.view.state.selection;
    this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(this.view.state.doc, to)));
  }

  overlay(action: Omit<Extract<HighlightsAction, { type: 'overlay' }>, 'type'>): void {
    this.dispatch({ type: 'overlay', ...action });
  }

  /** Text offsets to document positions, for the find overlay. */
  range(start: number, end: number): { from: number; to: number } {
    return { from: this.positions.toPm(start as never), to: this.positions.toPm(end as never, 'end') };
  }

  scrollToSpan(id: string): void {
    const el = this.view.dom.querySelector(`[data-span-id="${CSS.escape(id)}"]`);
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  scrollToOffset(start: number): void {
    const { node } = this.view.domAtPos(this.positions.toPm(start as never));
    (node instanceof Element ? node : node.parentElement)?.scrollIntoView({ block: 'center' });
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.revealTimer);
    this.view.destroy();
  }
}
