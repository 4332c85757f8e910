/**
 * main/main.ts wired to a fake of Electron's API (vi.mock: the real module is never loaded, it
 * cannot run here): secure window settings, the page served from app://sourcemark/ (registered
 * before ready, files from dist/renderer only), one IPC handler per Api method from the Api's
 * list, navigation and new windows blocked, every permission refused, the single-instance lock,
 * changes flushed before quitting.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { API_METHODS, apiChannel } from '../../app/api/contract.js';
import { APP_CSP, APP_SCHEME_PRIVILEGES, RENDERER_URL } from '../../app/shells/desktop.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { cleanTemp } from '../helpers/project.js';
import { repoRoot } from '../helpers/gold.js';
import type { Handler } from './fake-electron.js';
import { quitMain, startMain } from './main-session.js';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());

vi.mock('electron', () => fake.electron);

beforeAll(async () => {
  // The Open Recent list cannot be written (a folder stands in its place, as a full disk would
  // refuse it): that must not keep the project from opening.
  await startMain(fake, (userData) => mkdirSync(path.join(userData, 'recent-projects.json')));
});

afterAll(async () => {
  await quitMain(fake);
  await cleanTemp();
});

describe('Electron main (with a fake Electron)', () => {
  it('opens one window with the secure settings of Electron’s checklist', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, disableBlinkFeatures: 'Auxclick' });
    expect(prefs.preload).toBe(path.join(repoRoot, 'dist', 'main', 'preload.cjs'));
    expect(fake.windows[0]!.loaded).toEqual([RENDERER_URL]);
    expect(fake.windows[0]!.loaded[0]).toBe('app://sourcemark/index.html');
  });

  it('registers app:// as a privileged scheme before ready, and serves it before the window loads', () => {
    expect(fake.calls.privileged).toEqual([{ schemes: [{ scheme: 'app', privileges: { ...APP_SCHEME_PRIVILEGES } }], beforeReady: true }]);
    expect([...fake.calls.handlers.keys()]).toEqual(['app']);
    expect(fake.calls.handlers.get('app')!.beforeFirstLoad).toBe(true);
  });

  it('serves dist/renderer through app://, with the CSP, and nothing outside it', async () => {
    const serve = (url: string, method = 'GET') => fake.calls.handlers.get('app')!.handler({ url, method }) as Promise<Response>;
    const page = await serve(RENDERER_URL);
    expect(page.status, 'dist/renderer/index.html (run npm run build)').toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await page.text()).toContain('<div id="root">');
    const script = await serve('app://sourcemark/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const url of ['app://sourcemark/../../package.json', 'app://sourcemark/%2e%2e/%2e%2e/package.json', 'app://sourcemark/..%2f..%2fpackage.json', 'app://sourcemark/..%2fmain%2fmain.cjs', 'app://other/index.html']) {
      const r = await serve(url);
      expect({ url, status: r.status }).toEqual({ url, status: 404 });
      expect(await r.text(), url).not.toContain('"devDependencies"');
    }
    expect((await serve(RENDERER_URL, 'POST')).status).toBe(405);
  });

  it('sets the same CSP on every response of the session', () => {
    let headers: Record<string, string[]> | undefined;
    fake.calls.headers!({ responseHeaders: { 'X-Other': ['kept'] } }, (r: { responseHeaders: Record<string, string[]> }) => { headers = r.responseHeaders; });
    expect(headers).toEqual({ 'X-Other': ['kept'], 'Content-Security-Policy': [APP_CSP] });
  });

  it('opens the sample project, copied to the user data folder, on first launch', () => {
    expect(existsSync(path.join(fake.state.userData, 'sample-project', 'sourcemark.json'))).toBe(true);
  });

  it('opens the project even though the Open Recent list cannot be saved', () => {
    expect(fake.electron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(fake.windows[0]!.loaded).toEqual([RENDERER_URL]);
    expect(fake.windows[0]!.titles).toEqual([expect.stringMatching(/^[^()]+ — Sourcemark$/)]);
  });

  it('registers exactly one IPC handler per Api method, from the Api’s own list', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(API_METHODS.map(apiChannel).sort());
  });

  it('answers the app’s own page, and refuses any other sender', async () => {
    const h = fake.ipcHandlers.get(apiChannel('listArticles'))!;
    const ok = (await h({ senderFrame: { url: fake.windows[0]!.loaded[0] } }, {})) as { ok: boolean; result: { total: number } };
    expect(ok).toMatchObject({ ok: true, result: { total: 14 } });
    expect(fake.windows[0]!.loaded[0]).toBe(RENDERER_URL);
    const evil = await h({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(evil).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const oldFilePage = await h({ senderFrame: { url: `file://${repoRoot}/dist/renderer/index.html` } }, {});
    expect(oldFilePage).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const noFrame = await h({ senderFrame: null }, {});
    expect(noFrame).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await fake.ipcHandlers.get(apiChannel('getArticle'))!({ senderFrame: { url: fake.windows[0]!.loaded[0] } }, { id: '../../etc/passwd' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('blocks new windows, navigation and redirects away from the app’s page', () => {
    const handlers = new Map<string, Handler>();
    let open: Handler | undefined;
    fake.appEvents.get('web-contents-created')!({}, { setWindowOpenHandler: (h: Handler) => { open = h; }, on: (e: string, h: Handler) => handlers.set(e, h) });
    expect(open!({ url: 'https://example.org/story' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).toHaveBeenCalledWith('https://example.org/story');
    expect(open!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).toHaveBeenCalledTimes(1);
    const navigate = (event: string, url: string): boolean => {
      const prevented = vi.fn();
      handlers.get(event)!({ preventDefault: prevented }, url);
      return prevented.mock.calls.length > 0;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', `file://${repoRoot}/dist/renderer/index.html`)).toBe(true);
    expect(navigate('will-navigate', 'app://sourcemark/app.js')).toBe(true);
    expect(navigate('will-navigate', 'app://evil/index.html')).toBe(true);
    expect(navigate('will-navigate', RENDERER_URL)).toBe(false);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', RENDERER_URL)).toBe(false);
  });

  it('refuses every permission request and check, from any origin, and every device', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid', 'usb', 'serial']) {
      const callback = vi.fn();
      fake.permission!({}, permission, callback, { requestingUrl: RENDERER_URL });
      expect(callback, permission).toHaveBeenCalledWith(false);
      for (const origin of ['app://sourcemark', 'https://evil.example']) {
        expect(fake.calls.permissionCheck!(null, permission, origin, { requestingUrl: `${origin}/` }), `${permission} from ${origin}`).toBe(false);
      }
    }
    expect(fake.calls.devicePermission!({ deviceType: 'usb', origin: 'app://sourcemark' })).toBe(false);
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

  it('keeps the open project when it is named again (Open Recent, a second launch), rather than failing on its own lock', async () => {
    const sample = path.join(fake.state.userData, 'sample-project');
    const loads = fake.windows[0]!.loaded.length;
    // openProject calls ProjectStore.open before its first await: a spy sees at once whether it tried.
    const open = vi.spyOn(ProjectStore, 'open');
    try {
      fake.appEvents.get('second-instance')!({}, ['electron', sample], '/');
      fake.appEvents.get('second-instance')!({}, ['electron', path.join(sample, 'sourcemark.json')], '/');
      expect(open).not.toHaveBeenCalled();
    } finally {
      open.mockRestore();
    }
    const ok = await fake.ipcHandlers.get(apiChannel('listArticles'))!({ senderFrame: { url: RENDERER_URL } }, {});
    expect(ok).toMatchObject({ ok: true });
    expect(fake.windows[0]!.loaded.length).toBe(loads);
  });

  it('closing the window quits through the check for unsaved changes', () => {
    const closers = fake.windows[0]!.events.filter(([e]) => e === 'close').map(([, h]) => h);
    const quits = fake.state.quitCalls;
    const prevented = vi.fn();
    for (const h of closers) h({ preventDefault: prevented });
    expect(prevented).toHaveBeenCalled();
    expect(fake.state.quitCalls).toBe(quits + 1);
  });

  // Last: it quits the app.
  it('does not quit while a change could not be saved, until the user chooses: Cancel stays, Retry saves and quits', async () => {
    const sample = path.join(fake.state.userData, 'sample-project');
    const from = { senderFrame: { url: RENDERER_URL } };
    const list = (await fake.ipcHandlers.get(apiChannel('listArticles'))!(from, {})) as { result: { items: { id: string; status: string }[] } };
    const { id, status } = list.result.items[0]!;
    const next = status === 'done' ? 'todo' : 'done';
    await fake.ipcHandlers.get(apiChannel('getArticle'))!(from, { id });
    // The articles folder becomes a file: every save of an article fails (as a full disk would, also as root).
    const articles = path.join(sample, 'articles');
    renameSync(articles, `${articles}.away`);
    writeFileSync(articles, '');
    const failed = await fake.ipcHandlers.get(apiChannel('apply'))!(from, { op: { op: 'setStatus', articleId: id, status: next } });
    expect(failed).toMatchObject({ ok: false, error: { code: 'write-failed' } });

    const ask = fake.electron.dialog.showMessageBox;
    ask.mockReset();
    ask.mockResolvedValueOnce({ response: 2 }); // Cancel
    const quits = fake.state.quitCalls;
    const beforeQuit = fake.appEvents.get('before-quit') as (e: { preventDefault: () => void }) => void;
    const prevented = vi.fn();
    beforeQuit({ preventDefault: prevented });
    await vi.waitFor(() => expect(ask).toHaveBeenCalledTimes(1));
    expect(prevented).toHaveBeenCalled();
    const [, question] = ask.mock.calls[0] as [unknown, { message: string; buttons: string[] }];
    expect(question.message).toBe(`1 change is not saved (${id}).`);
    expect(question.buttons).toEqual(['Retry', 'Quit Without Saving', 'Cancel']);
    // Cancel only resolves promises: one turn of the event loop finishes it.
    await new Promise((r) => setImmediate(r));
    expect(fake.state.quitCalls).toBe(quits);

    // Quitting again asks again; space comes back while the question is shown; Retry writes the change and quits.
    ask.mockImplementationOnce(async () => {
      rmSync(articles);
      renameSync(`${articles}.away`, articles);
      return { response: 0 };
    });
    beforeQuit({ preventDefault: () => undefined });
    await vi.waitFor(() => expect(fake.state.quitCalls).toBe(quits + 1));
    expect(ask).toHaveBeenCalledTimes(2);
    expect(JSON.parse(readFileSync(path.join(articles, `${id}.json`), 'utf8'))).toMatchObject({ article: { status: next } });
  });
});
