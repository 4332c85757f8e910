/**
 * A fake of the part of Electron's main-process API that main/main.ts uses, recording what main
 * asks of it (windows and what they load, app and IPC handlers, protocol and session settings)
 * so tests can drive and inspect main without Electron, which cannot run here. Each test file
 * makes its own: `const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());`
 * then `vi.mock('electron', () => fake.electron)`.
 */
import { vi } from 'vitest';

export type Handler = (...args: unknown[]) => unknown;

export function createFakeElectron() {
  const appEvents = new Map<string, Handler>();
  const ipcHandlers = new Map<string, Handler>();
  const windows: { options: Record<string, unknown>; loaded: string[]; sent: unknown[][]; events: [string, Handler][]; titles: string[] }[] = [];
  const contentsEvents = new Map<string, Handler>();
  let windowOpen: Handler | undefined;
  let permission: Handler | undefined;
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (ready = r));
  const state = { userData: '', appPath: '', menu: undefined as unknown, quitCalls: 0, lockGranted: true, isReady: false };
  /** What main asked of Electron's protocol and session, and when. */
  const calls = {
    privileged: [] as { schemes: unknown; beforeReady: boolean }[],
    handlers: new Map<string, { handler: Handler; beforeFirstLoad: boolean }>(),
    permissionCheck: undefined as Handler | undefined,
    devicePermission: undefined as Handler | undefined,
    headers: undefined as Handler | undefined,
  };
  class BrowserWindow {
    webContents = {
      setZoomLevel: () => undefined, getZoomLevel: () => 0,
      send: (...a: unknown[]) => windows.at(-1)!.sent.push(a),
    };
    constructor(options: Record<string, unknown>) {
      windows.push({ options, loaded: [], sent: [], events: [], titles: [] });
    }
    once() {}
    on(event: string, h: Handler) { windows.at(-1)!.events.push([event, h]); }
    maximize() {}
    setTitle(title: string) { windows.at(-1)!.titles.push(title); }
    getTitle() { return windows.at(-1)!.titles.at(-1) ?? 'Sourcemark'; }
    setProgressBar() {}
    isMinimized() { return false; }
    restore() {}
    focus() {}
    getNormalBounds() { return { x: 0, y: 0, width: 1, height: 1 }; }
    isMaximized() { return false; }
    async loadURL(url: string) { windows.at(-1)!.loaded.push(url); }
  }
  return {
    appEvents, ipcHandlers, windows, contentsEvents, state, readyPromise, calls,
    get windowOpen() { return windowOpen; }, get permission() { return permission; },
    ready: () => { state.isReady = true; ready(); },
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
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown) => calls.privileged.push({ schemes, beforeReady: !state.isReady }),
        handle: (scheme: string, handler: Handler) => calls.handlers.set(scheme, { handler, beforeFirstLoad: (windows[0]?.loaded.length ?? 0) === 0 }),
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (h: Handler) => { permission = h; },
          setPermissionCheckHandler: (h: Handler) => { calls.permissionCheck = h; },
          setDevicePermissionHandler: (h: Handler) => { calls.devicePermission = h; },
          webRequest: { onHeadersReceived: (h: Handler) => { calls.headers = h; } },
        },
      },
      setWindowOpen: (h: Handler) => { windowOpen = h; },
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
