import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WINDOW, RecentProjects, fitToDisplays, isTrustedSender, loadWindowState, menuTemplate, projectFromArgs, saveWindowState } from '../../app/desktop.js';
import { cleanTemp, newProject, tempDir } from '../helpers/project.js';

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
