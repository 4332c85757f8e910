/**
 * The save queue with independent files (issue 19: many people editing different articles):
 * a run of articles at the head is written at once, a new state of an article replaces its
 * queued one across other articles, a file that depends on others still waits for everything
 * queued before it, and a failure inside a run keeps the failed file queued and tells its
 * waiters, while the articles written beside it are done.
 */
import { describe, expect, it } from 'vitest';
import { SaveQueue } from '../../../app/store/durable.js';
import { isArticleKey } from '../../../app/store/files.js';

type Log = string[];

/** A write of `name` that logs its start and end, and resolves when `release` is called (or at once). */
function gate(): { wait: Promise<void>; release: () => void } {
  let release!: () => void;
  const wait = new Promise<void>((r) => (release = r));
  return { wait, release };
}

const queue = (): SaveQueue => new SaveQueue((file, e) => new Error(`could not save ${file}: ${(e as Error).message}`), (file, failed) => new Error(`${file} waits for ${failed.message}`), isArticleKey);

const write = (log: Log, name: string, held?: Promise<void>) => async (): Promise<void> => {
  log.push(`start ${name}`);
  await held;
  log.push(`end ${name}`);
};

describe('SaveQueue with independent files', () => {
  it('writes a run of articles at once, and a dependent file only after all of them', async () => {
    const q = queue();
    const log: Log = [];
    const a = gate();
    const done = [
      q.enqueue('articles/a.json', 'articles/a.json', write(log, 'a', a.wait)),
      q.enqueue('articles/b.json', 'articles/b.json', write(log, 'b')),
      q.enqueue('sources.json', 'sources.json', write(log, 'sources')),
      q.enqueue('articles/c.json', 'articles/c.json', write(log, 'c')),
    ];
    await new Promise((r) => setTimeout(r, 10));
    // a and b started together; sources waits for a (still held), c waits for sources.
    expect(log).toEqual(['start a', 'start b', 'end b']);
    a.release();
    await Promise.all(done);
    expect(log).toEqual(['start a', 'start b', 'end b', 'end a', 'start sources', 'end sources', 'start c', 'end c']);
    expect(q.writes).toBe(4);
  });

  it('replaces the queued state of an article across other articles, never across a dependent file', async () => {
    const q = queue();
    const log: Log = [];
    const head = gate();
    q.enqueue('sources.json', 'sources.json', write(log, 'sources', head.wait)).catch(() => undefined);
    const first = q.enqueue('articles/a.json', 'articles/a.json', write(log, 'a1'));
    q.enqueue('articles/b.json', 'articles/b.json', write(log, 'b')).catch(() => undefined);
    const second = q.enqueue('articles/a.json', 'articles/a.json', write(log, 'a2'));
    q.enqueue('sourcemark.json', 'sourcemark.json', write(log, 'project')).catch(() => undefined);
    const third = q.enqueue('articles/a.json', 'articles/a.json', write(log, 'a3'));
    expect(q.pending).toEqual(['sources.json', 'articles/a.json', 'articles/b.json', 'sourcemark.json']);
    head.release();
    await Promise.all([first, second, third]);
    // a1 became a2 (only b between them); a3 came after the project file, so it is written after it.
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start sources', 'start a2', 'start b', 'start project', 'start a3']);
  });

  it('never replaces a state that is being written', async () => {
    const q = queue();
    const log: Log = [];
    const held = gate();
    const first = q.enqueue('articles/a.json', 'articles/a.json', write(log, 'a1', held.wait));
    await new Promise((r) => setTimeout(r, 0));
    const second = q.enqueue('articles/a.json', 'articles/a.json', write(log, 'a2'));
    held.release();
    await Promise.all([first, second]);
    expect(log).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
  });

  it('keeps a failed article queued, says so to its waiters, and holds back what depends on it', async () => {
    const q = queue();
    let full = true;
    const written: string[] = [];
    const fails = (name: string) => async (): Promise<void> => {
      if (full) throw new Error('no space left on device');
      written.push(name);
    };
    const ok = (name: string) => async (): Promise<void> => void written.push(name);
    const a = q.enqueue('articles/a.json', 'articles/a.json', fails('a'));
    const b = q.enqueue('articles/b.json', 'articles/b.json', ok('b'));
    const index = q.enqueue('.sourcemark/index.json', '.sourcemark/index.json', ok('index'));
    await expect(a).rejects.toThrow('could not save articles/a.json: no space left on device');
    await expect(index).rejects.toThrow('.sourcemark/index.json waits for could not save articles/a.json');
    await b; // written beside a: articles need no order among themselves
    expect(written).toEqual(['b']);
    expect(q.pending).toEqual(['articles/a.json', '.sourcemark/index.json']);
    expect(q.lastError?.message).toMatch(/no space left/);
    full = false;
    await q.retry();
    expect(written).toEqual(['b', 'a', 'index']);
    expect(q.pending).toEqual([]);
    expect(q.lastError).toBeUndefined();
  });

  it('keeps the old order for a queue without independent files', async () => {
    const q = new SaveQueue((f) => new Error(f), (f) => new Error(f));
    const log: Log = [];
    const held = gate();
    const done = [q.enqueue('articles/a.json', 'a', write(log, 'a', held.wait)), q.enqueue('articles/b.json', 'b', write(log, 'b'))];
    await new Promise((r) => setTimeout(r, 10));
    expect(log).toEqual(['start a']);
    held.release();
    await Promise.all(done);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
