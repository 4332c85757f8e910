/**
 * main/main.ts wired to a fake of Electron's API (vi.mock: the real module is never loaded, it
 * cannot run here): secure window settings, one IPC handler per Api method from the Api's list,
 * navigation and new windows blocked, the single-instance lock, changes flushed before quitting.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { API_METHODS, apiChannel } from '../../app/api.js';
import { cleanTemp, tempDir } from '../helpers/project.js';
import { repoRoot } from '../helpers/gold.js';

type Handler = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  const appEvents = new Map<string, Handler>();
  const ipcHandlers = new Map<string, Handler>();
  const windows: { options: Record<string, unknown>; loaded: string[]; sent: unknown[][] }[] = [];
  const contentsEvents = new Map<string, Handler>();
  let windowOpen: Handler | undefined;
  let permission: Handler | undefined;
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (ready = r));
  const state = { userData: '', appPath: '', menu: undefined as unknown, quitCalls: 0, lockGranted: true };
  class BrowserWindow {
    webContents = {
      setZoomLevel: () => undefined, getZoomLevel: () => 0,
      send: (...a: unknown[]) => windows.at(-1)!.sent.push(a),
    };
    constructor(options: Record<string, unknown>) {
      windows.push({ options, loaded: [], sent: [] });
    }
    once() {}
    on() {}
    maximize() {}
    setTitle() {}
    isMinimized() { return false; }
    restore() {}
    focus() {}
    getNormalBounds() { return { x: 0, y: 0, width: 1, height: 1 }; }
    isMaximized() { return false; }
    async loadURL(url: string) { windows.at(-1)!.loaded.push(url); }
  }
  return {
    appEvents, ipcHandlers, windows, contentsEvents, state, readyPromise,
    get windowOpen() { return windowOpen; }, get permission() { return permission; },
    ready: () => ready(),
    electron: {
      app: {
        getAppPath: () => state.appPath, getPath: () => state.userData, getVersion: () => '0.1.0',
        requestSingleInstanceLock: () => state.lockGranted,
        on: (event: string, h: Handler) => appEvents.set(event, h),
        whenReady: () => readyPromise,
        quit: () => { state.quitCalls++; },
      },
      BrowserWindow,
      Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => { state.menu = m; } },
      dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
      ipcMain: { handle: (channel: string, h: Handler) => ipcHandlers.set(channel, h) },
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
      shell: { openExternal: vi.fn() },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (h: Handler) => { permission = h; },
          webRequest: { onHeadersReceived: () => undefined },
        },
      },
      setWindowOpen: (h: Handler) => { windowOpen = h; },
    },
  };
});

vi.mock('electron', () => fake.electron);

beforeAll(async () => {
  fake.state.userData = path.join(tempDir('sourcemark-userdata-'), 'Sourcemark');
  mkdirSync(fake.state.userData, { recursive: true });
  fake.state.appPath = repoRoot;
  await import('../../main/main.js');
  fake.ready();
  await vi.waitFor(() => expect(fake.windows[0]?.loaded.length).toBe(1), { timeout: 10_000 });
});

afterAll(async () => {
  await (fake.appEvents.get('before-quit') as (e: { preventDefault: () => void }) => void)?.({ preventDefault: () => undefined });
  await vi.waitFor(() => expect(fake.state.quitCalls).toBeGreaterThan(0));
  cleanTemp();
});

describe('Electron main (with a fake Electron)', () => {
  it('opens one window with the secure settings of Electron’s checklist', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, disableBlinkFeatures: 'Auxclick' });
    expect(prefs.preload).toBe(path.join(repoRoot, 'dist', 'main', 'preload.cjs'));
    expect(fake.windows[0]!.loaded[0]).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html$/);
  });

  it('opens the sample project, copied to the user data folder, on first launch', () => {
    expect(existsSync(path.join(fake.state.userData, 'sample-project', 'sourcemark.json'))).toBe(true);
  });

  it('registers exactly one IPC handler per Api method, from the Api’s own list', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(API_METHODS.map(apiChannel).sort());
  });

  it('answers the app’s own page, and refuses any other sender', async () => {
    const h = fake.ipcHandlers.get(apiChannel('listArticles'))!;
    const ok = (await h({ senderFrame: { url: fake.windows[0]!.loaded[0] } }, {})) as { ok: boolean; result: { total: number } };
    expect(ok).toMatchObject({ ok: true, result: { total: 14 } });
    const evil = await h({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(evil).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const noFrame = await h({ senderFrame: null }, {});
    expect(noFrame).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await fake.ipcHandlers.get(apiChannel('getArticle'))!({ senderFrame: { url: fake.windows[0]!.loaded[0] } }, { id: '../../etc/passwd' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('blocks new windows and navigation, and refuses every permission', () => {
    const handlers = new Map<string, Handler>();
    let open: Handler | undefined;
    fake.appEvents.get('web-contents-created')!({}, { setWindowOpenHandler: (h: Handler) => { open = h; }, on: (e: string, h: Handler) => handlers.set(e, h) });
    expect(open!({ url: 'https://example.org/story' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).toHaveBeenCalledWith('https://example.org/story');
    expect(open!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).toHaveBeenCalledTimes(1);
    const prevented = vi.fn();
    handlers.get('will-navigate')!({ preventDefault: prevented }, 'https://evil.example/');
    expect(prevented).toHaveBeenCalled();
    const denied = vi.fn();
    fake.permission!({}, 'media', denied);
    expect(denied).toHaveBeenCalledWith(false);
  });

  it('builds the menu with File, Edit, View and Help', () => {
    const labels = (fake.state.menu as { label?: string }[]).map((m) => m.label);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']));
    const file = (fake.state.menu as { label?: string; submenu?: { label?: string }[] }[]).find((m) => m.label === 'File')!;
    expect(file.submenu!.map((i) => i.label).filter(Boolean)).toEqual(['New Project…', 'Open Project…', 'Open Recent', 'Import…', 'Export…']);
  });

  it('focuses the first window when a second instance starts', () => {
    expect(() => fake.appEvents.get('second-instance')!({}, ['electron', '/no/such/project'], '/')).not.toThrow();
  });
});
