/**
 * Durable, ordered, coalesced file writes, as a lowdb adapter.
 *
 * lowdb's own `JSONFile` writes a temporary file and renames it but never fsyncs, so a power cut
 * can leave an empty file behind the rename. {@link DurableJsonFile} writes the temporary file,
 * fsyncs it, renames it over the target and fsyncs the folder, so after `write` resolves the new
 * content is on disk. {@link SaveQueue} sits in front: one ordered queue for every file of a
 * project, where a burst of edits becomes a few writes, each of a state the user actually had,
 * and a write that failed (a full disk) holds back every later one until it succeeds. On a team
 * desk the queue acknowledges a save once the desk's journal holds it (journal.ts) and writes
 * the files a moment later.
 */

import { accessSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { inTurn } from '../in-turn.js';
import { stableStringify } from './json.js';

/** The synchronous file operations the store uses: questions that must not wait (does the lock exist, which backups are there, the size and time of a file just written). */
export type SyncFileOps = {
  existsSync: typeof existsSync;
  readFileSync: typeof readFileSync;
  readdirSync: typeof readdirSync;
  statSync: typeof statSync;
  accessSync: typeof accessSync;
};

/**
 * The file operations a caller may inject into the store (app/store/**): no module there calls
 * `node:fs` itself, so a test can pass a version that fails on purpose (a full disk) or records
 * what is read. The async ones (a copy of `node:fs/promises` with one changed will do) read and
 * write files; the synchronous ones, when left out, are Node's (see {@link withRealFileOps}).
 */
export type FileOps = Pick<typeof fsp, 'open' | 'rename' | 'unlink' | 'readFile' | 'mkdir' | 'readdir' | 'stat' | 'copyFile' | 'writeFile'> & Partial<SyncFileOps>;

/** Every file operation, none left out: what the store's modules hold. */
export type StoreFileOps = Required<FileOps>;

export const realFileOps: StoreFileOps = { ...fsp, existsSync, readFileSync, readdirSync, statSync, accessSync };

/** `ops` completed with Node's own operations: a test passes only those it changes. */
export const withRealFileOps = (ops: Partial<FileOps> = {}): StoreFileOps => ({ ...realFileOps, ...ops });

/** A file that exists but could not be read as JSON. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

let tmpCounter = 0;

/** Writes `text` to `file` durably: temp file, fsync, rename, fsync of the folder. */
export async function writeFileDurably(file: string, text: string, fs: FileOps = realFileOps): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tmpCounter}.tmp`);
  try {
    const fh = await fs.open(tmp, 'w');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
  const dh = await fs.open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Why `text` could not be parsed as JSON (`e`: what JSON.parse threw), in words. */
export const unreadableReason = (text: string, e: unknown): string =>
  text.trim() === '' ? 'the file is empty' : `the file is not valid JSON (${(e as Error).message})`;

/**
 * A lowdb adapter for one JSON file with durable writes and stable formatting. `read` returns
 * null for a missing file and throws {@link UnreadableFileError} for a truncated or non-JSON one.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string, private readonly fs: FileOps = realFileOps) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new UnreadableFileError(this.file, unreadableReason(text, e));
    }
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.file, stableStringify(data), this.fs);
  }
}

/** A lowdb database over one durable JSON file. */
export const durableDb = <T>(file: string, initial: T, fs?: FileOps): Low<T> => new Low<T>(new DurableJsonFile<T>(file, fs), initial);

type Waiter = { resolve: () => void; reject: (e: unknown) => void };

/** The new text of one file of the project (`/`-separated, relative to its folder), or null when the file goes: a record of the desk's journal. */
export type Image = { file: string; text: string | null };

/** What the save queue asks of the desk's journal (journal.ts). */
export type JournalLog = {
  append(images: readonly Image[], order: number): Promise<void>;
  release(firstPending: number): Promise<void>;
  close(): Promise<void>;
};
/** `order`: when the entry was made (the journal keeps a segment until every entry it holds is written); `journaled`: its state is in the journal. */
type Entry = { key: string; file: string; write: () => Promise<void>; waiters: Waiter[]; order: number; journaled: boolean };

/**
 * One ordered queue of file writes for a whole project (sourcemark.json, sources.json, articles,
 * the index). Entries are written one at a time in the order they were queued, so a change is
 * never on disk before one it depends on (an article naming a source after the source, a source
 * removed after the article that stopped naming it). A new state of the file queued last replaces
 * it (a burst of edits of one article becomes one write); elsewhere in the queue it is queued
 * again, behind what came between.
 *
 * When a write fails, it stays at the head of the queue with everything behind it, and every
 * waiter is told (the failed file's waiters with its error, the others that they wait behind it);
 * nothing is dropped. The next {@link enqueue} or {@link retry} tries again from the head.
 *
 * Files whose order among themselves does not matter (`independent`: the articles; none names
 * another) are written together: a run of them at the head is written at once (their fsyncs
 * overlap, which is most of a write's time when many people edit different articles), and a
 * new state of one replaces its queued state when only such files were queued after it. A file
 * that depends on others (sources, the project, the index) still waits for everything before it.
 */
export class SaveQueue {
  private readonly entries: Entry[] = [];
  private running: Promise<void> | undefined;
  /** The entries whose writes are under way. */
  private readonly writing = new Set<Entry>();
  /** The last failure, until a later write succeeds. */
  lastError: Error | undefined;
  /** Number of writes that reached the disk. */
  writes = 0;
  /** The desk's journal (journal.ts), when saves are acknowledged once they are in it. */
  private journal: { log: JournalLog; delay: number; unordered: (key: string) => boolean } | undefined;
  /** The journal's appends held back behind a registry file (in the order they were queued), and how many. */
  private journaling: Promise<void> = Promise.resolve();
  private held = 0;
  private orders = 0;

  /**
   * @param describe turns a failure of `file` into the error its waiters receive.
   * @param blocked the error a waiter receives when an earlier file (`failed`) could not be saved.
   * @param independent true for a key whose writes need no order with other such keys' (see above).
   */
  constructor(
    private readonly describe: (file: string, e: unknown) => Error,
    private readonly blocked: (file: string, failed: Error) => Error,
    private readonly independent: (key: string) => boolean = () => false,
  ) {}

  /** At most this many independent files are written at once. */
  static readonly BATCH = 32;

  /**
   * From now on a save queued with the new texts of its files ({@link enqueue}'s `images`) is
   * acknowledged once they are in `log`; its files are written `delay` ms later, when the states
   * that came meanwhile have replaced it. A save without them (the registry files) is
   * acknowledged once written, as before, and an edit queued after it is journaled only then
   * (never on disk before a source it names); `unordered` keys (the index, a cache) hold back nothing.
   */
  useJournal(log: JournalLog, opts: { delay: number; unordered: (key: string) => boolean }): void {
    this.journal = { log, ...opts };
  }

  /** Removes the journal's segments whose saves are all written (before a file is moved or replaced outside the queue). */
  async releaseJournal(): Promise<void> {
    await this.journal?.log.release(this.entries.reduce((n, e) => Math.min(n, e.order), Infinity));
  }

  /** Closes the journal once nothing is being written; its segments stay only if a save is still not written. */
  async closeJournal(): Promise<void> {
    if (!this.journal) return;
    await this.settled();
    await this.journaling;
    await this.journal.log.close();
    await this.releaseJournal();
  }

  /** True when saves are journaled ({@link useJournal}). */
  get journaled(): boolean {
    return this.journal !== undefined;
  }

  /**
   * Queues a write of `key` (`write` writes its current state, `file` names it in messages);
   * resolves once it is on disk, rejects with the error `describe` or `blocked` made when it, or something queued
   * before it, could not be written. It stays queued either way until it is written.
   */
  enqueue(key: string, file: string, write: () => Promise<void>, images?: readonly Image[]): Promise<void> {
    const journal = this.journal;
    return new Promise((resolve, reject) => {
      let entry = this.replaceable(key);
      // The newest state of a file replaces its queued one (see replaceable).
      if (entry) entry.write = write;
      else this.entries.push((entry = { key, file, write, waiters: [], order: ++this.orders, journaled: false }));
      if (!journal || !images) entry.waiters.push({ resolve, reject });
      else {
        entry.journaled = true;
        const order = entry.order;
        const append = () => journal.log.append(images, order).then(resolve, (e: unknown) => reject(this.describe(file, e)));
        const ahead = this.entries.slice(0, this.entries.indexOf(entry)).filter((e) => !e.journaled && !journal.unordered(e.key));
        if (!ahead.length && !this.held) void append();
        else {
          // Into the journal only once the registry files queued before it are written, and after the records queued before it.
          this.held++;
          const barrier = Promise.all(ahead.map((e) => new Promise<void>((ok, fail) => e.waiters.push({ resolve: ok, reject: fail }))));
          const queued = this.journaling.then(() => barrier).then(append, (failed: unknown) => reject(this.blocked(file, failed as Error)));
          this.journaling = queued.finally(() => this.held--);
        }
      }
      this.kick();
    });
  }

  /**
   * The queued entry of `key` a new state may replace: the last entry, when it is `key`'s; for
   * an independent key, its entry with only independent ones after it. Never one being written.
   */
  private replaceable(key: string): Entry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (entry.key === key) return this.writing.has(entry) ? undefined : entry;
      if (!this.independent(key) || !this.independent(entry.key)) return undefined;
    }
    return undefined;
  }

  /** The keys queued and not yet on disk, first queued first, each once. */
  get pending(): string[] {
    return [...new Set(this.entries.map((e) => e.key))];
  }

  /** True when `key` has a state waiting to be written. */
  has(key: string): boolean {
    return this.entries.some((e) => e.key === key);
  }

  /** Tries again from the head; resolves once the queue is empty or stopped at a failure. */
  async retry(): Promise<void> {
    this.kick();
    await this.settled();
  }

  /** Resolves once nothing is being written (the queue is empty, or stopped at a failure). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** What to write next: the head, with the independent files right behind it when it is one. */
  private batch(): Entry[] {
    const head = this.entries[0]!;
    const batch = [head];
    if (!this.independent(head.key)) return batch;
    const keys = new Set([head.key]);
    for (const entry of this.entries.slice(1)) {
      if (batch.length >= SaveQueue.BATCH || !this.independent(entry.key) || keys.has(entry.key)) break;
      keys.add(entry.key);
      batch.push(entry);
    }
    return batch;
  }

  private kick(): void {
    this.running ??= this.loop();
  }

  /**
   * Writes from the head until the queue is empty or a write fails. `running` is cleared in the
   * same step that finds the queue empty or stops at a failure, so an entry queued by a waiter
   * that hears of it always starts a new loop.
   */
  private async loop(): Promise<void> {
    await null; // `running` is set before the loop looks at the queue
    while (this.entries.length) {
      // Journaled states wait a moment: those that come meanwhile replace them (one write for many edits).
      if (this.journal && !this.entries[0]!.waiters.length) await new Promise((r) => setTimeout(r, this.journal!.delay));
      const batch = this.batch();
      batch.forEach((entry) => this.writing.add(entry));
      // With the journal, files are written one at a time: the journal's own write and sync never wait behind a batch of them for a thread.
      const outcomes: PromiseSettledResult<void>[] = [];
      await inTurn(batch, this.journal ? 1 : batch.length, async (entry, i) => {
        outcomes[i] = await entry.write().then(() => ({ status: 'fulfilled', value: undefined }) as const, (reason: unknown) => ({ status: 'rejected', reason }) as const);
      });
      this.writing.clear();
      const errors = new Map<Entry, Error>();
      batch.forEach((entry, i) => {
        const outcome = outcomes[i]!;
        if (outcome.status === 'rejected') return void errors.set(entry, this.describe(entry.file, outcome.reason));
        // Written: out of the queue, even behind a failed one (independent files need no order).
        this.writes++;
        this.entries.splice(this.entries.indexOf(entry), 1);
        entry.waiters.splice(0).forEach((w) => w.resolve());
      });
      await this.releaseJournal();
      const failure = errors.values().next().value;
      if (failure) {
        this.lastError = failure;
        this.running = undefined;
        // Everyone waiting hears now; the entries stay, in order, for the next try.
        for (const entry of this.entries) {
          const reason = errors.get(entry) ?? this.blocked(entry.file, failure);
          entry.waiters.splice(0).forEach((w) => w.reject(reason));
        }
        return;
      }
      this.lastError = undefined;
    }
    this.running = undefined;
  }
}
