/**
 * The desktop shell's logic, kept out of `main/` so it is tested with real files and no
 * Electron: window state, recent projects, the project given on the command line, the menu as
 * data, the IPC handlers built from the Api's own method list, the check of who sent a
 * message, and the `app://sourcemark/` origin the window is served from (which file a URL names,
 * with what type and headers). `main/main.ts` only wires these to Electron.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { API_METHODS, apiChannel, type Api, type ApiErrorPayload } from '../api/contract.js';

export { apiChannel } from '../api/contract.js';
import { dispatch } from '../api/handlers.js';
import { toErrorPayload } from '../api/error-mapping.js';
import { writeFileDurably } from '../store/durable.js';
import { PROJECT_FILE } from '../store/project-store.js';

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
        return { ok: false, error: toErrorPayload(e) };
      }
    });
    return channel;
  });
}

/*
 * The app's own origin. Electron's security checklist (item 18) says not to serve the app from
 * file://, where every page may read every local file; a standard, secure custom scheme gives the
 * window an origin of its own (its storage is its own, CSP 'self' means the app's files only).
 */

/** The scheme main registers (before Electron is ready) and serves with {@link serveAppRequest}. */
export const APP_SCHEME = 'app';
/** The one host of {@link APP_SCHEME}: any other host is answered 404. */
export const APP_HOST = 'sourcemark';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads: dist/renderer/index.html. */
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/**
 * The privileges of {@link APP_SCHEME} (`protocol.registerSchemesAsPrivileged`): standard (relative
 * URLs resolve, the origin has its own storage), secure (a secure context, like https), CORS
 * enabled (module scripts are fetched in CORS mode; no response carries Access-Control-Allow-Origin,
 * so no other origin may read one), V8 code cache. Deliberately not bypassCSP, service workers,
 * fetch() or streaming: the app needs none of them.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, corsEnabled: true, codeCache: true } as const;

/**
 * The Content-Security-Policy of every app:// response. The desktop page talks to main over IPC
 * only, so it connects nowhere (connect-src 'none'); styles allow 'unsafe-inline' for React's style
 * attributes. main/main.ts spells the same string out for electronegativity to read, and
 * tests/main/main.test.ts checks the two are equal.
 */
export const APP_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The types served from dist/renderer, by extension: an allow-list of what the build writes, not a
 * MIME database. A file of any other type (or without an extension) is not served.
 */
export const APP_FILE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Headers of every app:// response, whatever its status. */
const APP_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/** True when `file` is strictly inside the folder `root` (both absolute). */
function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** One path segment of an app file: letters, digits, `_`, `-` and `.`, never first (no `..`, no dotfiles). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/** Where an app:// URL leads: a file of dist/renderer and its type, or the status that refuses it and why. */
export type AppFile = { ok: true; file: string; type: string } | { ok: false; status: 400 | 404; reason: string };

/**
 * The file of `rendererDir` an app:// URL names, by its text alone (no disk access): only
 * {@link APP_ORIGIN}; `/` is index.html; every decoded segment must match a plain file name (so
 * no `..`, no encoded `/` or `\\`, no NUL, no drive letters, no dotfiles); only the types of
 * {@link APP_FILE_TYPES}. The query and fragment are ignored. {@link serveAppRequest} then also
 * checks the real path (symbolic links) before reading.
 */
export function appFileFor(url: string, rendererDir: string): AppFile {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: `not a URL: ${url}` };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) {
    return { ok: false, status: 404, reason: `not Sourcemark's origin (${APP_ORIGIN}): ${url}` };
  }
  const raw = u.pathname === '/' ? ['index.html'] : u.pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const r of raw) {
    let s: string;
    try {
      s = decodeURIComponent(r);
    } catch {
      return { ok: false, status: 400, reason: `malformed % escape in ${u.pathname}` };
    }
    if (!SEGMENT.test(s)) return { ok: false, status: 404, reason: `not a file of the app: ${u.pathname}` };
    segments.push(s);
  }
  const root = path.resolve(rendererDir);
  const file = path.join(root, ...segments);
  if (!inside(root, file)) return { ok: false, status: 404, reason: `outside the app: ${u.pathname}` };
  const type = APP_FILE_TYPES[path.extname(file).toLowerCase()];
  if (!type) return { ok: false, status: 404, reason: `not a type the app serves: ${u.pathname}` };
  return { ok: true, file, type };
}

const refusal = (status: number, reason: string, extra: Record<string, string> = {}): Response =>
  new Response(`${status}: ${reason}`, { status, headers: { ...APP_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra } });

/**
 * Answers one request to app:// (main: `protocol.handle(APP_SCHEME, (r) => serveAppRequest(r, dir))`)
 * from `rendererDir` (dist/renderer, inside app.asar when packaged: Electron's fs reads and
 * resolves paths there). GET and HEAD only (405 otherwise); a file only when {@link appFileFor}
 * accepts the URL and its real path, after symbolic links, is still inside `rendererDir`; 404 for
 * anything else, and every answer carries {@link APP_CSP} and the headers that keep other origins
 * from embedding or sniffing it.
 */
export async function serveAppRequest(request: { url: string; method?: string }, rendererDir: string): Promise<Response> {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return refusal(405, `${method} is not allowed here`, { Allow: 'GET, HEAD' });
  const found = appFileFor(request.url, rendererDir);
  if (!found.ok) return refusal(found.status, found.reason);
  let body: Buffer;
  try {
    const [root, real] = await Promise.all([realpath(path.resolve(rendererDir)), realpath(found.file)]);
    if (!inside(root, real)) return refusal(404, `outside the app: ${new URL(request.url).pathname}`);
    body = await readFile(real);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return refusal(404, `no such file: ${new URL(request.url).pathname}`);
    return refusal(500, `the app's file could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...APP_HEADERS, 'Content-Type': found.type, 'Content-Length': String(body.length) },
  });
}

/** True for the one page the window may show: {@link RENDERER_URL} (a fragment is in-page, and allowed). */
export const isAppPage = (url: string): boolean => isTrustedSender(url, RENDERER_URL) && !new URL(url).search;

/** What the user chooses while changes could not be saved (a full disk): try again, lose them, or stay. */
export type UnsavedChoice = 'retry' | 'discard' | 'cancel';

/** The part of the store that {@link settleUnsaved} needs. */
export type SavingStore = { flush(): Promise<void>; retrySaves(): Promise<void>; readonly unsaved: string[]; readonly saveError?: string | undefined };

/** The question main asks while something is unsaved; `buttons` are in the order of {@link UnsavedChoice}. */
export function unsavedQuestion(unsaved: readonly string[], error: string | undefined, leaving: 'quit' | 'switch'): { message: string; detail: string; buttons: [string, string, string] } {
  const what = unsaved.length === 1 ? `1 change is not saved (${unsaved[0]})` : `${unsaved.length} changes are not saved (${unsaved.slice(0, 10).join(', ')}${unsaved.length > 10 ? ', …' : ''})`;
  return {
    message: `${what}.`,
    detail: `${error ? `${error} ` : ''}Free some disk space (or make the project folder writable), then choose Retry. ${leaving === 'quit' ? 'Quitting' : 'Opening the other project'} without saving loses these changes.`,
    buttons: ['Retry', leaving === 'quit' ? 'Quit Without Saving' : 'Open Without Saving', 'Cancel'],
  };
}

/**
 * Before the desktop app quits or closes a project: writes everything pending and, while some
 * change is still not on disk (answered 507), asks `ask` and retries, until it is saved or the
 * user chooses to lose it. True when the store may be closed now, false to keep it open (Cancel):
 * a change that could not be saved is never dropped without the user's word.
 */
export async function settleUnsaved(store: SavingStore, ask: (unsaved: string[], error: string | undefined) => Promise<UnsavedChoice>): Promise<boolean> {
  await store.flush();
  while (store.unsaved.length) {
    const choice = await ask([...store.unsaved], store.saveError);
    if (choice === 'discard') return true;
    if (choice === 'cancel') return false;
    await store.retrySaves();
  }
  return true;
}
