/**
 * Cleaning commands: the boilerplate blocks cleaning found in the open article's original text,
 * and the text rebuilt without the chosen ones (only before annotation starts; undoable).
 */
import type { CleaningInfo } from '../../app/api/contract.js';
import { message } from '../state/write-path.js';
import { command } from './command.js';

/** The blocks found in the open article's original (null, with the notice, when they cannot be read). */
export const loadCleaning = command<[], Promise<CleaningInfo | null>>({
  name: 'loadCleaning',
  perform: async (wb) => {
    const doc = wb.store.get().doc;
    if (!doc) return null;
    try {
      return await wb.api.getCleaning({ id: doc.article.id });
    } catch (e) {
      wb.store.set({ notice: message(e) });
      return null;
    }
  },
});

/** Rebuilds the open article's text without the blocks at `remove`; true once saved. */
export const setCleaning = command<[remove: number[]], Promise<boolean>>({
  name: 'setCleaning',
  perform: (wb, remove) => wb.writer.setCleaning(remove),
});
