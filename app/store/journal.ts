/**
 * The desk's journal (issue 19): with many people editing at once, an edit is acknowledged once
 * it is in the journal, `.sourcemark/journal/<n>.jsonl`, rather than once its files are written.
 * The edits that arrive while one group is being written and synced are written and synced
 * together, as the next group (a group commit: one `fdatasync` for twenty people's edits instead
 * of two per layer file). The files themselves are written a moment later by the save queue
 * (durable.ts), where the states of an article that came meanwhile become one write.
 *
 * A record is one line: the whole new text of each file the edit changed (`null`: the file is
 * removed), never an operation, so writing a record again is harmless. A journal left behind
 * (the process was killed, the machine stopped) is written to the files when the project is next
 * opened for writing, before anything is read ({@link replayJournal}): every file gets the last
 * text the journal holds for it. A line cut short by the crash (it was never acknowledged) ends
 * its segment. A segment is removed once every save it holds is in the files; on a clean close
 * the journal is empty.
 *
 * Must not: hold anything but article and layer files (the registry files are written before
 * any edit that needs them is journaled: see SaveQueue), nor name a path outside the project.
 */

import path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { isSafeId } from '../../annotations/index.js';
import { writeFileDurably, type Image, type JournalLog, type StoreFileOps } from './durable.js';

export type { Image } from './durable.js';

/** The journal's folder in the project folder. */
export const JOURNAL_DIR = path.join('.sourcemark', 'journal');

/** The files a record may name: article files and layer files. */
const JOURNALED = /^(?:articles|layers\/(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+)\/([^/]+)\.json$/;
const journaledFile = (file: string): boolean => {
  const m = JOURNALED.exec(file);
  return !!m && isSafeId(m[1]!);
};

type Segment = { n: number; fh: FileHandle | undefined; bytes: number; maxOrder: number };
type Waiting = { line: string; order: number; resolve: () => void; reject: (e: unknown) => void };

/** The segments of the journal of the project in `dir`, oldest first. */
export function journalSegments(dir: string, fs: StoreFileOps): string[] {
  const jdir = path.join(dir, JOURNAL_DIR);
  if (!fs.existsSync(jdir)) return [];
  return fs.readdirSync(jdir).filter((f) => /^\d+\.jsonl$/.test(f)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10)).map((f) => path.join(jdir, f));
}

/**
 * Writes what a journal left behind to the files (the last text of each file), then removes the
 * journal. Returns how many records and files it wrote (undefined: there was no journal).
 */
export async function replayJournal(dir: string, fs: StoreFileOps): Promise<{ records: number; files: number } | undefined> {
  const segments = journalSegments(dir, fs);
  if (!segments.length) return undefined;
  const last = new Map<string, string | null>();
  let records = 0;
  for (const segment of segments) {
    for (const line of (await fs.readFile(segment, 'utf8')).split('\n')) {
      if (!line) continue;
      let images: Image[];
      try {
        images = (JSON.parse(line) as { images: Image[] }).images;
        if (!Array.isArray(images) || !images.every((i) => typeof i?.file === 'string' && journaledFile(i.file) && (i.text === null || typeof i.text === 'string'))) break;
      } catch {
        break; // cut short by the crash: it was never acknowledged, and nothing after it in this segment was
      }
      records++;
      for (const image of images) {
        last.delete(image.file); // written in the order of their last change
        last.set(image.file, image.text);
      }
    }
  }
  for (const [file, text] of last) {
    const target = path.join(dir, ...file.split('/'));
    // A layer of an article removed since (its file moved aside) is not brought back.
    const article = `articles/${JOURNALED.exec(file)![1]!}.json`;
    if (file !== article && !last.get(article) && !fs.existsSync(path.join(dir, ...article.split('/')))) continue;
    if (text === null) await fs.unlink(target).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
    else {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await writeFileDurably(target, text, fs);
    }
  }
  for (const segment of segments) await fs.unlink(segment);
  return { records, files: last.size };
}

/** What to tell the user after {@link replayJournal} wrote something. */
export const replayMessage = (r: { records: number; files: number }): string =>
  `Sourcemark was stopped before it had written ${r.records === 1 ? 'one change' : `${r.records.toLocaleString('en-US')} changes`} from its journal to the project's files (it was killed, or the machine stopped); ${r.files === 1 ? 'the file is' : `the ${r.files.toLocaleString('en-US')} files are`} written now.`;

/** Why an opening failed when the journal could not be written to the files (`why`: the file system's reason, in words). */
export const journalFailureMessage = (dir: string, why: string): string =>
  `${dir}: the changes in its journal (${JOURNAL_DIR}) could not be written to its files (${why}). Nothing is lost: the journal is kept, and written when the project is next opened.`;

/** What a read-only opening says of a journal it cannot write to the files. */
export const pendingJournalMessage = (dir: string): string =>
  `Some changes to ${dir} are in its journal (${JOURNAL_DIR}) and not yet in its files: a desk is serving it, or was stopped without closing. What is read here may lack the last of them; opening the project for writing writes them to the files.`;

export class Journal implements JournalLog {
  /** A segment holding more than this many bytes is closed and a new one begun. */
  static readonly SEGMENT_BYTES = 16 * 1024 * 1024;

  private current: Segment | undefined;
  /** Closed segments, kept until every save they hold is in the files. */
  private readonly full: Segment[] = [];
  private waiting: Waiting[] = [];
  private writing: Promise<void> | undefined;
  private next: number;

  constructor(private readonly dir: string, private readonly fs: StoreFileOps) {
    this.next = journalSegments(dir, fs).reduce((n, f) => Math.max(n, parseInt(path.basename(f), 10) + 1), 1);
  }

  /**
   * Appends a record of `images`, made by the save queue's entry `order`; resolves once it is on
   * disk (with the records that came while the group before it was written), rejects when it
   * could not be written.
   */
  append(images: readonly Image[], order: number): Promise<void> {
    const line = JSON.stringify({ images }) + '\n';
    return new Promise((resolve, reject) => {
      this.waiting.push({ line, order, resolve, reject });
      this.writing ??= this.loop();
    });
  }

  /** Writes groups until nothing waits. */
  private async loop(): Promise<void> {
    await null;
    while (this.waiting.length) {
      const group = this.waiting;
      this.waiting = [];
      const text = group.map((w) => w.line).join('');
      let segment: Segment | undefined;
      try {
        segment = await this.segment();
        await segment.fh!.appendFile(text, 'utf8');
        await segment.fh!.datasync();
      } catch (e) {
        // The segment may now end in part of this group: begin a new one for what comes next.
        if (segment) await this.closeCurrent();
        group.forEach((w) => w.reject(e));
        continue;
      }
      segment.bytes += Buffer.byteLength(text);
      for (const w of group) segment.maxOrder = Math.max(segment.maxOrder, w.order);
      if (segment.bytes > Journal.SEGMENT_BYTES) await this.closeCurrent();
      group.forEach((w) => w.resolve());
    }
    this.writing = undefined;
  }

  private async segment(): Promise<Segment> {
    if (this.current) return this.current;
    const jdir = path.join(this.dir, JOURNAL_DIR);
    await this.fs.mkdir(jdir, { recursive: true });
    const n = this.next++;
    const fh = await this.fs.open(path.join(jdir, `${n}.jsonl`), 'a');
    // The folder's entry of the new segment is on disk before anything in it is acknowledged.
    const dh = await this.fs.open(jdir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
    return (this.current = { n, fh, bytes: 0, maxOrder: 0 });
  }

  private async closeCurrent(): Promise<void> {
    const s = this.current;
    if (!s) return;
    this.current = undefined;
    this.full.push(s);
    await s.fh?.close().catch(() => undefined);
    s.fh = undefined;
  }

  /**
   * Removes the segments whose saves are all in the files: every save queued as entry `order` or
   * later is still to be written (Infinity: none is). The segment being written to goes too when
   * nothing waits to be added to it.
   */
  async release(firstPending: number): Promise<void> {
    if (this.current && this.current.maxOrder < firstPending && !this.waiting.length && !this.writing) await this.closeCurrent();
    for (const s of [...this.full]) {
      if (s.maxOrder >= firstPending) continue;
      this.full.splice(this.full.indexOf(s), 1);
      await this.fs.unlink(path.join(this.dir, JOURNAL_DIR, `${s.n}.jsonl`)).catch(() => undefined);
    }
  }

  /** Waits for the group being written; then closes the segment (kept on disk unless released). */
  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.closeCurrent();
  }
}
