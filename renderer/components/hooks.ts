import { useSyncExternalStore } from 'react';
import type { Workbench, WorkbenchState } from '../state/workbench.js';

/** The workbench state, re-rendering when it changes. */
export const useWorkbench = (wb: Workbench): WorkbenchState => useSyncExternalStore(wb.subscribe, wb.get);
