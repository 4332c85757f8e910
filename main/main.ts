/**
 * Electron's main process: one window, the menu, dialogs, the single-instance lock, and the Api
 * over IPC. A thin shell: the logic lives in app/ (`app/desktop.ts`, the store, the Api) and is
 * tested there; this file only wires it to Electron, secure by default (the page served from its
 * own origin app://sourcemark/ rather than file://, context isolation, sandbox, no Node in the
 * page, navigation and new windows blocked, every permission refused, every sender checked).
 */
import { app, BrowserWindow, Menu, dialog, ipcMain, protocol, screen, session, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { MENU_CHANNEL, type Api } from '../app/api/contract.js';
import { createApi } from '../app/api/handlers.js';
import {
  APP_SCHEME, APP_SCHEME_PRIVILEGES, RENDERER_URL, RecentProjects, fitToDisplays, isAppPage, loadWindowState, menuTemplate, projectFromArgs,
  registerApiHandlers, saveWindowState, serveAppRequest, settleUnsaved, unsavedQuestion, type MenuSpec, type UnsavedChoice, type WindowState,
} from '../app/shells/desktop.js';
import { UserError, describeWriteError } from '../app/errors.js';
import { ensureSampleCopy } from '../app/shells/paths.js';
import { ProjectStore, SHOW_PROGRESS_FROM } from '../app/store/project-store.js';

const root = app.getAppPath();
const rendererDir = path.join(root, 'dist', 'renderer');
const rendererUrl = RENDERER_URL;
const userData = app.getPath('userData');
const windowFile = path.join(userData, 'window.json');
const recent = new RecentProjects(path.join(userData, 'recent-projects.json'));

let win: BrowserWindow | undefined;
let store: ProjectStore | undefined;
let api: Api | undefined;
let quitting = false;
let settling = false;

const message = (e: unknown): string => (e instanceof UserError || e instanceof Error ? e.message : String(e));

/** Asks what to do with changes that could not be saved (see settleUnsaved). */
async function askUnsaved(leaving: 'quit' | 'switch', unsaved: string[], error: string | undefined): Promise<UnsavedChoice> {
  const q = unsavedQuestion(unsaved, error, leaving);
  const options = { type: 'warning' as const, title: 'Sourcemark', message: q.message, detail: q.detail, buttons: q.buttons, defaultId: 0, cancelId: 2, noLink: true };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return (['retry', 'discard', 'cancel'] as const)[response] ?? 'cancel';
}

async function openProject(dir: string): Promise<void> {
  // The project already open (Open Recent, a second launch) is locked by this process itself.
  if (store && path.resolve(dir) === path.resolve(store.dir)) return;
  let next: ProjectStore;
  const title = win?.getTitle() ?? 'Sourcemark';
  try {
    // A rebuild of the article index (a large project, or files changed behind the app's back)
    // shows its progress on the window's taskbar button and in its title.
    let shown = -1;
    next = await ProjectStore.open(dir, {
      checkIndexLater: true, // the list shows at once; a large index is checked against the files in the background
      onProgress: ({ done, total }) => {
        if (total < SHOW_PROGRESS_FROM) return;
        const percent = Math.floor((100 * done) / total);
        if (percent === shown) return; // once per percent: the window is slower than the reading
        shown = percent;
        win?.setProgressBar(done / total);
        win?.setTitle(`Opening ${path.basename(dir)}: ${percent}% of the article files read for the index — Sourcemark`);
      },
    });
  } catch (e) {
    win?.setTitle(title);
    dialog.showErrorBox('Sourcemark could not open the project', message(e));
    return;
  } finally {
    win?.setProgressBar(-1);
  }
  try {
    const current = store;
    if (current && !(await settleUnsaved(current, (u, err) => askUnsaved('switch', u, err)))) {
      win?.setTitle(title);
      await next.close();
      return;
    }
    await current?.close();
    store = next;
    api = createApi(next, 'desktop');
    // Only the Open Recent list misses the project when this cannot be written (a full disk).
    await recent.add(dir).catch(() => undefined);
    buildMenu();
    win?.setTitle(`${next.info.name}${next.readOnly ? ' (read-only)' : ''} — Sourcemark`);
    await win?.loadURL(rendererUrl);
  } catch (e) {
    dialog.showErrorBox('Sourcemark could not open the project', message(e));
  }
}

async function command(name: string, args: string[] = []): Promise<void> {
  if (!win) return;
  switch (name) {
    case 'new-project': {
      const r = await dialog.showOpenDialog(win, { title: 'New project: choose an empty folder', properties: ['openDirectory', 'createDirectory'] });
      if (r.canceled || !r.filePaths[0]) return;
      try {
        const created = await ProjectStore.create(r.filePaths[0]);
        await created.close();
        await openProject(r.filePaths[0]);
      } catch (e) {
        dialog.showErrorBox('Sourcemark could not create the project', message(e));
      }
      return;
    }
    case 'open-project': {
      const r = await dialog.showOpenDialog(win, { title: 'Open a Sourcemark project', properties: ['openDirectory'] });
      if (!r.canceled && r.filePaths[0]) await openProject(r.filePaths[0]);
      return;
    }
    case 'open-recent':
      if (args[0]) await openProject(args[0]);
      return;
    case 'about':
      await dialog.showMessageBox(win, { type: 'info', title: 'About Sourcemark', message: `Sourcemark ${app.getVersion()}`, detail: 'A workbench for source attribution in news.' });
      return;
    default:
      win.webContents.send(MENU_CHANNEL, name);
  }
}

function toElectron(items: MenuSpec[]): MenuItemConstructorOptions[] {
  return items.map((i) => ({
    ...(i.label !== undefined ? { label: i.label } : {}),
    ...(i.role ? { role: i.role as NonNullable<MenuItemConstructorOptions['role']> } : {}),
    ...(i.accelerator ? { accelerator: i.accelerator } : {}),
    ...(i.type ? { type: i.type } : {}),
    ...(i.enabled === false ? { enabled: false } : {}),
    ...(i.submenu ? { submenu: toElectron(i.submenu) } : {}),
    ...(i.command ? { click: () => void command(i.command!, i.args) } : {}),
  }));
}

function buildMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectron(menuTemplate({ recent: recent.list(), platform: process.platform, canImport: true, canExport: true }))));
}

function createWindow(): BrowserWindow {
  const state: WindowState = fitToDisplays(loadWindowState(windowFile), screen.getAllDisplays().map((d) => d.workArea));
  const w = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width, height: state.height, show: false, title: 'Sourcemark', backgroundColor: '#f6f5f2',
    webPreferences: {
      // Reviewed: the preload exposes only the Api's allow-list through contextBridge (main/preload.ts).
      preload: path.join(root, 'dist', 'main', 'preload.cjs'), /* eng-disable PRELOAD_JS_CHECK */
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false,
      webviewTag: false, spellcheck: false,
    },
  });
  if (state.maximized) w.maximize();
  w.once('ready-to-show', () => {
    w.webContents.setZoomLevel(state.zoom);
    w.show();
  });
  let timer: NodeJS.Timeout | undefined;
  const remember = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const b = w.getNormalBounds();
      void saveWindowState(windowFile, { ...b, maximized: w.isMaximized(), zoom: w.webContents.getZoomLevel() }).catch(() => undefined);
    }, 400);
  };
  w.on('resize', remember);
  w.on('move', remember);
  w.on('close', remember);
  // Closing the window quits through before-quit, which first makes sure every change is saved.
  w.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    app.quit();
  });
  return w;
}

// Privileges can only be given before Electron is ready (and only once): app:// is a standard,
// secure scheme, so the page has an origin of its own (see APP_SCHEME_PRIVILEGES).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

function secure(): void {
  // The app's files, from dist/renderer only (app/desktop.ts decides which file a URL names).
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir));
  // No page may open windows, navigate away, or ask for permissions; links open in the browser.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      // Reviewed: only http(s) links (an article's source URL) reach the system browser.
      if (/^https?:\/\//.test(url)) void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  // The app needs no permission at all (paste comes with the paste event, copy and full screen
  // are menu roles), so every request is refused and every check answers no, for every origin.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  // app:// answers carry this policy already (APP_CSP); spelled out here too so electronegativity
  // can read it, and it covers anything else the session loads. tests/main checks they are equal.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': ["default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"] } });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const dir = projectFromArgs(argv, cwd);
    if (dir) void openProject(dir);
  });

  void app.whenReady().then(async () => {
    secure();
    registerApiHandlers(ipcMain, () => api, () => rendererUrl);
    buildMenu();
    win = createWindow();
    let dir: string | undefined;
    try {
      dir = projectFromArgs(process.argv, process.cwd()) ?? recent.list()[0] ?? ensureSampleCopy(userData, path.join(root, 'sample')).dir;
    } catch (e) {
      dialog.showErrorBox('Sourcemark could not copy its sample project', `Copying the sample project into ${userData} failed: ${describeWriteError(e)}. Open or create a project from the File menu.`);
    }
    if (dir) await openProject(dir);
    // Without a project the page still opens and says so; File › Open or New Project goes on from there.
    if (!store) await win.loadURL(rendererUrl);
  });

  // Every pending change is written before the app exits; one that cannot be (a full disk) is
  // retried or given up only as the user chooses, and Cancel keeps the app open.
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    if (settling) return;
    settling = true;
    void (async () => {
      try {
        if (store && !(await settleUnsaved(store, (u, err) => askUnsaved('quit', u, err)))) return;
        await store?.close();
      } catch (e) {
        // Said, never swallowed; and an unexpected failure must not keep the app from quitting.
        dialog.showErrorBox('Sourcemark could not save before quitting', message(e));
      } finally {
        settling = false;
      }
      quitting = true;
      app.quit();
    })();
  });
  app.on('window-all-closed', () => app.quit());
}
