/**
 * Blind annotation (issue 18): while annotating, a person sees their own layer only (the
 * annotator the page was opened with), unless the project's `showOtherLayers` setting is on.
 * The state keeps the open article whole (every layer: curation, agreement and the write path
 * read it so); only what reaches the article view is cut down, here ({@link visibleDoc}, used by
 * view-binding.ts).
 *
 * Must not: change the state's document, or hide anything when no annotator is signed in.
 */
import { filterLayers, type ArticleDoc } from '../../annotations/index.js';
import { SUGGESTER } from '../../annotations/suggest/build.js';
import type { Api } from '../../app/api/contract.js';
import type { Store, WorkbenchState } from './store.js';
import { message, type Writer } from './write-path.js';

/** What {@link setShowOtherLayers} needs of the workbench (workbench.ts imports this module through view-binding.ts). */
type Parts = { store: Store; writer: Pick<Writer, 'enqueue'>; api: Pick<Api, 'updateProject'> };

/** True when the page shows every layer: the project says so, or no one is signed in. */
export const showsOtherLayers = (s: Pick<WorkbenchState, 'project' | 'user'>): boolean => s.project?.settings.showOtherLayers === true || !s.user;

const cut = new WeakMap<ArticleDoc, { user: string; doc: ArticleDoc }>();

/**
 * The open article as the view shows it: the signed-in annotator's layer only, or all of it
 * (see {@link showsOtherLayers}). The same input gives the same object, so the view redraws
 * only when something it shows changed.
 */
export function visibleDoc(s: Pick<WorkbenchState, 'doc' | 'project' | 'user'>): ArticleDoc | null {
  const { doc, user } = s;
  if (!doc || showsOtherLayers(s)) return doc;
  const known = cut.get(doc);
  if (known && known.user === user) return known.doc;
  // Pending suggestions (issue 20) are the machine's, made for whoever asks: never hidden.
  const mine = filterLayers(doc, (layer) => layer === user || layer === SUGGESTER);
  const shown = mine.spans.length === doc.spans.length && mine.links.length === doc.links.length && mine.events.length === doc.events.length ? doc : mine;
  cut.set(doc, { user, doc: shown });
  return shown;
}

/** Turns showing other annotators' layers on or off for the project (shown at once; put back if the Api refuses). */
export async function setShowOtherLayers(wb: Parts, on: boolean): Promise<void> {
  const before = wb.store.get().project;
  if (!before) return;
  wb.store.set({ project: { ...before, settings: { ...before.settings, showOtherLayers: on } } });
  try {
    await wb.writer.enqueue(() => wb.api.updateProject({ settings: { showOtherLayers: on } }));
  } catch (e) {
    wb.store.set({ project: { ...wb.store.get().project!, settings: before.settings }, notice: message(e) });
  }
}
