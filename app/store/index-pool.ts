/**
 * Passes over many articles on reading threads (index-worker.ts): rebuilding the index, and
 * reading articles in turn for an export. The work goes out in chunks, a few per thread at a
 * time, so every core reads while the store's thread only gathers the results, and memory stays
 * bounded whatever the project's size. Without threads (a store given its own file operations,
 * few articles, or threads that cannot start) the store's own reading does the same, a few
 * files at a time.
 *
 * Must not: read a file itself (the threads do, or the store's own reading it is given).
 */

import type { Worker } from 'node:worker_threads';
import type { ArticleDoc } from '../../annotations/index.js';
import { UserError, type ErrorCode } from '../errors.js';
import { inTurn } from '../in-turn.js';
import { startWorker } from '../worker-start.js';
import type { StoreCore } from './core.js';
import type { IndexEntry } from './index-file.js';
import type { DocWorkResult, IndexWorkItem, IndexWorkResult, IndexWorkerData, WorkRequest } from './index-worker.js';

/** How many article files the store's thread reads at once (its waits overlap the parsing of the ones read). */
const READ_AHEAD = 8;
/** Articles per message to a thread: enough that messages cost little, few enough that the threads end together. */
const CHUNK = 64;
/** Chunks under way per thread: one being read, one waiting, so a thread never waits for the store's. */
const PER_THREAD = 2;

/**
 * A thread holds a few chunks of articles at a time: a small heap is plenty, and keeps the
 * collector from letting garbage pile up to hundreds of megabytes during a long pass.
 */
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 192 };

/** Reading threads, each answering its requests in the order asked. */
class ReadingThreads {
  private readonly waiting = new Map<Worker, { resolve: (r: unknown) => void; reject: (e: unknown) => void }[]>();
  private failure: Error | undefined;

  constructor(data: IndexWorkerData, count: number) {
    for (let i = 0; i < count; i++) {
      const worker = startWorker(new URL('./index-worker.cjs', import.meta.url), new URL('./index-worker.ts', import.meta.url), data, LIMITS);
      this.waiting.set(worker, []);
      worker.on('message', (r: unknown) => this.waiting.get(worker)?.shift()?.resolve(r));
      const fail = (e: Error) => {
        this.failure ??= e;
        for (const w of this.waiting.get(worker)?.splice(0) ?? []) w.reject(e); // none once closed (a late error of a thread that did not start)
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a reading thread stopped (exit code ${code})`)));
    }
  }

  get size(): number {
    return this.waiting.size;
  }

  /** Asks the thread with the least to do. */
  ask<R>(request: WorkRequest): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    const [worker, queue] = [...this.waiting].sort((a, b) => a[1].length - b[1].length)[0]!; // none once closed: failure is set
    return new Promise<R>((resolve, reject) => {
      queue.push({ resolve: resolve as (r: unknown) => void, reject });
      worker.postMessage(request);
    });
  }

  /** Ends every thread (again: nothing). */
  async close(): Promise<void> {
    const workers = [...this.waiting.keys()];
    this.waiting.clear();
    this.failure ??= new Error('the reading threads have ended');
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Reading threads for a pass over `items` articles, or undefined when the store reads them itself. */
function threadsFor(core: StoreCore, items: number): ReadingThreads | undefined {
  const { count, from } = core.readThreads;
  if (count <= 0 || items < from) return undefined;
  try {
    return new ReadingThreads({ dir: core.dir, schema: core.schema, sources: core.sourceMap() }, count);
  } catch (e) {
    core.say(slower(e));
    return undefined;
  }
}

const slower = (e: unknown): string => `The article files were read on one thread only (slower): ${e instanceof Error ? e.message : String(e)}.`;

const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Reads the articles of `items` for their index entries, calling `onEntry` with each and the
 * store's `onProgress` after each: on `core.readThreads` when there are enough, else with
 * `readHere` (the store's own reading), a few at a time. An article the threads leave (of before
 * layers: the store migrates it), one that is open, and every one left when a thread fails are
 * read with `readHere`; a failed thread is said, as the reading is slower.
 */
export async function readIndexEntries(core: StoreCore, items: readonly IndexWorkItem[], readHere: (item: IndexWorkItem) => Promise<IndexEntry>, onEntry: (id: string, entry: IndexEntry) => void): Promise<void> {
  const done = new Set<string>();
  const got = (id: string, entry: IndexEntry) => {
    onEntry(id, entry);
    done.add(id);
    core.onProgress?.({ task: 'index', done: done.size, total: items.length });
  };
  const threads = threadsFor(core, items.length);
  if (threads) {
    try {
      await inTurn(chunks(items.filter(([id]) => !core.docs.has(id))), threads.size * PER_THREAD, async (chunk) => {
        for (const [id, entry] of await threads.ask<IndexWorkResult>({ entries: chunk })) if (entry) got(id, entry);
      });
    } catch (e) {
      core.say(slower(e));
    } finally {
      await threads.close();
    }
  }
  await inTurn(items.filter(([id]) => !done.has(id)), READ_AHEAD, async (item) => got(item[0], await readHere(item)));
}

/**
 * The articles `ids`, in that order, for a pass over many (an export): read on threads when
 * there are enough, a few chunks ahead, else with `readHere` a few articles ahead. An article
 * open in the store is its open copy, the newest. An article that cannot be read throws, as a
 * read of it alone would.
 */
export async function* articlesInTurn(core: StoreCore, ids: readonly string[], readHere: (id: string) => Promise<ArticleDoc>): AsyncGenerator<ArticleDoc> {
  const threads = threadsFor(core, ids.length);
  if (!threads) {
    yield* readInTurn(ids, readHere);
    return;
  }
  const all = chunks(ids);
  const ahead: Promise<DocWorkResult>[] = [];
  let asked = 0;
  try {
    for (let c = 0; c < all.length; c++) {
      while (ahead.length < threads.size * PER_THREAD && asked < all.length) {
        const p = threads.ask<DocWorkResult>({ docs: all[asked++]! });
        p.catch(() => undefined); // awaited below, in order; this only marks it handled meanwhile
        ahead.push(p);
      }
      let read: DocWorkResult;
      try {
        read = await ahead.shift()!;
      } catch (e) {
        // A thread stopped: the rest is read here.
        core.say(slower(e));
        yield* readInTurn(ids.slice(c * CHUNK), readHere);
        return;
      }
      // Every chunk read: the threads end now, not when the caller asks past the last article.
      if (c === all.length - 1) await threads.close();
      for (const [id, doc, error] of read) {
        const open = core.docs.get(id);
        if (open) yield open;
        else if (error) throw new UserError(error.code as ErrorCode, error.message);
        else yield doc ?? (await readHere(id));
      }
    }
  } finally {
    await threads.close();
  }
}

/** The articles `ids` in order, read with `readHere` a few ahead. */
async function* readInTurn(ids: readonly string[], readHere: (id: string) => Promise<ArticleDoc>): AsyncGenerator<ArticleDoc> {
  const ahead: Promise<ArticleDoc>[] = [];
  let asked = 0;
  for (let i = 0; i < ids.length; i++) {
    while (ahead.length < READ_AHEAD && asked < ids.length) {
      const p = readHere(ids[asked++]!);
      p.catch(() => undefined); // awaited below, in order; this only marks it handled meanwhile
      ahead.push(p);
    }
    yield await ahead.shift()!;
  }
}
