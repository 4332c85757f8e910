/**
 * Issue 14, items 3 and 7: a full disk loses nothing. Every file the store writes goes through
 * one ordered retry queue: what answered 507 stays queued until it is on disk, a change that
 * depends on an unsaved one waits behind it, Ctrl+C does not claim "every change is saved" while
 * something is not, and `sourcemark.json` / `sources.json` have backups `restore` can bring back.
 *
 * The full-disk sequence runs on a real, small tmpfs against `serve` as users start it; mounting
 * needs root (CI runs as root), so those tests are skipped, saying so, for anyone else. The
 * ordering is tested with file operations that fail for one file only, which no real disk does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { makeFragment } from '../../annotations/index.js';
import type { FileOps } from '../../app/store/durable.js';
import { runCli } from '../../app/cli/cli.js';
import { ProjectStore } from '../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, span, steppingClock, tempDir } from '../helpers/project.js';
import { apiCall, serveCommand } from '../helpers/server-process.js';

const mounts: string[] = [];
afterAll(async () => {
  for (const m of mounts.splice(0)) execFileSync('umount', ['-l', m]);
  await cleanTemp();
});

const TEXT = 'The ministry said the withdrawal was complete. Officials insisted nothing was left behind.';
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

const isRoot = process.getuid?.() === 0;

/** A tmpfs of `kb` kilobytes with a filler file that takes all its free space, and gives it back. */
function smallDisk(kb = 2048): { root: string; fill: () => void; free: () => void } {
  const root = tempDir('sourcemark-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', root]);
  mounts.push(root);
  const filler = path.join(root, 'filler');
  return {
    root,
    fill: () => {
      const fd = openSync(filler, 'a');
      try {
        for (const size of [65536, 4096, 512, 1]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (e) {
            if ((e as { code?: string }).code !== 'ENOSPC') throw e;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
  };
}

/** A project with one article, created on `root`. */
async function projectOn(root: string): Promise<string> {
  const dir = path.join(root, 'project');
  const store = await ProjectStore.create(dir, { name: 'On a small disk' });
  await store.addArticle(articleDoc('a-1', TEXT));
  await store.close();
  return dir;
}

const now = () => new Date().toISOString();
const speaker = (sourceId: string) => ({
  id: 's-1', label: 'Speaker', fragments: [makeFragment(TEXT, 0, 12)], attributes: {}, sourceId, annotator: 'test', origin: 'manual', createdAt: now(), updatedAt: now(),
});
const SOURCE = { id: 'src-1', name: 'Ministry of Defence', kind: 'organization', aliases: [] };

describe.skipIf(!isRoot)('a full disk under `serve` (a real tmpfs; needs root to mount it)', () => {
  it('answers 507 naming the file, forgets nothing, saves all once space returns, and keeps it all after a restart', async () => {
    const disk = smallDisk();
    const dir = await projectOn(disk.root);
    const server = await serveCommand(dir);
    try {
      disk.fill();
      const rename = await apiCall(server, 'updateProject', { name: 'Renamed while full' });
      expect(rename.status).toBe(507);
      expect(rename.json.error!.message).toMatch(/^Could not save the project settings \(sourcemark\.json\): the disk is full; free some space\. Your change is kept in memory/);
      const source = await apiCall(server, 'apply', { op: { op: 'addSource', source: SOURCE }, scope: 'sources' });
      expect(source.status).toBe(507);
      expect(source.json.error!.message).toMatch(/sources\.json|waits for an earlier change/);
      expect(source.json.error!.message).not.toMatch(/does not exist/);
      const mention = await apiCall(server, 'apply', { op: { op: 'addSpan', articleId: 'a-1', span: speaker('src-1') }, scope: 'a-1' });
      expect(mention.status).toBe(507);
      // Still full: everything is still listed, in the order it was made.
      const still = await apiCall(server, 'retrySaves', {});
      expect(still.json.result).toEqual({ unsaved: ['sourcemark.json', 'sources.json', 'a-1'] });
      // The page still shows every change (it is kept in memory).
      expect((await apiCall(server, 'getProject', {})).json.result).toMatchObject({ name: 'Renamed while full', sources: [SOURCE] });

      disk.free();
      const retried = await apiCall(server, 'retrySaves', {});
      expect(retried.json.result).toEqual({ unsaved: [] });
    } finally {
      await server.stop('SIGINT');
    }
    expect(server.output()).toContain('Stopped; every change is saved.');
    expect(server.child.exitCode).toBe(0);

    const store = await ProjectStore.open(dir);
    expect(store.info.name).toBe('Renamed while full');
    expect(store.sources.map((s) => s.id)).toEqual(['src-1']);
    expect(store.listArticles().items[0]!.damaged).toBeUndefined();
    expect((await store.getArticle('a-1')).spans[0]!.sourceId).toBe('src-1');
    await store.close();
  });

  it('on Ctrl+C with changes not saved, says so and keeps retrying until they are; a second Ctrl+C says what is lost', async () => {
    const disk = smallDisk();
    const dir = await projectOn(disk.root);
    const server = await serveCommand(dir);
    disk.fill();
    expect((await apiCall(server, 'apply', { op: { op: 'addSource', source: SOURCE }, scope: 'sources' })).status).toBe(507);
    server.child.kill('SIGINT');
    await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/Not saved yet: sources\.json\. Could not save the sources \(sources\.json\): the disk is full/);
    expect(server.output()).not.toContain('every change is saved');
    // A second Ctrl+C while the disk is still full: it stops, and says what was not saved.
    await server.stop('SIGINT');
    expect(server.child.exitCode).toBe(1);
    expect(server.output()).toContain('Stopped; these changes were NOT saved: sources.json.');
    expect(server.output()).not.toContain('every change is saved');
    disk.free();

    // Again, this time waiting for it to save on its own once there is space.
    const again = await serveCommand(dir);
    disk.fill();
    expect((await apiCall(again, 'updateProject', { name: 'Saved on the way out' })).status).toBe(507);
    again.child.kill('SIGINT');
    await expect.poll(() => again.output(), { timeout: 10_000 }).toMatch(/Not saved yet: sourcemark\.json/);
    disk.free();
    await expect.poll(() => again.child.exitCode, { timeout: 15_000 }).toBe(0);
    expect(again.output()).toContain('Stopped; every change is saved.');
    expect(read(path.join(dir, 'sourcemark.json')).name).toBe('Saved on the way out');
  });

  it('a project on a read-only disk opens read-only with a clear message, not "unexpected error: ENOENT"', async () => {
    const disk = smallDisk();
    const dir = await projectOn(disk.root);
    rmSync(path.join(dir, '.sourcemark'), { recursive: true });
    execFileSync('mount', ['-o', 'remount,ro', disk.root]);
    const server = await serveCommand(dir);
    try {
      expect(server.output()).toContain(`${dir} cannot be written (the disk is read-only): the project is open read-only.`);
      expect(server.output()).not.toMatch(/unexpected|Please report|does not exist/);
      const project = await apiCall(server, 'getProject', {});
      expect((project.json.result as { problem?: string }).problem).toMatch(/the disk is read-only/);
      expect((await apiCall(server, 'listArticles', {})).json.result).toMatchObject({ total: 1 });
      const write = await apiCall(server, 'apply', { op: { op: 'setStatus', articleId: 'a-1', status: 'done' }, scope: 'a-1' });
      expect(write.status).toBe(409);
      expect(write.json.error!.message).toMatch(/^Nothing can be changed: .* cannot be written \(the disk is read-only\)/);
    } finally {
      await server.stop();
    }
  });
});

/** File operations where writing `name` (its temporary file) fails with ENOSPC while `failing`. */
function failingFile(name: string): { fs: FileOps; failing: boolean } {
  const state = {
    failing: false,
    fs: {
      ...fsp,
      open: (async (f: string, flags?: string) => {
        if (state.failing && path.basename(String(f)).startsWith(`.${name}.`)) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return fsp.open(f, flags);
      }) as FileOps['open'],
    } as FileOps,
  };
  return state;
}

describe('one ordered queue for every file', () => {
  it('an article that names a source waits for the sources file it depends on, and both are saved in order on retry', async () => {
    const disk = failingFile('sources.json');
    const { dir, store } = await newProject({ fs: disk.fs, clock: steppingClock() });
    await store.addArticle(articleDoc('a-1', TEXT));
    const article = path.join(dir, 'articles', 'a-1.json');
    const before = readFileSync(article, 'utf8');
    disk.failing = true;
    await expect(store.apply({ op: 'addSource', source: { id: 'src-1', name: 'Ministry', kind: 'organization', aliases: [] } }, 'sources'))
      .rejects.toMatchObject({ code: 'write-failed', message: expect.stringMatching(/^Could not save the sources \(sources\.json\): the disk is full/) });
    const doc = await store.getArticle('a-1');
    // The article's own file could be written, but it must not name a source that is not on disk.
    await expect(store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Speaker', 0, 12, { sourceId: 'src-1' }) }, 'a-1'))
      .rejects.toMatchObject({ code: 'write-failed', message: expect.stringMatching(/^"Article a-1" \(articles\/a-1\.json\) is not saved yet: it waits for an earlier change that could not be saved \(Could not save the sources \(sources\.json\)/) });
    expect(readFileSync(article, 'utf8')).toBe(before);
    expect(existsSync(path.join(dir, 'layers', 'test', 'a-1.json'))).toBe(false);
    expect(store.unsaved).toEqual(['sources.json', 'a-1']);
    await store.retrySaves();
    expect(store.unsaved).toEqual(['sources.json', 'a-1']);
    disk.failing = false;
    await store.retrySaves();
    expect(store.unsaved).toEqual([]);
    expect(read(path.join(dir, 'sources.json')).sources.map((s: { id: string }) => s.id)).toEqual(['src-1']);
    // The span is in its annotator's layer file (layers/test/a-1.json), the article file unchanged.
    expect(read(path.join(dir, 'layers', 'test', 'a-1.json')).spans[0].sourceId).toBe('src-1');
    await store.close();
    const again = await ProjectStore.open(dir);
    expect(again.listArticles().items[0]!.damaged).toBeUndefined();
    await again.close();
  });

  it('a failed project settings save is retried with the next change and by retrySaves, never dropped', async () => {
    const disk = failingFile('sourcemark.json');
    const { dir, store } = await newProject({ fs: disk.fs });
    disk.failing = true;
    await expect(store.updateProject({ name: 'New name' })).rejects.toMatchObject({ code: 'write-failed', message: expect.stringContaining('(sourcemark.json): the disk is full') });
    expect(store.unsaved).toEqual(['sourcemark.json']);
    disk.failing = false;
    await store.retrySaves();
    expect(store.unsaved).toEqual([]);
    expect(read(path.join(dir, 'sourcemark.json')).name).toBe('New name');
    await store.close();
  });

  it('keeps rolling backups of sourcemark.json and sources.json, which `restore <folder> project|sources` brings back', async () => {
    const { dir, store } = await newProject();
    await store.apply({ op: 'addSource', source: { id: 'src-1', name: 'Ministry', kind: 'organization', aliases: [] } }, 'sources');
    await store.updateProject({ name: 'First name' });
    await store.close();
    for (const name of ['sourcemark.json', 'sources.json']) expect(readdirSync(path.join(dir, '.sourcemark', 'backups', name)).length).toBeGreaterThan(0);
    // A second session: its first save keeps the files as the first session left them.
    const second = await ProjectStore.open(dir);
    await second.apply({ op: 'addSource', source: { id: 'src-2', name: 'Agency', kind: 'organization', aliases: [] } }, 'sources');
    await second.updateProject({ name: 'Second name' });
    await second.close();
    writeFileSync(path.join(dir, 'sources.json'), '{"type": "sourcemark-sources", "version": 1, "sourc');
    writeFileSync(path.join(dir, 'sourcemark.json'), '');
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await runCli(['backups', dir, 'sources'], io)).toBe(0);
    expect(lines.join('\n')).toMatch(/\.sourcemark\/backups\/sources\.json\//);
    expect(await runCli(['restore', dir, 'sources'], io)).toBe(0);
    expect(await runCli(['restore', dir, 'project'], io)).toBe(0);
    expect(lines.join('\n')).toMatch(/Restored sources\.json from .*the previous file was moved to \.sourcemark\/damaged\//);
    expect(read(path.join(dir, 'sources.json')).sources.map((s: { id: string }) => s.id)).toEqual(['src-1']);
    expect(read(path.join(dir, 'sourcemark.json')).name).toBe('First name');
    expect(readdirSync(path.join(dir, '.sourcemark', 'damaged')).sort()).toEqual([expect.stringMatching(/^sourcemark\.json\./), expect.stringMatching(/^sources\.json\./)]);
    const reopened = await ProjectStore.open(dir);
    expect(reopened.problem).toBeUndefined();
    await reopened.close();
  });

  it('the damaged project file message points to a backup that exists', async () => {
    const { dir, store } = await newProject();
    await store.updateProject({ name: 'x' });
    await store.close();
    writeFileSync(path.join(dir, 'sourcemark.json'), '{');
    const s = await ProjectStore.open(dir);
    expect(s.problem).toMatch(/sourcemark\.json cannot be read: the file is not valid JSON .* restore its last backup with "npm run cli -- restore .* project"/);
    expect(existsSync(path.join(dir, '.sourcemark', 'backups', 'sourcemark.json'))).toBe(true);
    await s.close();
  });
});

// Keep the helper honest: the filler really fills the disk.
describe.skipIf(!isRoot)('the small disk helper (needs root)', () => {
  it('fills the tmpfs until a write fails with ENOSPC, and frees it', () => {
    const disk = smallDisk(256);
    disk.fill();
    mkdirSync(path.join(disk.root, 'd'), { recursive: true });
    expect(() => writeFileSync(path.join(disk.root, 'd', 'x'), Buffer.alloc(8192))).toThrow(/ENOSPC/);
    disk.free();
    writeFileSync(path.join(disk.root, 'd', 'x'), Buffer.alloc(8192));
  });
});
