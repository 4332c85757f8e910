/**
 * Backup files of a project (`.sourcemark/backups/<target>/`) and copies set aside
 * (`.sourcemark/damaged/`): taking, listing and pruning them.
 *
 * Must not: decide when a backup is due or restore one (the store does, as that touches its
 * open state), nor ever delete a file other than a pruned backup.
 */

import path from 'node:path';
import type { StoreFileOps } from './durable.js';

/** Backups kept per article: the newest few, plus the newest of each of the last days. */
const BACKUPS_RECENT = 5;
const BACKUPS_DAYS = 14;
/** A new backup is taken at most this often per article (and on the first save of a session). */
export const BACKUP_INTERVAL_MS = 10 * 60 * 1000;

/** A time as it appears in a backup's file name. */
const stampOf = (iso: string): string => iso.replace(/[:.]/g, '-');

/** Backups in `dir`, newest first. */
export function listBackupsIn(dir: string, fs: StoreFileOps): { file: string; time: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse()
    .map((f) => ({ file: path.join(dir, f), time: f.slice(0, 24).replace(/^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/, '$1T$2:$3:$4.$5Z') }));
}

async function pruneBackupsIn(dir: string, fs: StoreFileOps): Promise<void> {
  const all = listBackupsIn(dir, fs);
  const keep = new Set(all.slice(0, BACKUPS_RECENT).map((b) => b.file));
  const days = new Set<string>();
  for (const b of all) {
    const day = b.time.slice(0, 10);
    if (b.file.includes('.migrated.')) keep.add(b.file);
    if (!days.has(day) && days.size < BACKUPS_DAYS) {
      days.add(day);
      keep.add(b.file);
    }
  }
  for (const b of all) if (!keep.has(b.file)) await fs.unlink(b.file).catch(() => undefined);
}

/**
 * Keeps `file` as a backup in `dir`, then prunes; false when there is no file yet. A copy, not a
 * hard link: an editor that rewrites the file in place would change both. `now` is asked only
 * when there is a file (it may be an injected clock). With `text`, that text is the backup (an
 * article kept in several files is backed up as one document holding every layer).
 */
export async function takeBackup(file: string, dir: string, now: () => string, why: 'auto' | 'migrated' | 'damaged', fs: StoreFileOps, text?: string): Promise<boolean> {
  if (text === undefined && !fs.existsSync(file)) return false;
  await fs.mkdir(dir, { recursive: true });
  const name = `${stampOf(now())}${why === 'auto' ? '' : `.${why}`}.json`;
  const copy = path.join(dir, name);
  if (!fs.existsSync(copy)) {
    if (text === undefined) await fs.copyFile(file, copy);
    else await fs.writeFile(copy, text);
  }
  await pruneBackupsIn(dir, fs);
  return true;
}

/**
 * Keeps a copy of a file about to be replaced in `<meta>/damaged/`. A copy, so that when the copy
 * or the write after it fails (a full disk) the file is still in place.
 */
export async function setAside(meta: string, file: string, name: string, now: () => string, fs: StoreFileOps): Promise<void> {
  if (!fs.existsSync(file)) return;
  const aside = path.join(meta, 'damaged');
  await fs.mkdir(aside, { recursive: true });
  await fs.copyFile(file, path.join(aside, `${name}.${stampOf(now())}.json`));
}
