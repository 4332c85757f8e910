/**
 * The layer files of a project on disk (layer-files.ts says what they hold): which layer folders
 * there are, the file of a layer of an article, every layer file (for the index), the time and
 * size of an article's layer files (so a file changed by `git pull` is noticed), and reading an
 * article's layer files (through the store's file operations; `readLayersSync` with Node's own,
 * for the index's reading threads, which run only over the real file system).
 *
 * Must not: write anything (articles.ts does, through the save queue).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isSafeId } from '../../annotations/index.js';
import { UserError, describeFsError } from '../errors.js';
import type { StoreCore } from './core.js';
import { inTurn } from '../in-turn.js';
import { writeFileDurably, type Image } from './durable.js';
import { LAYERS_DIR, layerDirName, layerOfDirName, withUpdatedAt, type ReadLayer, type WritePlan } from './layer-files.js';

/** The layer folders of the project (their names on disk). */
export function layerDirs(core: Pick<StoreCore, 'dir' | 'fs'>): string[] {
  const dir = path.join(core.dir, LAYERS_DIR);
  return core.fs.existsSync(dir) ? core.fs.readdirSync(dir).filter((d) => layerOfDirName(d) !== undefined) : [];
}

/** The file of layer `layer` of article `id`. */
export function layerFile(core: StoreCore, id: string, layer: string): string {
  return path.join(core.dir, LAYERS_DIR, layerDirName(layer), `${id}.json`);
}

/** Every layer file, as the layer folders of each article id (left-over temporary files are removed). */
export async function listLayerFiles(core: StoreCore): Promise<Map<string, string[]>> {
  const byId = new Map<string, string[]>();
  for (const d of layerDirs(core)) {
    const dir = path.join(core.dir, LAYERS_DIR, d);
    if (!core.fs.statSync(dir).isDirectory()) continue;
    for (const name of core.fs.readdirSync(dir)) {
      if (name.endsWith('.tmp') && name.startsWith('.')) {
        if (!core.readOnly) await core.fs.unlink(path.join(dir, name)).catch(() => undefined);
        continue;
      }
      const id = name.endsWith('.json') ? name.slice(0, -5) : '';
      if (!isSafeId(id)) continue;
      byId.set(id, [...(byId.get(id) ?? []), d]);
    }
  }
  return byId;
}

/** The time and size of each layer file of article `id` (in `dirs`), as one string for the index. */
export function partsSignature(core: StoreCore, id: string, dirs: readonly string[] = layerDirs(core).filter((d) => core.fs.existsSync(path.join(core.dir, LAYERS_DIR, d, `${id}.json`)))): string {
  return [...dirs].sort().map((d) => signaturePart(core, id, d)).join(' ');
}

/** One layer file's part of {@link partsSignature}: its folder, time and size. */
function signaturePart(core: StoreCore, id: string, dir: string): string {
  const st = core.fs.statSync(path.join(core.dir, LAYERS_DIR, dir, `${id}.json`));
  return `${dir}:${st.mtimeMs}:${st.size}`;
}

/**
 * {@link partsSignature} after a save that wrote the files of `written` and left the files of
 * `kept` (layer names) as they were: only the written ones are looked at again, the others keep
 * their part of `before` (the signature the index held).
 */
export function partsSignatureAfter(core: StoreCore, id: string, before: string | undefined, kept: Iterable<string>, written: Iterable<string>): string {
  const known = new Map((before ?? '').split(' ').filter(Boolean).map((part) => [part.slice(0, part.indexOf(':')), part]));
  const dirs = new Map<string, boolean>();
  for (const layer of kept) dirs.set(layerDirName(layer), false);
  for (const layer of written) dirs.set(layerDirName(layer), true);
  return [...dirs.keys()].sort().map((d) => (!dirs.get(d) && known.get(d)) || signaturePart(core, id, d)).join(' ');
}

/**
 * Writes layer files of article `id` (texts by layer, as {@link planWrite} gives them) with
 * `updatedAt`, durably and all at once: each file is whole on its own and their fsyncs overlap
 * (an article of twenty annotators' layers is twenty files); behind the desk's journal, one at a
 * time. Throws the first failure, once the writes under way have ended.
 */
export async function writeLayerFiles(core: StoreCore, id: string, texts: ReadonlyMap<string, string>, updatedAt: string): Promise<void> {
  // Behind the desk's journal the files are written one at a time (see SaveQueue's loop); else side by side.
  await inTurn([...texts], core.saves.journaled ? 1 : texts.size, async ([layer, text]) => {
    const target = layerFile(core, id, layer);
    const write = () => writeFileDurably(target, withUpdatedAt(text, updatedAt), core.fs);
    // The layer's folder is made when the first write finds it missing (not asked before every write).
    await write().catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      await core.fs.mkdir(path.dirname(target), { recursive: true });
      await write();
    });
  });
}

/** The new texts of the files `plan` writes and removes for article `id` (with `updatedAt`), as records of the desk's journal name them. */
export function planImages(core: StoreCore, id: string, plan: WritePlan, updatedAt: string): Image[] {
  const rel = (file: string) => path.relative(core.dir, file).split(path.sep).join('/');
  return [
    ...[...plan.write].map(([layer, text]) => ({ file: rel(layerFile(core, id, layer)), text: withUpdatedAt(text, updatedAt) })),
    ...plan.remove.map((layer) => ({ file: rel(layerFile(core, id, layer)), text: null })),
    ...(plan.article !== undefined ? [{ file: rel(core.articleFile(id)), text: plan.article }] : []),
  ];
}

/** The layer file of article `id` in folder `d`, as read from `text`: parsed, or a UserError naming it. */
function layerFromText(core: { dir: string }, id: string, d: string, text: string): ReadLayer {
  const rel = path.relative(core.dir, path.join(core.dir, LAYERS_DIR, d, `${id}.json`));
  try {
    return { layer: layerOfDirName(d)!, file: rel, data: JSON.parse(text) as unknown };
  } catch (e) {
    throw new UserError('damaged', `${rel}: not valid JSON (${(e as Error).message})`);
  }
}

/** What a failed read of a layer file means: nothing (undefined: no such file), or a UserError naming it. */
function layerReadFailure(core: { dir: string }, id: string, d: string, e: unknown): undefined {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw new UserError('damaged', `${path.join(LAYERS_DIR, d, `${id}.json`)}: ${describeFsError(e)}`);
}

/**
 * The layer files of article `id`, parsed (a file that cannot be read throws, naming it), read
 * side by side. `dirs`: the layer folders that hold a file of it, when the caller knows them
 * (the index's listing of every layer file); else every layer folder is looked in.
 */
export async function readLayers(core: StoreCore, id: string, dirs?: readonly string[]): Promise<ReadLayer[]> {
  const read = await Promise.all((dirs ?? layerDirs(core)).map(async (d): Promise<ReadLayer | undefined> => {
    let text: string;
    try {
      text = await core.fs.readFile(path.join(core.dir, LAYERS_DIR, d, `${id}.json`), 'utf8');
    } catch (e) {
      return layerReadFailure(core, id, d, e);
    }
    return layerFromText(core, id, d, text);
  }));
  return read.filter((x): x is ReadLayer => x !== undefined);
}

/** {@link readLayers} on a thread of its own (the index's reading threads), with Node's own reads, one file after the other. */
export function readLayersSync(dir: string, id: string, dirs: readonly string[]): ReadLayer[] {
  return dirs.flatMap((d) => {
    let text: string;
    try {
      text = readFileSync(path.join(dir, LAYERS_DIR, d, `${id}.json`), 'utf8');
    } catch (e) {
      return layerReadFailure({ dir }, id, d, e) ?? [];
    }
    return [layerFromText({ dir }, id, d, text)];
  });
}
