/**
 * main/main.ts opening (as the most recent project) a project whose sourcemark.json is damaged:
 * the store opens it read-only with the problem named (issue 14, item 2), and the window says
 * "read-only" in its title and still shows the articles. With a fake Electron (see fake-electron.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiChannel } from '../../app/api/contract.js';
import { RENDERER_URL } from '../../app/shells/desktop.js';
import { cleanTemp, newProject } from '../helpers/project.js';
import { quitMain, startMain } from './main-session.js';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());

vi.mock('electron', () => fake.electron);

let projectDir = '';

beforeAll(async () => {
  const { dir, store } = await newProject();
  await store.close();
  writeFileSync(path.join(dir, 'sourcemark.json'), '{"type": "sourcemark-project", "version": 1, "name": ');
  projectDir = dir;
  await startMain(fake, (userData) => writeFileSync(path.join(userData, 'recent-projects.json'), JSON.stringify([dir])));
});

afterAll(async () => {
  await quitMain(fake);
  await cleanTemp();
});

describe('Electron main, a project that opens read-only', () => {
  it('opens it, says read-only in the title, and names the problem through the Api', async () => {
    expect(fake.electron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(fake.windows[0]!.loaded).toEqual([RENDERER_URL]);
    expect(fake.windows[0]!.titles.at(-1)).toMatch(/ \(read-only\) — Sourcemark$/);
    const info = (await fake.ipcHandlers.get(apiChannel('getProject'))!({ senderFrame: { url: RENDERER_URL } }, {})) as { ok: boolean; result: { problem?: string } };
    expect(info.ok).toBe(true);
    expect(info.result.problem).toContain(path.join(projectDir, 'sourcemark.json'));
  });
});
