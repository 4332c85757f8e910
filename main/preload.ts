/**
 * The preload: exposes the Api to the page and nothing else (no ipcRenderer, no Node). Each call
 * goes to the IPC channel of an Api method from the Api's own list; menu commands come back
 * through one listener.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, MENU_CHANNEL, apiChannel } from '../app/api/methods.js';

const methods = new Set<string>(API_METHODS);

contextBridge.exposeInMainWorld('sourcemark', {
  invoke: (method: string, params: unknown): Promise<unknown> =>
    methods.has(method)
      ? ipcRenderer.invoke(apiChannel(method), params)
      : Promise.resolve({ ok: false, error: { code: 'not-found', message: `There is no Api method "${method}".` } }),
  onMenuCommand: (listener: (command: string) => void): void => {
    ipcRenderer.on(MENU_CHANNEL, (_event, command: unknown) => {
      if (typeof command === 'string') listener(command);
    });
  },
});
