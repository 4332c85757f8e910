/**
 * The state every part of an open project store shares: its folder, the injected file operations,
 * clock and ids, the registry databases, the index of what is on disk, the open documents, the one
 * save queue, the edit queue, the read-only problems and the change events. The parts (lock,
 * registry, articles, backups, edits) each take this object; {@link ProjectStore} composes them.
 *
 * Must not: read or write a file itself, or know any operation; it only holds the state and the
 * small rules every part applies the same way (what "read-only" means, how a file is named in
 * words, how a change is announced).
 */

import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { Low } from 'lowdb';
import { isSafeId, randomId, type ArticleDoc, type IdSource, type ProjectFile, type ProjectSchema, type Source } from '../../annotations/index.js';
import { UserError, describeWriteError } from '../errors.js';
import { SaveQueue, withRealFileOps, type FileOps, type StoreFileOps } from './durable.js';
import { PROJECT_FILE, SOURCES_FILE, isArticleKey } from './files.js';
import type { Author } from './history.js';
import type { Index } from './index-file.js';
import type { ChangeEvent } from './types.js';

/** How a store is opened. */
export type StoreOptions = {
  /**
   * The file operations, for tests: those given replace Node's, the rest are Node's (see
   * {@link FileOps}). Every read and write of the store goes through them.
   */
  fs?: Partial<FileOps>;
  ids?: IdSource;
  /** The time of every saved change, backup, lock and listing; a test passes a fixed or stepping one. */
  clock?: () => Date;
  /** Messages for the user that are not errors (a stale lock taken over, a file migrated). */
  onMessage?: (message: string) => void;
  /** Open without the write lock (read-only uses such as `stats`). */
  readOnly?: boolean;
  /**
   * Progress of long work while opening: the article files read for the index when it is
   * rebuilt (missing, or many files changed behind the app's back), `done` of `total`.
   */
  onProgress?: (p: StoreProgress) => void;
  /**
   * How many threads read articles for the index once at least `from` must be read (default:
   * the machine's cores, up to four, from 1,000 articles). Threads read with Node's own file
   * operations, so a store given `fs` reads on its own thread.
   */
  readThreads?: { count: number; from: number };
  /**
   * Open a large project (2,000 articles or more) with its index as last written and check it
   * against the files in the background (`ProjectStore.indexChecked`): an article changed
   * behind the app's back (a `git pull`) is read, and announced as a change, a moment after
   * opening. For the desktop app and the server, which show the list at once; a one-shot command
   * checks first (the default).
   */
  checkIndexLater?: boolean;
  /**
   * Acknowledge a save once it is in the desk's journal, and write its files a moment later
   * (journal.ts): for the team server, where many people's edits share one disk. A journal left
   * by a process that was killed is written to the files on the next writable opening, journal or not.
   */
  journal?: boolean;
};

/** Progress of long work while a store opens (see {@link StoreOptions.onProgress}). */
export type StoreProgress = { task: 'index'; done: number; total: number };

/** From how many articles read for the index the shells show the progress (fewer take under a second). */
export const SHOW_PROGRESS_FROM = 1000;

/** The clock of a store opened without one: the system's time. */
export const systemClock = (): Date => new Date();

/** The content of `sources.json`. */
export type SourcesFile = { type: 'sourcemark-sources'; version: number; sources: Source[] };

export class StoreCore {
  readonly fs: StoreFileOps;
  readonly ids: IdSource;
  readonly clock: () => Date;
  /** Opened read-only on purpose (no lock taken). */
  readonly askedReadOnly: boolean;
  /** Messages gathered while open (lock taken over, files migrated, index rebuilt). */
  readonly messages: string[] = [];
  /** Why the project is read-only although opened for writing, by the file (or folder) at fault. */
  readonly problems = new Map<string, string>();
  project!: Low<ProjectFile>;
  sourcesDb!: Low<SourcesFile>;
  /** The index entries of the article files on disk (never of a state still queued). */
  index: Index = new Map();
  /** Open articles: the cache, and every article with a state still queued. */
  readonly docs = new Map<string, ArticleDoc>();
  /** Every write of every file, in one ordered queue (see {@link SaveQueue}). */
  readonly saves: SaveQueue;
  closed = false;
  /** True while this process holds the project's lock file. */
  locked = false;
  private revision = 0;
  private readonly events = new EventEmitter();
  private readonly onMessage: ((m: string) => void) | undefined;
  readonly onProgress: ((p: StoreProgress) => void) | undefined;
  /** Threads reading for the index, and from how many articles (see {@link StoreOptions.readThreads}). */
  readonly readThreads: { count: number; from: number };
  readonly checkIndexLater: boolean;
  /** See {@link StoreOptions.journal}. */
  readonly journal: boolean;
  private editQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string, opts: StoreOptions) {
    this.fs = withRealFileOps(opts.fs);
    this.ids = opts.ids ?? randomId;
    this.clock = opts.clock ?? systemClock;
    this.askedReadOnly = opts.readOnly ?? false;
    this.onMessage = opts.onMessage;
    this.onProgress = opts.onProgress;
    this.checkIndexLater = opts.checkIndexLater ?? false;
    this.journal = opts.journal ?? false;
    this.readThreads = opts.fs?.readFile || opts.fs?.readFileSync ? { count: 0, from: Infinity } : opts.readThreads ?? { count: Math.min(4, os.availableParallelism()), from: 1000 };
    this.events.setMaxListeners(0);
    this.saves = new SaveQueue(
      (file, e) => new UserError('write-failed', `Could not save ${this.describeFile(file)}: ${describeWriteError(e)}. Your change is kept in memory; it will be saved with the next change or when you retry.`),
      (file, failed) => new UserError('write-failed', `${this.describeFile(file, true)} is not saved yet: it waits for an earlier change that could not be saved (${failed.message.replace(/ Your change is kept.*$/, '')}). Your change is kept in memory; it will be saved, in order, with the next change or when you retry.`),
      isArticleKey,
    );
  }

  /** `.sourcemark/`: the index, the lock, backups and files set aside. */
  get meta(): string {
    return path.join(this.dir, '.sourcemark');
  }

  /** The joined {@link problems}, or undefined when there is none. */
  get problem(): string | undefined {
    return this.problems.size ? [...this.problems.values()].join(' ') : undefined;
  }

  /** True when nothing may be written: opened read-only, or opened with a {@link problem}. */
  get readOnly(): boolean {
    return this.askedReadOnly || this.problem !== undefined;
  }

  /** Tells the user something that is not an error. */
  say(message: string): void {
    this.messages.push(message);
    this.onMessage?.(message);
  }

  /** Opens read-only from now on, and says why (`about`: the file or folder at fault). */
  setProblem(about: string, problem: string): void {
    this.problems.set(about, problem);
    this.say(problem);
  }

  /** The injected clock's time, as an ISO string. */
  now(): string {
    return this.clock().toISOString();
  }

  /** The file of article `id`; refuses an id that could name a path outside `articles/`. */
  articleFile(id: string): string {
    if (!isSafeId(id)) throw new UserError('bad-request', `"${id}" is not a valid article id.`);
    return path.join(this.dir, 'articles', `${id}.json`);
  }

  /** A file of the project in words: `"Title" (articles/a-1.json)`, or its name. */
  describeFile(rel: string, capital = false): string {
    const m = /^articles\/(.+)\.json$/.exec(rel);
    if (m) {
      const title = this.docs.get(m[1]!)?.article.title ?? this.index.get(m[1]!)?.title;
      return title ? `"${title}" (${rel})` : rel;
    }
    const what = rel === PROJECT_FILE ? 'the project settings' : rel === SOURCES_FILE ? 'the sources' : 'the article index';
    return `${capital ? what[0]!.toUpperCase() + what.slice(1) : what} (${rel})`;
  }

  assertWritable(): void {
    if (this.closed) throw new UserError('bad-request', 'The project is closed.');
    if (this.problem) throw new UserError('damaged', `Nothing can be changed: ${this.problem}`);
    if (this.readOnly) throw new UserError('bad-request', 'The project is open read-only.');
  }

  get schema(): ProjectSchema {
    return this.project.data.schema;
  }

  get sources(): Source[] {
    return this.sourcesDb.data.sources;
  }

  sourceMap(): Record<string, Source> {
    return Object.fromEntries(this.sources.map((s) => [s.id, s]));
  }

  /**
   * Runs `f` alone: edits, undos and redos one at a time, so two never read the same old state
   * or the same history.
   */
  serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.editQueue.then(f);
    this.editQueue = run.catch(() => undefined);
    return run;
  }

  /** Listens to every change made through this store; returns the function that stops listening. */
  onChange(listener: (e: ChangeEvent) => void): () => void {
    this.events.on('change', listener);
    return () => void this.events.off('change', listener);
  }

  announce(what: Partial<Omit<ChangeEvent, 'revision'>>, author: Author = {}): void {
    const e: ChangeEvent = {
      revision: ++this.revision, articles: what.articles ?? [], sources: what.sources ?? false, schema: what.schema ?? false, project: what.project ?? false,
      ...(author.annotator !== undefined ? { annotator: author.annotator } : {}), ...(author.client !== undefined ? { client: author.client } : {}),
    };
    this.events.emit('change', e);
  }

  /** Stops every listener (on close). */
  stopListeners(): void {
    this.events.removeAllListeners();
  }
}
