/**
 * How an article is kept on disk as one file per layer (issue 18), so that two people who
 * annotate copies of a project offline can combine their work with `git pull` (or any folder
 * sync) without a merge conflict: a layer's edits never touch a file another layer's edits touch.
 *
 * - `articles/<id>.json` (`sourcemark-article`, format 3): the article (text, metadata,
 *   provenance) and its status as set without an annotator (`statusAt`: when). No annotations,
 *   and no `updatedAt`: it changes only when the article itself does.
 * - `layers/<layer>/<id>.json` (`sourcemark-layer`): that layer's spans, links and events, its
 *   status of the article (`status`, `statusAt`) and when it was written (`updatedAt`). The folder
 *   is the layer's name with every character but `A-Za-z0-9_-` written `%XX` (so a name is never a
 *   path, a dot file or `..`).
 *
 * In memory an article is one {@link ArticleDoc} holding every layer (annotations/model/layers.ts):
 * {@link joinParts} builds it from the files, {@link planWrite} says which files a new state
 * changes. The article's status is the newest of the statuses its files hold (last change wins,
 * by `statusAt`; a change is written to the layer of whoever made it), so two people setting it
 * offline touch two files.
 *
 * Must not: touch the disk (articles.ts reads and writes through the store's `FileOps`).
 */

import {
  ArticleStatusSchema, EventSchema, FORMAT_VERSION, LinkSchema, SpanSchema, splitLayers,
  type ArticleDoc, type ArticleStatus,
} from '../../annotations/index.js';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { stableStringify, stableStringifyItems } from './json.js';

/** The folder of layer files, in the project folder. */
export const LAYERS_DIR = 'layers';

/** The folder name of a layer (see the header). */
export function layerDirName(layer: string): string {
  return [...new TextEncoder().encode(layer)].map((b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** The layer a folder name stands for, or undefined when it is not one {@link layerDirName} writes. */
export function layerOfDirName(name: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/.test(name)) return undefined;
  try {
    const layer = decodeURIComponent(name);
    return layerDirName(layer) === name ? layer : undefined;
  } catch {
    return undefined;
  }
}

export const LayerFileSchema = z.object({
  type: z.literal('sourcemark-layer'),
  version: z.number().int(),
  article: z.string().min(1),
  layer: z.string().min(1),
  spans: z.array(SpanSchema),
  links: z.array(LinkSchema),
  events: z.array(EventSchema),
  status: ArticleStatusSchema.optional(),
  statusAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type LayerFile = z.infer<typeof LayerFileSchema>;

/** A status and when it was set ('' for "before statuses had times"). */
export type TimedStatus = { status: ArticleStatus; at: string };

/** What is on disk of one article, as the store last read or wrote it. */
export type DiskState = {
  /** The article file as written (without `updatedAt`), or undefined when it is not in format 3 yet. */
  article: string | undefined;
  /** The status the article file holds. */
  base: TimedStatus;
  /** Each layer file as written (without `updatedAt`), by layer. */
  layers: Map<string, string>;
  /** The status each layer file holds, by layer. */
  statuses: Map<string, TimedStatus>;
  /** The whole article as on disk (for backups); undefined for a new one. */
  doc: ArticleDoc | undefined;
  /**
   * The spans, links and events each layer file was last written from, by layer: a save whose
   * layer holds the very same items (the model never changes an item in place, it makes a new
   * one) writes the same text, so only the layers an edit touched are serialised again.
   */
  items: Map<string, LayerItems>;
};

/** One layer's items, as {@link splitLayers} gives them. */
type LayerItems = Pick<ArticleDoc, 'spans' | 'links' | 'events'>;

const sameRefs = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const sameItems = (a: LayerItems, b: LayerItems): boolean => sameRefs(a.spans, b.spans) && sameRefs(a.links, b.links) && sameRefs(a.events, b.events);

export const emptyDiskState = (): DiskState => ({ article: undefined, base: { status: 'todo', at: '' }, layers: new Map(), statuses: new Map(), doc: undefined, items: new Map() });

/** The status that wins: the newest; at the same time the article file's, then the last layer by name. */
export function winningStatus(base: TimedStatus, statuses: ReadonlyMap<string, TimedStatus>): TimedStatus {
  let best = base;
  for (const layer of [...statuses.keys()].sort()) {
    const s = statuses.get(layer)!;
    if (s.at > best.at) best = s;
  }
  return best;
}

/** The text of the article file for `doc` with status `base` (without `updatedAt`). */
function articleText(doc: ArticleDoc, base: TimedStatus): string {
  return stableStringify({ type: 'sourcemark-article', version: FORMAT_VERSION, article: { ...doc.article, status: base.status }, ...(base.at ? { statusAt: base.at } : {}) });
}

/** The text of each span, link and event as a layer file holds it, by the item (the model never changes one in place). */
const itemTexts = new WeakMap<object, string>();

/** The text of one layer's file (without `updatedAt`). */
function layerText(id: string, layer: string, part: Pick<ArticleDoc, 'spans' | 'links' | 'events'> | undefined, status: TimedStatus | undefined): string {
  return stableStringifyItems({
    type: 'sourcemark-layer', version: FORMAT_VERSION, article: id, layer,
    spans: part?.spans ?? [], links: part?.links ?? [], events: part?.events ?? [],
    ...(status ? { status: status.status, statusAt: status.at } : {}),
  }, itemTexts);
}

/**
 * Adds `updatedAt` to a text made by {@link articleText} or {@link layerText}: as their last key
 * (every other key of theirs sorts before it), so the text is the one {@link stableStringify}
 * writes for the object with it, without reading and writing the whole file's JSON again.
 */
export const withUpdatedAt = (text: string, updatedAt: string): string => `${text.slice(0, -'\n}\n'.length)},\n  "updatedAt": ${JSON.stringify(updatedAt)}\n}\n`;

/** What a save writes: the article file's text (when it changed), layer files to write, layer files to delete, and the state on disk after. */
export type WritePlan = { article: string | undefined; write: Map<string, string>; remove: string[]; after: DiskState };

/**
 * The files a save of `doc` changes, given what is on disk. A status different from the one on
 * disk is written to `statusBy`'s layer (the article file when no one is named) with time `now`.
 * A layer that holds nothing any more loses its file.
 */
export function planWrite(doc: ArticleDoc, disk: DiskState, statusBy: string | undefined, now: string): WritePlan {
  const id = doc.article.id;
  let base = disk.base;
  const statuses = new Map(disk.statuses);
  if (disk.article === undefined && !disk.layers.size) base = { status: doc.article.status, at: disk.base.at };
  else if (doc.article.status !== winningStatus(disk.base, disk.statuses).status) {
    if (statusBy === undefined) base = { status: doc.article.status, at: now };
    else statuses.set(statusBy, { status: doc.article.status, at: now });
  }
  const parts = splitLayers(doc);
  // The article's own object is kept by every edit of its annotations (see DiskState.items).
  const article = disk.doc?.article === doc.article && base === disk.base && disk.article !== undefined ? disk.article : articleText(doc, base);
  const layers = new Map<string, string>();
  const write = new Map<string, string>();
  const remove: string[] = [];
  const items = new Map<string, LayerItems>();
  for (const layer of new Set([...parts.keys(), ...statuses.keys(), ...disk.layers.keys()])) {
    const part = parts.get(layer);
    const status = statuses.get(layer);
    if (!part && !status) {
      if (disk.layers.has(layer)) remove.push(layer);
      continue;
    }
    const known = disk.items.get(layer);
    const onDisk = disk.layers.get(layer);
    const same = part && known && onDisk !== undefined && status === disk.statuses.get(layer) && sameItems(part, known);
    const text = same ? onDisk : layerText(id, layer, part, status);
    if (part) items.set(layer, part);
    layers.set(layer, text);
    if (disk.layers.get(layer) !== text) write.set(layer, text);
  }
  return { article: disk.article === article ? undefined : article, write, remove, after: { article, base, layers, statuses, doc, items } };
}

/** One layer file read from disk: its layer (from its folder) and parsed content. */
export type ReadLayer = { layer: string; file: string; data: unknown };

/**
 * The whole article (every layer) from its article file (format 3) and its layer files, with the
 * state on disk. Throws a UserError naming the file at fault. `texts: false` leaves out the
 * layers' texts (an article read for its summary alone is not written from that state).
 */
export function joinParts(id: string, rel: string, articleData: Record<string, unknown>, layerFiles: readonly ReadLayer[], texts = true): { data: Record<string, unknown>; disk: DiskState } {
  const article = articleData.article as Record<string, unknown> | undefined;
  if (!article || typeof article !== 'object') throw new UserError('damaged', `${rel} does not match the article format (article: missing).`);
  const baseStatus = ArticleStatusSchema.safeParse(article.status);
  const base: TimedStatus = { status: baseStatus.data ?? 'todo', at: typeof articleData.statusAt === 'string' ? articleData.statusAt : '' };
  const disk: DiskState = { ...emptyDiskState(), base };
  const spans: unknown[] = [];
  const links: unknown[] = [];
  const events: unknown[] = [];
  let updatedAt = '';
  for (const { layer, file, data } of [...layerFiles].sort((a, b) => (a.layer < b.layer ? -1 : a.layer > b.layer ? 1 : 0))) {
    const parsed = LayerFileSchema.safeParse(data);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new UserError('damaged', `${file} does not match the layer format (${first.path.join('.') || 'file'}: ${first.message}).`);
    }
    const l = parsed.data;
    if (l.version > FORMAT_VERSION) throw new UserError('newer-version', `${file} was written by a newer Sourcemark (format ${l.version}; this version reads up to ${FORMAT_VERSION}). Update Sourcemark to open it; the file was not changed.`);
    if (l.article !== id) throw new UserError('damaged', `${file} holds a layer of article "${l.article}", not "${id}".`);
    if (l.layer !== layer) throw new UserError('damaged', `${file} holds layer "${l.layer}", not "${layer}" as its folder says.`);
    spans.push(...l.spans);
    links.push(...l.links);
    events.push(...l.events);
    const status = l.status ? { status: l.status, at: l.statusAt ?? '' } : undefined;
    if (status) disk.statuses.set(layer, status);
    // What was read is what is on disk, in the form this version writes it (compared on save).
    if (texts) disk.layers.set(layer, layerText(id, layer, l, status));
    if (l.updatedAt && l.updatedAt > updatedAt) updatedAt = l.updatedAt;
  }
  const status = winningStatus(base, disk.statuses).status;
  const data: Record<string, unknown> = {
    type: 'sourcemark-article', version: FORMAT_VERSION, article: { ...article, status }, spans, links, events,
    ...(updatedAt ? { updatedAt } : {}),
  };
  return { data, disk };
}

/** Records, after `doc` parsed, the article file's text as this version writes it. */
export function noteArticleOnDisk(disk: DiskState, doc: ArticleDoc): void {
  disk.article = articleText(doc, disk.base);
  disk.doc = doc;
}
