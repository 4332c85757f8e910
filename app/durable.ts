/**
 * Durable, ordered, coalesced file writes, as a lowdb adapter.
 *
 * lowdb's own `JSONFile` writes a temporary file and renames it but never fsyncs, so a power cut
 * can leave an empty file behind the rename. {@link DurableJsonFile} writes the temporary file,
 * fsyncs it, renames it over the target and fsyncs the folder, so after `write` resolves the new
 * content is on disk. {@link CoalescingWriter} sits in front: a burst of edits becomes a few
 * writes, each of a state the user actually had, in order.
 */

import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { stableStringify } from './json.js';

/** The file operations the store uses; tests pass a version that fails on purpose (full disk). */
export type FileOps = Pick<typeof fsp, 'open' | 'rename' | 'unlink' | 'readFile' | 'mkdir' | 'readdir' | 'stat' | 'copyFile' | 'writeFile'>;

export const realFileOps: FileOps = fsp;

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
      const reason = text.trim() === '' ? 'the file is empty' : `the file is not valid JSON (${(e as Error).message})`;
      throw new UnreadableFileError(this.file, reason);
    }
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.file, stableStringify(data), this.fs);
  }
}

/** A lowdb database over one durable JSON file. */
export const durableDb = <T>(file: string, initial: T, fs?: FileOps): Low<T> => new Low<T>(new DurableJsonFile<T>(file, fs), initial);

/**
 * Coalesces writes of one value: `save(value)` returns a promise that resolves once a state at
 * least as new as `value` is on disk. While a write runs, newer values replace each other, and
 * only the newest is written next. A failed write rejects the waiters it covered; the
 * caller keeps its state and saves it again (see `ProjectStore.retrySaves`).
 */
export class CoalescingWriter<T> {
  private pending: { value: T; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } | undefined;
  private running: Promise<void> | undefined;
  /** The last error, cleared by the next successful write. */
  lastError: unknown;
  /** Number of writes that reached the disk. */
  writes = 0;

  constructor(private readonly writeOnce: (value: T) => Promise<void>) {}

  save(value: T): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending) {
        this.pending.value = value;
        this.pending.waiters.push({ resolve, reject });
      } else {
        this.pending = { value, waiters: [{ resolve, reject }] };
      }
      this.running ??= this.loop();
    });
  }

  /** True while a write is queued or running. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending) {
        const batch = this.pending;
        this.pending = undefined;
        try {
          await this.writeOnce(batch.value);
          this.writes++;
          this.lastError = undefined;
          batch.waiters.forEach((w) => w.resolve());
        } catch (e) {
          this.lastError = e;
          batch.waiters.forEach((w) => w.reject(e));
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
