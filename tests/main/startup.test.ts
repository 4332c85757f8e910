/**
 * main/main.ts on a first launch where nothing can be written to the user data folder (a full
 * or read-only disk; here a file stands where the folder should be, which fails as root too):
 * the problem is said in words, and the window still opens its page, which then says that no
 * project is open, instead of staying blank. With a fake Electron (see fake-electron.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiChannel } from '../../app/api/contract.js';
import { RENDERER_URL } from '../../app/shells/desktop.js';
import { cleanTemp, tempDir } from '../helpers/project.js';
import { repoRoot } from '../helpers/gold.js';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());

vi.mock('electron', () => fake.electron);

beforeAll(async () => {
  fake.state.userData = path.join(tempDir('sourcemark-userdata-'), 'Sourcemark');
  writeFileSync(fake.state.userData, 'not a folder');
  fake.state.appPath = repoRoot;
  await import('../../main/main.js');
  fake.ready();
  await vi.waitFor(() => expect(fake.windows[0]?.loaded.length).toBe(1), { timeout: 10_000 });
});

afterAll(cleanTemp);

describe('Electron main, first launch with an unwritable user data folder', () => {
  it('says why there is no project, and still shows the page', async () => {
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, text] = fake.electron.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('Sourcemark could not copy its sample project');
    expect(text).toContain(fake.state.userData);
    expect(text).toMatch(/Open or create a project from the File menu\.$/);
    expect(fake.windows[0]!.loaded).toEqual([RENDERER_URL]);
    const answer = await fake.ipcHandlers.get(apiChannel('getProject'))!({ senderFrame: { url: RENDERER_URL } }, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'project-missing' } });
  });
});
