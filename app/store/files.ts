/**
 * The names of a project's registry files, and the small helpers that word problems with them
 * (format issues, a folder that cannot be written) for the store's messages.
 *
 * Must not: touch the disk beyond checking access (through the store's `FileOps` (durable.ts)), or hold
 * any state of an open project.
 */

import { constants as fsConstants } from 'node:fs';
import type { StoreFileOps } from './durable.js';

export const PROJECT_FILE = 'sourcemark.json';
export const SOURCES_FILE = 'sources.json';

/** The two registry files, which are backed up and restored like articles. */
export const REGISTRY_FILES = [PROJECT_FILE, SOURCES_FILE] as const;
export type RegistryFile = (typeof REGISTRY_FILES)[number];
export const isRegistryFile = (name: string): name is RegistryFile => (REGISTRY_FILES as readonly string[]).includes(name);

/** The save-queue key (and project-relative path) of an article's file. */
export const articleKey = (id: string): string => `articles/${id}.json`;

/** True for a key {@link articleKey} makes. */
export const isArticleKey = (key: string): boolean => key.startsWith('articles/');

/** The first few issues of a failed validation, in words. */
export const issuesOf = (issues: readonly { path: PropertyKey[]; message: string }[]): string =>
  issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || 'file'}: ${i.message}`).join('; ');

/**
 * The real reason a folder cannot be written: Node's recursive `mkdir` reports ENOENT for a
 * folder on a read-only disk, which would read "does not exist"; `access` tells EROFS or EACCES.
 */
export function whyNotWritable(dir: string, e: unknown, fs: StoreFileOps): unknown {
  if ((e as { code?: string }).code !== 'ENOENT' || !fs.existsSync(dir)) return e;
  try {
    fs.accessSync(dir, fsConstants.W_OK);
    return e;
  } catch (why) {
    return why;
  }
}
