/**
 * Rich edits built from the primitive operations: merging and splitting sources (batches), and
 * the span patches that read as the edits a user makes (resize, relabel, set attributes). Each
 * returns an {@link Operation} to apply; none changes the state itself.
 */

import type { Source } from '../model/types.js';
import { failOperation, type Operation, type ProjectState, type SpanPatch } from './operation-types.js';


/** Where a source is mentioned: one speaker span in one article. */
export type MentionRef = { articleId: string; spanId: string };

/** Every span in the loaded articles that refers to `sourceId`. */
export function mentionsOf(state: ProjectState, sourceId: string): MentionRef[] {
  return Object.values(state.docs).flatMap((d) =>
    d.spans.filter((s) => s.sourceId === sourceId).map((s) => ({ articleId: d.article.id, spanId: s.id })),
  );
}

/**
 * Merges source `goneId` into `keepId`: every mention moves, the gone source's name and aliases
 * become aliases of the kept one, and the gone source is removed. The state must hold every
 * article that mentions `goneId`.
 */
export function mergeSources(state: ProjectState, keepId: string, goneId: string): Operation {
  if (keepId === goneId) failOperation('A source cannot be merged into itself.');
  const keep = state.sources[keepId] ?? failOperation(`Source ${keepId} does not exist.`);
  const gone = state.sources[goneId] ?? failOperation(`Source ${goneId} does not exist.`);
  const aliases = [...new Set([...keep.aliases, gone.name, ...gone.aliases])].filter((a) => a !== keep.name);
  return {
    op: 'batch',
    ops: [
      { op: 'updateSource', sourceId: keepId, patch: { aliases } },
      ...mentionsOf(state, goneId).map((m): Operation => ({ op: 'updateSpan', ...m, patch: { sourceId: keepId } })),
      { op: 'removeSource', sourceId: goneId },
    ],
  };
}

/** Splits the given mentions off their source into a new source. */
export function splitSource(newSource: Source, mentions: readonly MentionRef[]): Operation {
  if (mentions.length === 0) failOperation('Choose at least one mention to split off.');
  return {
    op: 'batch',
    ops: [{ op: 'addSource', source: newSource }, ...mentions.map((m): Operation => ({ op: 'updateSpan', ...m, patch: { sourceId: newSource.id } }))],
  };
}

/** Patches that read as the edits a user makes. */
export const updateSpan = (articleId: string, spanId: string, patch: SpanPatch): Operation => ({ op: 'updateSpan', articleId, spanId, patch });
export const resizeSpan = (articleId: string, spanId: string, fragments: { start: number; end: number }[]): Operation =>
  updateSpan(articleId, spanId, { fragments });
export const relabelSpan = (articleId: string, spanId: string, label: string): Operation => updateSpan(articleId, spanId, { label });
export const setAttributes = (articleId: string, spanId: string, attributes: Record<string, string>): Operation =>
  updateSpan(articleId, spanId, { attributes });
