/**
 * What the page knows of suggestions (issue 20): the open article's pending suggestions (origin
 * `suggested`, annotator `suggestions`), and which to select after one is accepted or rejected.
 * Pure reads of the state; changes go through the write path (renderer/commands/suggestions.ts).
 */
import { isPendingSuggestion } from '../../annotations/suggest/build.js';
import type { Span } from '../../annotations/index.js';
import type { WorkbenchState } from './store.js';

export { isPendingSuggestion };

/** The open article's pending suggestions, in reading order. */
export const pendingOf = (s: WorkbenchState): Span[] => s.doc?.spans.filter(isPendingSuggestion) ?? [];

/** The pending suggestion to select once `goneIds` are accepted or rejected: the next after the first of them, else the one before. */
export function nextPending(s: WorkbenchState, goneIds: readonly string[]): string | null {
  const spans = s.doc?.spans ?? [];
  const gone = new Set(goneIds);
  const at = spans.findIndex((x) => gone.has(x.id));
  const after = spans.slice(at + 1).find((x) => isPendingSuggestion(x) && !gone.has(x.id));
  const before = [...spans.slice(0, Math.max(0, at))].reverse().find((x) => isPendingSuggestion(x) && !gone.has(x.id));
  return (after ?? before)?.id ?? null;
}
