/**
 * Project commands: opening the project (its info, the annotator's name, the list, live
 * updates), the annotator's name, the snap-to-words setting, the side panel's tab, notices.
 */
import type { PanelTab } from '../state/store.js';
import { message } from '../state/write-path.js';
import { command } from './command.js';

/** Where the annotator's name is kept in the page's storage. */
export const USER_KEY = 'sourcemark.annotator';

/** Reads the project and the list, and starts listening to changes made elsewhere; a failure is fatal. */
export const init = command<[], Promise<void>>({
  name: 'init',
  perform: async (wb) => {
    try {
      const project = await wb.api.getProject({});
      const stored = wb.env.storage.getItem(USER_KEY);
      wb.store.set({ project, user: stored ?? project.user, askUser: stored === null, notice: project.messages.filter((m) => !project.problem?.includes(m)).join(' ') || null });
      await wb.refreshList();
      wb.watch();
    } catch (e) {
      wb.store.set({ fatal: message(e) });
    }
  },
});

/** The annotator's name (kept for the next visit); empty: the project's user. */
export const setUser = command<[name: string]>({
  name: 'setUser',
  perform: (wb, name) => {
    const user = name.trim() || wb.store.get().project?.user || 'annotator';
    wb.env.storage.setItem(USER_KEY, user);
    wb.store.set({ user, askUser: false });
  },
});

export const askForUser = command({
  name: 'askForUser',
  perform: (wb) => wb.store.set({ askUser: true }),
});

/** Turns snapping selections to whole words on or off for the project (shown at once; put back if the Api refuses). */
export const setSnapToWords = command<[on: boolean], Promise<void>>({
  name: 'setSnapToWords',
  perform: async (wb, on) => {
    const before = wb.store.get().project;
    if (!before) return;
    wb.store.set({ project: { ...before, settings: { ...before.settings, snapToWords: on } } });
    try {
      await wb.writer.enqueue(() => wb.api.updateProject({ settings: { snapToWords: on } }));
    } catch (e) {
      wb.store.set({ project: { ...wb.store.get().project!, settings: before.settings }, notice: message(e) });
    }
  },
});

export const setTab = command<[tab: PanelTab]>({
  name: 'setTab',
  perform: (wb, tab) => wb.store.set({ tab }),
});

export const notify = command<[text: string | null]>({
  name: 'notify',
  perform: (wb, text) => wb.store.set({ notice: text }),
});

export const dismissRemote = command({
  name: 'dismissRemote',
  perform: (wb) => wb.store.set({ remote: null }),
});
