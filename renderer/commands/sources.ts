/**
 * Source commands: the picker of a speaker's source (Enter or S), tying a span to a source or
 * clearing it, and the sources panel's edits (rename, kind, merge, split a mention off).
 * Edits go through the write path; the panel's details are read again once they are saved.
 */
import { labelDef, randomId, type Operation, type Source } from '../../annotations/index.js';
import { assignSourceOp } from '../../annotations/edit/span-edits.js';
import { message } from '../state/write-path.js';
import { selectedSpan, span } from '../state/selectors.js';
import type { Workbench } from '../state/workbench.js';
import { NO_ARGS, command, spanLetter } from './command.js';

/** Enter, or S with a span selected: the source picker for the selected span, when its label refers to a source. */
export const openSourcePicker = command({
  name: 'openSourcePicker',
  key: (e, k) => (e.key === 'Enter' || spanLetter(e, k) === 's' ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const picked = selectedSpan(s);
    if (picked && s.project && labelDef(s.project.schema, picked.label)?.refersToSource) wb.store.set({ sourcePicker: { spanId: picked.id, query: '' } });
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
