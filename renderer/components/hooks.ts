/** The components' view of the state: a hook over the store (`useSyncExternalStore`). */
import { useSyncExternalStore } from 'react';
import type { WorkbenchState } from '../state/store.js';
import type { Workbench } from '../state/workbench.js';

/** The workbench state, re-rendering when it changes. */
export const useWorkbench = (wb: Workbench): WorkbenchState => useSyncExternalStore(wb.store.subscribe, wb.store.get);
