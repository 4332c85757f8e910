/**
 * The store's test seams: every file access goes through the injected file operations and every
 * time through the injected clock (issue 15: no direct `node:fs` call, no `Date.now()`).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realFileOps, type FileOps } from '../../../app/store/durable.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const TEXT = 'The minister said the plan would go ahead. Critics disagreed.';

/** Every file operation, each recording its name and the path it was given (relative to `root`). */
function recordingOps(root: () => string): { fs: FileOps; calls: string[] } {
  const calls: string[] = [];
  const fs = Object.fromEntries(Object.entries(realFileOps).map(([name, f]) => [name, (...args: unknown[]) => {
    calls.push(`${name} ${path.relative(root(), String(args[0])).split(path.sep).join('/')}`);
    return (f as (...a: unknown[]) => unknown)(...args);
  }])) as unknown as FileOps;
  return { fs, calls };
}

describe('ProjectStore: injected file operations', () => {
  it('sees every read and write of opening, saving, listing backups, restoring and reopening', async () => {
    let dir = '';
    const rec = recordingOps(() => dir);
    dir = path.join(tempDir(), 'project');
    const store = await ProjectStore.create(dir, { name: 'Seen' }, { fs: rec.fs });
    await store.addArticle(articleDoc('a-1', TEXT));
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1');
    expect(store.listBackups('a-1')).toHaveLength(1);
    await store.restoreBackup('a-1');
    await store.close();
    const again = await ProjectStore.open(dir, { fs: rec.fs });
    await again.close();
    const seen = new Set(rec.calls);
    for (const call of [
      'existsSync sourcemark.json', // create: not a project yet; open: it is one
      'readFile sourcemark.json', 'readFile sources.json', 'existsSync .sourcemark',
      'writeFile .sourcemark/lock', 'unlink .sourcemark/lock',
      'readdirSync articles', 'statSync articles/a-1.json', 'readFile articles/a-1.json',
      'readdirSync .sourcemark/backups/a-1', 'readFileSync .sourcemark/index.jsonl',
      'writeFile .sourcemark/index.jsonl.tmp', 'rename .sourcemark/index.jsonl.tmp',
    ]) expect(seen, call).toContain(call);
    // The backup restored is read through them too.
    expect(rec.calls.some((c) => /^readFileSync \.sourcemark\/backups\/a-1\/.+\.json$/.test(c))).toBe(true);
    expect(rec.calls.some((c) => /^copyFile articles\/a-1\.json$/.test(c))).toBe(true);
  });

  it('believes the injected operations over the disk: a project they say is missing is missing', async () => {
    const { dir, store } = await newProject();
    await store.close();
    const hidden: Partial<FileOps> = { existsSync: (p) => !String(p).endsWith('sourcemark.json') && existsSync(p) };
    await expect(ProjectStore.open(dir, { fs: hidden })).rejects.toMatchObject({ code: 'project-missing' });
  });

  it('reads the lock through them: a live holder they report is refused', async () => {
    const { dir, store } = await newProject();
    await store.close();
    // The lock file on disk is gone; the injected operations say another live process holds it.
    const lock = path.join(dir, '.sourcemark', 'lock');
    const held: Partial<FileOps> = {
      writeFile: (async (f: string, data: string, opts?: { flag?: string }) => {
        if (f === lock) throw Object.assign(new Error('EEXIST: file already exists'), { code: 'EEXIST' });
        return fsp.writeFile(f, data, opts);
      }) as FileOps['writeFile'],
      readFileSync: ((f: string, enc?: BufferEncoding) => (f === lock ? JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'then' }) : readFileSync(f, enc))) as never,
    };
    await expect(ProjectStore.open(dir, { fs: held })).rejects.toMatchObject({ code: 'project-locked', message: expect.stringContaining(`process ${process.pid}`) });
    expect(existsSync(lock)).toBe(false);
  });
});

describe('ProjectStore: injected clock', () => {
  const FIXED = new Date('2031-07-04T12:34:56.789Z');

  it('a fixed clock shows in the saved article, the lock, the backup and the removed file', async () => {
    const { dir, store } = await newProject({ clock: () => FIXED });
    expect(JSON.parse(readFileSync(path.join(dir, 'sourcemark.json'), 'utf8')).createdAt).toBe(FIXED.toISOString());
    expect(JSON.parse(readFileSync(path.join(dir, '.sourcemark', 'lock'), 'utf8')).since).toBe(FIXED.toISOString());
    await store.addArticle(articleDoc('a-1', TEXT));
    expect(store.listArticles().items[0]!.updatedAt).toBe(FIXED.toISOString());
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1');
    // The article file has no `updatedAt` (it would conflict under git); a status set by no one in particular carries its time.
    expect(JSON.parse(readFileSync(path.join(dir, 'articles', 'a-1.json'), 'utf8')).statusAt).toBe(FIXED.toISOString());
    expect(store.listBackups('a-1').map((b) => b.time)).toEqual([FIXED.toISOString()]);
    await store.removeArticle('a-1');
    expect(readdirSync(path.join(dir, '.sourcemark', 'removed'))).toEqual(['a-1.2031-07-04T12-34-56-789Z.json']);
  });

  it('takes a backup when the injected clock, not the system one, says the interval has passed', async () => {
    let now = FIXED.getTime();
    const { store } = await newProject({ clock: () => new Date(now) });
    await store.addArticle(articleDoc('a-1', TEXT));
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1'); // first save of the session: backed up
    now += 9 * 60 * 1000;
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'todo' }, 'a-1'); // 9 minutes later: not yet
    expect(store.listBackups('a-1')).toHaveLength(1);
    now += 2 * 60 * 1000;
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1'); // 11 minutes after the first: due
    expect(store.listBackups('a-1').map((b) => b.time)).toEqual([new Date(now).toISOString(), FIXED.toISOString()]);
  });

  it('a state still queued is listed with the injected time, the time of the listing', async () => {
    let now = FIXED;
    let full = false;
    const disk: Partial<FileOps> = {
      open: (async (f: string, flags?: string) => {
        if (full && String(f).endsWith('.tmp')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return fsp.open(f, flags);
      }) as FileOps['open'],
    };
    const { store } = await newProject({ fs: disk, clock: () => now });
    await store.addArticle(articleDoc('a-1', TEXT));
    full = true;
    await expect(store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1')).rejects.toMatchObject({ code: 'write-failed' });
    expect(store.unsaved).toEqual(['a-1']);
    now = new Date('2032-01-01T00:00:00.000Z');
    expect(store.listArticles().items[0]).toMatchObject({ status: 'done', updatedAt: now.toISOString() });
    full = false;
    await store.retrySaves();
    expect(store.unsaved).toEqual([]);
  });
});
