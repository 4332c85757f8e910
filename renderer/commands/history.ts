/**
 * Undo and redo (the server's history of this annotator's changes to the open article and to the
 * sources, whichever came last: app/store/history.ts), and retrying failed saves. After a step,
 * the sources panel's details are read again (a merge undone brings the merged source back).
 */
import type { Workbench } from '../state/workbench.js';
import { NO_ARGS, command, withMod } from './command.js';
import { showSource } from './sources.js';

/** One step back or forward, then the source details shown (if any) read again, or closed when that source is gone. */
async function step(wb: Workbench, redo: boolean): Promise<void> {
  await wb.writer.history(redo);
  const { sourceDetails: details, tab } = wb.store.get();
  if (!details || tab !== 'sources') return;
  if (wb.store.get().project?.sources.some((x) => x.id === details.source.id)) await showSource.perform(wb, details.source.id);
  else wb.store.set({ sourceDetails: null });
}

/** Ctrl+Z (⌘Z) outside text fields. */
export const undo = command<[], Promise<void>>({
  name: 'undo',
  windowKey: (e, k) => (withMod(e) && !k.inField && e.key.toLowerCase() === 'z' && !e.shiftKey ? NO_ARGS : null),
  perform: (wb) => step(wb, false),
});

/** Ctrl+Shift+Z or Ctrl+Y outside text fields. */
export const redo = command<[], Promise<void>>({
  name: 'redo',
  windowKey: (e, k) => (withMod(e) && !k.inField && ((e.key.toLowerCase() === 'z' && e.shiftKey) || e.key.toLowerCase() === 'y') ? NO_ARGS : null),
  perform: (wb) => step(wb, true),
});

/** The save state's Retry: the Api writes what it could not save before. */
export const retry = command<[], Promise<void>>({
  name: 'retry',
  perform: (wb) => wb.writer.retry(),
});
