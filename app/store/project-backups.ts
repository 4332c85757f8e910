/**
 * The store's glue to its backups (backups.ts): which folder holds the backups of a target (an
 * article id, `sourcemark.json` or `sources.json`), when a backup is due, and copies set aside
 * before a file is replaced. Times come from the store's injected clock.
 *
 * Must not: restore (articles.ts and registry.ts do, as that touches their open state), nor
 * delete anything but a pruned backup.
 */

import path from 'node:path';
import { BACKUP_INTERVAL_MS, listBackupsIn, setAside, takeBackup } from './backups.js';
import type { StoreCore } from './core.js';
import { isRegistryFile } from './files.js';

export class ProjectBackups {
  /** Backups taken this session, by article id or registry file name: when (ms since the epoch, by the store's clock). */
  private readonly lastBackup = new Map<string, number>();

  constructor(private readonly core: StoreCore) {}

  /**
   * What a backup target names: an article id, or `sourcemark.json` / `sources.json` (neither
   * is a valid article id, so the two never collide).
   */
  target(target: string): { file: string; dir: string } {
    const dir = path.join(this.core.meta, 'backups', target);
    if (isRegistryFile(target)) return { file: path.join(this.core.dir, target), dir };
    return { file: this.core.articleFile(target), dir };
  }

  /**
   * Keeps the current file of `target` (an article id, `sourcemark.json` or `sources.json`) as
   * a backup, then prunes; false when there is no file yet. A copy, not a hard link: an editor
   * that rewrites the file in place would change both.
   */
  take(target: string, why: 'auto' | 'migrated' | 'damaged', text?: string): Promise<boolean> {
    const { file, dir } = this.target(target);
    return takeBackup(file, dir, () => this.core.now(), why, this.core.fs, text);
  }

  /** Backups of an article (or of `sourcemark.json`, `sources.json`), newest first. */
  list(target: string): { file: string; time: string }[] {
    return listBackupsIn(this.target(target).dir, this.core.fs);
  }

  /**
   * Keeps a backup of `target` at most every {@link BACKUP_INTERVAL_MS}, and on its first save
   * this session: a copy of its file, or `text()` (an article: the whole document as on disk,
   * made only when a backup is due).
   */
  async ifDue(target: string, text?: () => string): Promise<void> {
    const now = this.core.clock().getTime();
    const last = this.lastBackup.get(target);
    if ((last === undefined || now - last > BACKUP_INTERVAL_MS) && (await this.take(target, 'auto', text?.()))) this.lastBackup.set(target, now);
  }

  /** Forgets the last backup of `target` (its file was restored: the next save backs it up again). */
  forget(target: string): void {
    this.lastBackup.delete(target);
  }

  /** Keeps a copy of a file the app is about to replace in `.sourcemark/damaged/` (see {@link setAside}). */
  setAside(file: string, name: string): Promise<void> {
    return setAside(this.core.meta, file, name, () => this.core.now(), this.core.fs);
  }
}
