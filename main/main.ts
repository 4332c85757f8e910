/**
 * Electron's main process: one window, the menu, dialogs, the single-instance lock, and the Api
 * over IPC. A thin shell: the logic lives in app/ (`app/desktop.ts`, the store, the Api) and is
 * tested there; this file only wires it to Electron, secure by default (context isolation,
 * sandbox, no Node in the page, navigation and new windows blocked, every sender checked).
 */
import { app, BrowserWindow, Menu, dialog, ipcMain, screen, session, shell, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MENU_CHANNEL, type Api } from '../app/api.js';
import { createApi } from '../app/api-impl.js';
import {
  RecentProjects, fitToDisplays, loadWindowState, menuTemplate, projectFromArgs, registerApiHandlers, saveWindowState,
  type MenuSpec, type WindowState,
} from '../app/desktop.js';
import { UserError } from '../app/errors.js';
import { ensureSampleCopy } from '../app/paths.js';
import { ProjectStore } from '../app/store.js';

const root = app.getAppPath();
const rendererUrl = pathToFileURL(path.join(root, 'dist', 'renderer', 'index.html')).href;
const userData = app.getPath('userData');
const windowFile = path.join(userData, 'window.json');
const recent = new RecentProjects(path.join(userData, 'recent-projects.json'));

let win: BrowserWindow | undefined;
let store: ProjectStore | undefined;
let api: Api | undefined;
let quitting = false;

const message = (e: unknown): string => (e instanceof UserError || e instanceof Error ? e.message : String(e));

async function openProject(dir: string): Promise<void> {
  try {
    const next = await ProjectStore.open(dir);
    await store?.close();
    store = next;
    api = createApi(next, 'desktop');
    await recent.add(dir);
    buildMenu();
    win?.setTitle(`${next.info.name} — Sourcemark`);
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
    ...(i.role ? { role: i.role as MenuItemConstructorOptions['role'] } : {}),
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
  return w;
}

function secure(): void {
  // No page may open windows, navigate away, or ask for permissions; links open in the browser.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      // Reviewed: only http(s) links (an article's source URL) reach the system browser.
      if (/^https?:\/\//.test(url)) void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (url !== rendererUrl) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': ["default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"] } });
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
    const dir = projectFromArgs(process.argv, process.cwd()) ?? recent.list()[0] ?? ensureSampleCopy(userData, path.join(root, 'sample')).dir;
    await openProject(dir);
  });

  // Every pending change is written before the app exits.
  app.on('before-quit', (event) => {
    if (quitting || !store) return;
    event.preventDefault();
    quitting = true;
    void store.close().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
}
