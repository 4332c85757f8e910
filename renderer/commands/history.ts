/** Undo and redo (the server's history of this annotator's changes to the open article), and retrying failed saves. */
import { NO_ARGS, command, withMod } from './command.js';

/** Ctrl+Z (⌘Z) outside text fields. */
export const undo = command<[], Promise<void>>({
  name: 'undo',
  windowKey: (e, k) => (withMod(e) && !k.inField && e.key.toLowerCase() === 'z' && !e.shiftKey ? NO_ARGS : null),
  perform: (wb) => wb.writer.history(false),
});

/** Ctrl+Shift+Z or Ctrl+Y outside text fields. */
export const redo = command<[], Promise<void>>({
  name: 'redo',
  windowKey: (e, k) => (withMod(e) && !k.inField && ((e.key.toLowerCase() === 'z' && e.shiftKey) || e.key.toLowerCase() === 'y') ? NO_ARGS : null),
  perform: (wb) => wb.writer.history(true),
});

/** The save state's Retry: the Api writes what it could not save before. */
export const retry = command<[], Promise<void>>({
  name: 'retry',
  perform: (wb) => wb.writer.retry(),
});
