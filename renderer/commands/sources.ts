/**
 * Source commands: the picker of a speaker's source (Enter or S), tying a span to a source or
 * clearing it, and the sources panel's edits (rename, kind, aliases, merge, split a mention off,
 * delete). Edits go through the write path under the undo scope "sources" (which Ctrl+Z in an
 * article reaches too: app/store/history.ts); the panel's details are read again once saved.
 */
import { labelDef, randomId, type Operation, type Source, type Span } from '../../annotations/index.js';
import { assignSourceOp } from '../../annotations/edit/span-edits.js';
import { message } from '../state/write-path.js';
import { selectedSpan, span } from '../state/selectors.js';
import type { Workbench } from '../state/workbench.js';
import { NO_ARGS, command, spanLetter } from './command.js';

/** The text of a mention as the picker searches it: its fragments joined by a space. */
export const mentionText = (mention: Span): string => mention.fragments.map((f) => f.text).join(' ');

/**
 * Enter, or S with a span selected: the source picker for the selected span, when its label
 * refers to a source. It starts on the span's current source (empty query: every source, the
 * current one first), so Enter keeps it; a span without one starts searching its own text, so
 * the source that has it as a name or alias comes first (or "Create" when none does).
 */
export const openSourcePicker = command({
  name: 'openSourcePicker',
  key: (e, k) => (e.key === 'Enter' || spanLetter(e, k) === 's' ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const picked = selectedSpan(s);
    if (!picked || !s.project || !labelDef(s.project.schema, picked.label)?.refersToSource) return;
    const current = picked.sourceId && s.project.sources.some((x) => x.id === picked.sourceId);
    wb.store.set({ sourcePicker: { spanId: picked.id, query: current ? '' : mentionText(picked) } });
  },
});

export const closeSourcePicker = command({
  name: 'closeSourcePicker',
  perform: (wb) => {
    wb.store.set({ sourcePicker: null });
    wb.view?.focus();
  },
});

export const setSourceQuery = command<[query: string]>({
  name: 'setSourceQuery',
  perform: (wb, query) => {
    const picker = wb.store.get().sourcePicker;
    if (picker) wb.store.set({ sourcePicker: { ...picker, query } });
  },
});

/** Ties the picker's span to a source (existing, or new with the given name); the mention becomes an alias. */
export const assignSource = command<[source: Source | { create: string; kind?: Source['kind'] }]>({
  name: 'assignSource',
  perform: (wb, source) => {
    const s = wb.store.get();
    const picker = s.sourcePicker;
    const mention = span(s, picker?.spanId);
    if (!picker || !s.doc || !mention) return;
    // Keeping the current source changes nothing (no save, no undo step).
    if ('id' in source && source.id === mention.sourceId) return closeSourcePicker.perform(wb);
    if (!wb.writer.change(assignSourceOp(s.doc.article.id, mention, source), { patch: { sourcePicker: null } })) wb.store.set({ sourcePicker: null });
    wb.view?.focus();
  },
});

export const clearSource = command({
  name: 'clearSource',
  perform: (wb) => {
    const s = wb.store.get();
    const picked = selectedSpan(s);
    if (picked?.sourceId && s.doc) wb.writer.change({ op: 'updateSpan', articleId: s.doc.article.id, spanId: picked.id, patch: { sourceId: null } });
  },
});

/** The sources panel's details of source `id` (read from the Api: its mentions span the project), or back to the list. */
export const showSource = command<[id: string | null], Promise<void>>({
  name: 'showSource',
  perform: async (wb, id) => {
    if (!id) return wb.store.set({ sourceDetails: null });
    try {
      wb.store.set({ sourceDetails: await wb.api.getSource({ id }), tab: 'sources' });
    } catch (e) {
      wb.store.set({ notice: message(e) });
    }
  },
});

/** A change of the sources: made, saved, then the details shown read again. */
async function sourcesChange(wb: Workbench, op: Operation): Promise<void> {
  if (!wb.writer.change(op, { scope: 'sources' })) return;
  await wb.writer.idle();
  const details = wb.store.get().sourceDetails;
  if (details) await showSource.perform(wb, details.source.id);
}

export const renameSource = command<[id: string, name: string], Promise<void>>({
  name: 'renameSource',
  perform: async (wb, id, name) => {
    if (name.trim()) await sourcesChange(wb, { op: 'updateSource', sourceId: id, patch: { name: name.trim() } });
  },
});

export const setSourceKind = command<[id: string, kind: Source['kind']], Promise<void>>({
  name: 'setSourceKind',
  perform: (wb, id, kind) => sourcesChange(wb, { op: 'updateSource', sourceId: id, patch: { kind } }),
});

/** Merges source `goneId` into `keepId` (every mention, in every article), then shows the kept one. */
export const mergeSources = command<[keepId: string, goneId: string], Promise<void>>({
  name: 'mergeSources',
  perform: async (wb, keepId, goneId) => {
    if (await wb.writer.mergeSources(keepId, goneId)) await showSource.perform(wb, keepId);
  },
});

/** Moves one mention (of any article) to a new source named after it, then shows that source. */
export const splitMention = command<[articleId: string, spanId: string, name: string], Promise<void>>({
  name: 'splitMention',
  perform: async (wb, articleId, spanId, name) => {
    const source: Source = { id: randomId('src'), name, kind: 'person', aliases: [] };
    if (!wb.writer.change({ op: 'batch', ops: [{ op: 'addSource', source }, { op: 'updateSpan', articleId, spanId, patch: { sourceId: source.id } }] }, { scope: 'sources' })) return;
    await wb.writer.idle();
    await showSource.perform(wb, source.id);
  },
});

/**
 * Sets the aliases of source `id`: trimmed, empty ones and the name itself dropped, each once.
 * An alias edited to nothing is removed.
 */
export const setAliases = command<[id: string, aliases: string[]], Promise<void>>({
  name: 'setAliases',
  perform: async (wb, id, aliases) => {
    const src = wb.store.get().project?.sources.find((x) => x.id === id);
    if (!src) return;
    const next = [...new Set(aliases.map((a) => a.trim()).filter((a) => a && a !== src.name))];
    if (next.length === src.aliases.length && next.every((a, i) => a === src.aliases[i])) return;
    await sourcesChange(wb, { op: 'updateSource', sourceId: id, patch: { aliases: next } });
  },
});

/**
 * Deletes source `id`, clearing the source of every mention the details list (in every
 * article) in the same step, so one Ctrl+Z brings the source and its mentions back. The server
 * refuses it if a mention it does not know of still names the source. Back to the list after.
 */
export const deleteSource = command<[id: string], Promise<void>>({
  name: 'deleteSource',
  perform: async (wb, id) => {
    const s = wb.store.get();
    const src = s.project?.sources.find((x) => x.id === id);
    if (!src) return;
    const mentions = s.sourceDetails?.source.id === id ? s.sourceDetails.mentions : [];
    const op: Operation = { op: 'batch', ops: [
      ...mentions.map((m): Operation => ({ op: 'updateSpan', articleId: m.articleId, spanId: m.spanId, patch: { sourceId: null } })),
      { op: 'removeSource', sourceId: id },
    ] };
    if (!wb.writer.change(op, { scope: 'sources', patch: { sourceDetails: null } })) return;
    await wb.writer.idle();
    if (!wb.store.get().project?.sources.some((x) => x.id === id)) {
      const cleared = mentions.length ? ` and cleared the source of ${mentions.length} mention${mentions.length === 1 ? '' : 's'}` : '';
      wb.store.set({ notice: `Deleted the source “${src.name}”${cleared}. Ctrl+Z brings it back.` });
    }
  },
});
