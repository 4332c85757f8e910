/**
 * The desktop shell's logic, kept out of `main/` so it is tested with real files and no
 * Electron: window state, recent projects, the project given on the command line, the menu as
 * data, the IPC handlers built from the Api's own method list, and the check of who sent a
 * message. `main/main.ts` only wires these to Electron.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { API_METHODS, apiChannel, type Api, type ApiErrorPayload } from './api.js';

export { apiChannel } from './api.js';
import { dispatch } from './api-impl.js';
import { writeFileDurably } from './durable.js';
import { UserError } from './errors.js';
import { PROJECT_FILE } from './store.js';

export type Bounds = { x: number; y: number; width: number; height: number };
export type WindowState = { x?: number; y?: number; width: number; height: number; maximized: boolean; zoom: number };

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false, zoom: 0 };

/** Reads the saved window state; anything unreadable gives the default. */
export function loadWindowState(file: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
    const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    return {
      width: num(s.width) ? Math.max(640, s.width) : DEFAULT_WINDOW.width,
      height: num(s.height) ? Math.max(480, s.height) : DEFAULT_WINDOW.height,
      maximized: s.maximized === true,
      zoom: num(s.zoom) ? Math.min(5, Math.max(-3, s.zoom)) : 0,
      ...(num(s.x) && num(s.y) ? { x: s.x, y: s.y } : {}),
    };
  } catch {
    return { ...DEFAULT_WINDOW };
  }
}

export const saveWindowState = (file: string, state: WindowState): Promise<void> => writeFileDurably(file, JSON.stringify(state, null, 2));

/** Keeps a saved position only when the window's top-left area is on a display that exists now. */
export function fitToDisplays(state: WindowState, displays: readonly Bounds[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const visible = displays.some((d) => state.x! + 100 > d.x && state.x! < d.x + d.width && state.y! >= d.y && state.y! < d.y + d.height - 50);
  if (visible) return state;
  const { x: _x, y: _y, ...rest } = state;
  return rest;
}

/** The most recently opened projects, newest first, at most ten, without folders that are gone. */
export class RecentProjects {
  constructor(private readonly file: string) {}

  list(): string[] {
    try {
      const all = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(all) ? all.filter((d): d is string => typeof d === 'string' && existsSync(path.join(d, PROJECT_FILE))).slice(0, 10) : [];
    } catch {
      return [];
    }
  }

  async add(dir: string): Promise<string[]> {
    const next = [path.resolve(dir), ...this.list().filter((d) => d !== path.resolve(dir))].slice(0, 10);
    await writeFileDurably(this.file, JSON.stringify(next, null, 2));
    return next;
  }
}

/**
 * The project named on a command line (a project folder, or its sourcemark.json), as the
 * first launch or a second launch (single-instance) gives it; undefined when none is named.
 */
export function projectFromArgs(argv: readonly string[], cwd: string): string | undefined {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    const p = path.resolve(cwd, arg);
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory() && existsSync(path.join(p, PROJECT_FILE))) return p;
    if (path.basename(p) === PROJECT_FILE) return path.dirname(p);
  }
  return undefined;
}

/** A menu item as data; main turns it into Electron's Menu. `command` names what it does. */
export type MenuSpec = {
  label?: string;
  role?: string;
  accelerator?: string;
  command?: string;
  args?: string[];
  type?: 'separator';
  enabled?: boolean;
  submenu?: MenuSpec[];
};

export const MENU_COMMANDS = ['new-project', 'open-project', 'open-recent', 'import', 'export', 'undo', 'redo', 'guidelines', 'about'] as const;

/** The application menu; Import and Export open the same dialogs as the window's buttons. */
export function menuTemplate(opts: { recent: readonly string[]; platform: NodeJS.Platform; canImport: boolean; canExport: boolean }): MenuSpec[] {
  const sep: MenuSpec = { type: 'separator' };
  return [
    ...(opts.platform === 'darwin' ? [{ label: 'Sourcemark', submenu: [{ label: 'About Sourcemark', command: 'about' }, sep, { role: 'quit' }] }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+Shift+N', command: 'new-project' },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', command: 'open-project' },
        {
          label: 'Open Recent',
          enabled: opts.recent.length > 0,
          submenu: opts.recent.length ? opts.recent.map((d) => ({ label: d, command: 'open-recent', args: [d] })) : [{ label: 'No recent projects', enabled: false }],
        },
        sep,
        { label: 'Import…', accelerator: 'CmdOrCtrl+I', command: 'import', enabled: opts.canImport },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', command: 'export', enabled: opts.canExport },
        ...(opts.platform === 'darwin' ? [] : [sep, { role: 'quit' }]),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', command: 'undo' },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', command: 'redo' },
        sep,
        { role: 'copy' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }] },
    { label: 'Help', submenu: [{ label: 'Annotation Guidelines', accelerator: 'F1', command: 'guidelines' }, ...(opts.platform === 'darwin' ? [] : [{ label: 'About Sourcemark', command: 'about' }])] },
  ];
}

/** True when a message comes from the app's own page (the renderer's index.html), not from anything it navigated to. */
export function isTrustedSender(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const a = new URL(frameUrl);
    const b = new URL(rendererUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** What crosses IPC: errors as data, because Electron keeps only the message of a thrown error. */
export type IpcResult = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };

type IpcMainLike = { handle: (channel: string, listener: (event: { senderFrame?: { url: string } | null }, params: unknown) => Promise<IpcResult>) => void };

/**
 * Registers one IPC handler per Api method, from the Api's own method list (so nothing can
 * drift). Each checks the sender and validates the payload before calling the Api.
 */
export function registerApiHandlers(ipc: IpcMainLike, getApi: () => Api | undefined, rendererUrl: () => string): string[] {
  return API_METHODS.map((method) => {
    const channel = apiChannel(method);
    ipc.handle(channel, async (event, params) => {
      if (!isTrustedSender(event.senderFrame?.url, rendererUrl())) {
        return { ok: false, error: { code: 'forbidden', message: 'This message did not come from Sourcemark’s own window.' } };
      }
      const api = getApi();
      if (!api) return { ok: false, error: { code: 'project-missing', message: 'No project is open. Open or create one from the File menu.' } };
      try {
        return { ok: true, result: (await dispatch(api, method, params)) ?? null };
      } catch (e) {
        const err = e instanceof UserError ? e : new UserError('internal', String(e));
        return { ok: false, error: { code: err.code, message: err.message } };
      }
    });
    return channel;
  });
}
