/**
 * The article view as the state and the commands see it: a small interface that
 * article-view.ts implements (and tests fake), so the commands drive a view without knowing
 * ProseMirror, and run in Node. Types only.
 */
import type { ArticleDoc, LabelDef, TextOffset } from '../../annotations/index.js';

/**
 * What the view overlays on the highlights: the selection, what it is linked to, link
 * candidates (the active one marked), and find results as `[start, end)` of the text.
 */
export type OverlayModel = {
  selected?: string;
  related: readonly string[];
  candidates?: readonly string[];
  active?: string;
  found: readonly { start: TextOffset; end: TextOffset }[];
  foundIndex: number;
};

export interface ViewPort {
  /** The text selection as offsets into the article text (start = end when nothing is selected). */
  selection(): { start: TextOffset; end: TextOffset };
  /** Selects `[start, end)` of the text and scrolls to it. */
  select(start: TextOffset, end: TextOffset): void;
  /** Collapses the text selection to its end. */
  collapse(): void;
  scrollToSpan(id: string): void;
  scrollToOffset(offset: TextOffset): void;
  /** Shows a newer copy of the article it shows (same text); `labels` when the schema's labels changed. */
  sync(doc: ArticleDoc, labels?: readonly LabelDef[]): void;
  overlay(model: OverlayModel): void;
  focus(): void;
}
