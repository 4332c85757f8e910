import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_CSP, APP_ORIGIN, APP_SCHEME_PRIVILEGES, DEFAULT_WINDOW, RENDERER_URL, RecentProjects, appFileFor, fitToDisplays, isAppPage, isTrustedSender,
  loadWindowState, menuTemplate, projectFromArgs, saveWindowState, serveAppRequest, settleUnsaved, unsavedQuestion, type SavingStore, type UnsavedChoice,
} from '../../../app/shells/desktop.js';
import { cleanTemp, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

describe('desktop shell logic', () => {
  it('remembers window size, position and zoom, and survives a bad file', async () => {
    const file = path.join(tempDir(), 'window.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW);
    await saveWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: true, zoom: 1 });
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true, zoom: 1 });
    writeFileSync(file, '{"width": "huge"');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW);
  });

  it('drops a saved position that is on no display any more', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(fitToDisplays({ ...DEFAULT_WINDOW, x: 100, y: 100 }, displays)).toMatchObject({ x: 100, y: 100 });
    expect(fitToDisplays({ ...DEFAULT_WINDOW, x: 3000, y: 100 }, displays)).not.toHaveProperty('x');
  });

  it('keeps recent projects newest first, without duplicates or folders that are gone', async () => {
    const a = await newProject();
    const b = await newProject();
    const recent = new RecentProjects(path.join(tempDir(), 'recent.json'));
    await recent.add(a.dir);
    await recent.add(b.dir);
    await recent.add(a.dir);
    expect(recent.list()).toEqual([a.dir, b.dir]);
    await b.store.close();
    const { rmSync } = await import('node:fs');
    rmSync(b.dir, { recursive: true });
    expect(recent.list()).toEqual([a.dir]);
    await a.store.close();
  });

  it('finds the project named on the command line, as a folder or its sourcemark.json', async () => {
    const { dir, store } = await newProject();
    await store.close();
    const other = tempDir();
    mkdirSync(path.join(other, 'plain'));
    expect(projectFromArgs(['sourcemark', dir], '/')).toBe(dir);
    expect(projectFromArgs(['sourcemark', '--flag', path.join(dir, 'sourcemark.json')], '/')).toBe(dir);
    expect(projectFromArgs(['sourcemark', 'plain'], other)).toBeUndefined();
    expect(projectFromArgs(['sourcemark'], '/')).toBeUndefined();
  });

  it('trusts only the app’s own page', () => {
    const page = 'file:///opt/Sourcemark/resources/app/dist/renderer/index.html';
    expect(isTrustedSender(page, page)).toBe(true);
    expect(isTrustedSender(`${page}#/articles/a-1`, page)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', page)).toBe(false);
    expect(isTrustedSender('https://evil.example/dist/renderer/index.html', page)).toBe(false);
    expect(isTrustedSender(undefined, page)).toBe(false);
  });

  it('builds the platform’s menu, with Open Recent listing projects', () => {
    const linux = menuTemplate({ recent: ['/p/one'], platform: 'linux', canImport: false, canExport: false });
    expect(linux.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const recent = linux[0]!.submenu!.find((i) => i.label === 'Open Recent')!;
    expect(recent.submenu).toEqual([{ label: '/p/one', command: 'open-recent', args: ['/p/one'] }]);
    const mac = menuTemplate({ recent: [], platform: 'darwin', canImport: true, canExport: true });
    expect(mac[0]!.label).toBe('Sourcemark');
    expect(mac[1]!.submenu!.find((i) => i.label === 'Open Recent')!.enabled).toBe(false);
  });
});

describe('the app:// origin the desktop window is served from', () => {
  /** A renderer folder with the files a build writes, and secrets next to it that must not be served. */
  function rendererFixture(): { dir: string; outside: string } {
    const base = tempDir('sourcemark-renderer-');
    const dir = path.join(base, 'renderer');
    mkdirSync(path.join(dir, 'chunks'), { recursive: true });
    mkdirSync(path.join(dir, 'folder.js'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Sourcemark</title>');
    writeFileSync(path.join(dir, 'app.js'), 'console.log(1);');
    writeFileSync(path.join(dir, 'app.css'), 'body{}');
    writeFileSync(path.join(dir, 'app.js.map'), '{}');
    writeFileSync(path.join(dir, 'chunks', 'part-1.js'), 'export {};');
    writeFileSync(path.join(dir, '.env'), 'DOTFILE-CONTENT');
    writeFileSync(path.join(dir, 'README'), 'no extension');
    writeFileSync(path.join(dir, 'tool.exe'), 'MZ');
    const outside = path.join(base, 'secret.js');
    writeFileSync(outside, 'TOP-SECRET-CONTENT');
    mkdirSync(path.join(base, 'renderer-evil'));
    writeFileSync(path.join(base, 'renderer-evil', 'app.js'), 'EVIL-CONTENT');
    symlinkSync(outside, path.join(dir, 'link.js'));
    return { dir, outside };
  }

  const get = async (url: string, dir: string, method = 'GET') => {
    const res = await serveAppRequest({ url, method }, dir);
    return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), headers: res.headers, body: await res.text() };
  };

  it('is a standard, secure origin of its own, without privileges the app does not use', () => {
    expect(RENDERER_URL).toBe('app://sourcemark/index.html');
    expect(APP_ORIGIN).toBe('app://sourcemark');
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, corsEnabled: true, codeCache: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });

  it('serves the renderer’s files with their types, the CSP and nosniff', async () => {
    const { dir } = rendererFixture();
    const cases: [string, string, string][] = [
      ['app://sourcemark/', 'text/html; charset=utf-8', '<!doctype html><title>Sourcemark</title>'],
      ['app://sourcemark/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Sourcemark</title>'],
      ['app://sourcemark/index.html?x=1#/articles/a-1', 'text/html; charset=utf-8', '<!doctype html><title>Sourcemark</title>'],
      ['app://sourcemark/app.js', 'text/javascript; charset=utf-8', 'console.log(1);'],
      ['app://sourcemark/app.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://sourcemark/app.js.map', 'application/json; charset=utf-8', '{}'],
      ['app://sourcemark/chunks/part-1.js', 'text/javascript; charset=utf-8', 'export {};'],
    ];
    for (const [url, type, body] of cases) {
      const r = await get(url, dir);
      expect(r, url).toMatchObject({ status: 200, type, csp: APP_CSP, body });
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(r.headers.get('cross-origin-resource-policy'), url).toBe('same-origin');
    }
    const head = await get('app://sourcemark/app.js', dir, 'HEAD');
    expect(head).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: '' });
    expect(head.headers.get('content-length')).toBe('15');
  });

  it('serves nothing outside dist/renderer: no traversal, no link out, no dotfile, no unknown type, no other origin', async () => {
    const { dir } = rendererFixture();
    const refused: [string, number][] = [
      ['app://sourcemark/../secret.js', 404],
      ['app://sourcemark/chunks/../../secret.js', 404],
      ['app://sourcemark/%2e%2e/secret.js', 404],
      ['app://sourcemark/chunks/%2E%2E%2F%2E%2E%2Fsecret.js', 404],
      ['app://sourcemark/..%2fsecret.js', 404],
      ['app://sourcemark/..%5csecret.js', 404],
      ['app://sourcemark/..%5c..%5csecret.js', 404],
      ['app://sourcemark/%2Fetc%2Fpasswd', 404],
      ['app://sourcemark/C:%5Cwindows%5Cwin.ini', 404],
      ['app://sourcemark/app.js%00.html', 404],
      ['app://sourcemark/..%2frenderer-evil%2fapp.js', 404],
      ['app://sourcemark/link.js', 404],
      ['app://sourcemark/.env', 404],
      ['app://sourcemark/README', 404],
      ['app://sourcemark/tool.exe', 404],
      ['app://sourcemark/folder.js', 404],
      ['app://sourcemark/chunks', 404],
      ['app://sourcemark/chunks/', 404],
      ['app://sourcemark//etc/passwd', 404],
      ['app://sourcemark/missing.js', 404],
      ['app://sourcemark/%E0%A4%A.js', 400],
      ['app://evil/index.html', 404],
      ['app://sourcemark:8080/index.html', 404],
      ['app://user:pw@sourcemark/index.html', 404],
      ['https://sourcemark/index.html', 404],
      [`file://${dir}/index.html`, 404],
      ['not a url', 400],
    ];
    for (const [url, status] of refused) {
      const r = await get(url, dir);
      expect({ url, status: r.status }).toEqual({ url, status });
      expect(r.body, url).not.toMatch(/TOP-SECRET-CONTENT|EVIL-CONTENT|DOTFILE-CONTENT|MZ/);
      expect(r.csp, url).toBe(APP_CSP);
      expect(r.type, url).toBe('text/plain; charset=utf-8');
    }
    const post = await get('app://sourcemark/index.html', dir, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('names the file by the URL alone, and says why it refuses one', () => {
    const dir = path.resolve('/opt/Sourcemark/resources/app.asar/dist/renderer');
    expect(appFileFor('app://sourcemark/chunks/part-1.js', dir)).toEqual({ ok: true, file: path.join(dir, 'chunks', 'part-1.js'), type: 'text/javascript; charset=utf-8' });
    expect(appFileFor('app://sourcemark/%2e%2e%2fmain/main.cjs', dir)).toMatchObject({ ok: false, status: 404, reason: expect.stringContaining('not a file of the app') });
    expect(appFileFor('app://other/index.html', dir)).toMatchObject({ ok: false, status: 404, reason: expect.stringContaining('app://sourcemark') });
    expect(appFileFor('app://sourcemark/x.exe', dir)).toMatchObject({ ok: false, status: 404, reason: expect.stringContaining('not a type the app serves') });
  });

  it('lets the window show only its own page', () => {
    expect(isAppPage(RENDERER_URL)).toBe(true);
    expect(isAppPage(`${RENDERER_URL}#/articles/a-1`)).toBe(true);
    expect(isAppPage(`${RENDERER_URL}?next=https://evil.example/`)).toBe(false);
    expect(isAppPage('app://sourcemark/app.js')).toBe(false);
    expect(isAppPage('app://evil/index.html')).toBe(false);
    expect(isAppPage('file:///opt/Sourcemark/resources/app.asar/dist/renderer/index.html')).toBe(false);
    expect(isAppPage('https://evil.example/index.html')).toBe(false);
    expect(isAppPage('not a url')).toBe(false);
  });

  it('trusts messages from the app:// page only, not from the old file:// page', () => {
    expect(isTrustedSender(`${RENDERER_URL}#/articles/a-1`, RENDERER_URL)).toBe(true);
    expect(isTrustedSender('file:///opt/Sourcemark/resources/app.asar/dist/renderer/index.html', RENDERER_URL)).toBe(false);
    expect(isTrustedSender('app://evil/index.html', RENDERER_URL)).toBe(false);
  });
});

describe('quitting or switching project with changes that could not be saved', () => {
  /** A store whose saves fail `failures` more times, recording what was called. */
  function failingStore(unsaved: string[], failures: number) {
    const calls: string[] = [];
    let left = failures;
    let pending = [...unsaved];
    const store: SavingStore = {
      flush: async () => { calls.push('flush'); if (left === 0) pending = []; },
      retrySaves: async () => { calls.push('retry'); if (left > 0) left--; if (left === 0) pending = []; },
      get unsaved() { return [...pending]; },
      get saveError() { return pending.length ? 'Could not save article a-1: the disk is full.' : undefined; },
    };
    return { store, calls };
  }
  const answering = (...choices: UnsavedChoice[]) => {
    const asked: { unsaved: string[]; error: string | undefined }[] = [];
    return { asked, ask: async (unsaved: string[], error: string | undefined) => { asked.push({ unsaved, error }); return choices.shift() ?? 'cancel'; } };
  };

  it('closes at once when everything is saved, without asking', async () => {
    const { store, calls } = failingStore([], 0);
    const { asked, ask } = answering();
    expect(await settleUnsaved(store, ask)).toBe(true);
    expect(calls).toEqual(['flush']);
    expect(asked).toEqual([]);
  });

  it('asks again after each failed retry, and closes once the changes are saved', async () => {
    const { store, calls } = failingStore(['a-1', 'sourcemark.json'], 2);
    const { asked, ask } = answering('retry', 'retry');
    expect(await settleUnsaved(store, ask)).toBe(true);
    expect(calls).toEqual(['flush', 'retry', 'retry']);
    expect(asked).toEqual([
      { unsaved: ['a-1', 'sourcemark.json'], error: 'Could not save article a-1: the disk is full.' },
      { unsaved: ['a-1', 'sourcemark.json'], error: 'Could not save article a-1: the disk is full.' },
    ]);
    expect(store.unsaved).toEqual([]);
  });

  it('stays open on Cancel, and closes without saving only when the user says so', async () => {
    const cancelled = failingStore(['a-1'], 5);
    expect(await settleUnsaved(cancelled.store, answering('cancel').ask)).toBe(false);
    expect(cancelled.calls).toEqual(['flush']);
    const discarded = failingStore(['a-1'], 5);
    expect(await settleUnsaved(discarded.store, answering('retry', 'discard').ask)).toBe(true);
    expect(discarded.calls).toEqual(['flush', 'retry']);
    expect(discarded.store.unsaved).toEqual(['a-1']);
  });

  it('says what is not saved, why, and what each button does', () => {
    const q = unsavedQuestion(['a-1'], 'Could not save article a-1: the disk is full.', 'quit');
    expect(q).toEqual({
      message: '1 change is not saved (a-1).',
      detail: 'Could not save article a-1: the disk is full. Free some disk space (or make the project folder writable), then choose Retry. Quitting without saving loses these changes.',
      buttons: ['Retry', 'Quit Without Saving', 'Cancel'],
    });
    const many = unsavedQuestion(Array.from({ length: 12 }, (_, i) => `a-${i}`), undefined, 'switch');
    expect(many.message).toBe('12 changes are not saved (a-0, a-1, a-2, a-3, a-4, a-5, a-6, a-7, a-8, a-9, …).');
    expect(many.buttons[1]).toBe('Open Without Saving');
  });
});
