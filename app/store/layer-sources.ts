/**
 * The source registry kept so that two people who create sources offline never touch the same
 * file (issue 18): `sources.json` holds the sources made before layers, or by no annotator in
 * particular; `sources/<layer>.json` (same format, plus `layer`) holds the sources that layer's
 * annotator created. The registry is their union. A source stays in the file it was created in:
 * renaming, editing or removing it rewrites that file (two people editing the same source offline
 * can still conflict there; creating sources never does).
 *
 * Must not: write anything itself (registry.ts writes through the save queue).
 */

import path from 'node:path';
import { FORMAT_VERSION, SourcesFileSchema, type Source } from '../../annotations/index.js';
import { UserError, describeFsError } from '../errors.js';
import type { StoreFileOps } from './durable.js';
import { issuesOf } from './files.js';
import { stableStringify } from './json.js';
import { layerDirName, layerOfDirName } from './layer-files.js';

/** The folder of the layers' source files. */
export const LAYER_SOURCES_DIR = 'sources';

/** Where a source lives: '' for `sources.json`, else the layer whose file holds it. */
export type SourceHome = string;

/** The file (relative to the project) of a home. */
export const homeFile = (home: SourceHome): string => (home === '' ? 'sources.json' : `${LAYER_SOURCES_DIR}/${layerDirName(home)}.json`);

/** The sources of every layer file in `dir`/sources/, by layer. Throws a UserError naming a file that cannot be read. */
export function readLayerSources(dir: string, fs: StoreFileOps): Map<string, Source[]> {
  const root = path.join(dir, LAYER_SOURCES_DIR);
  const out = new Map<string, Source[]>();
  if (!fs.existsSync(root)) return out;
  for (const name of fs.readdirSync(root).sort()) {
    const layer = name.endsWith('.json') ? layerOfDirName(name.slice(0, -5)) : undefined;
    if (layer === undefined) continue;
    const rel = `${LAYER_SOURCES_DIR}/${name}`;
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(path.join(root, name), 'utf8'));
    } catch (e) {
      throw new UserError('damaged', `${rel} cannot be read: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : describeFsError(e)}.`);
    }
    const parsed = SourcesFileSchema.safeParse(data);
    if (!parsed.success) throw new UserError('damaged', `${rel} does not match the sources format: ${issuesOf(parsed.error.issues)}.`);
    if (parsed.data.version > FORMAT_VERSION) throw new UserError('newer-version', `${rel} was written by a newer Sourcemark (format ${parsed.data.version}; this version reads up to ${FORMAT_VERSION}).`);
    out.set(layer, parsed.data.sources);
  }
  return out;
}

/** The text of a home's file holding `sources`. */
export function sourcesText(home: SourceHome, sources: readonly Source[]): string {
  return stableStringify({ type: 'sourcemark-sources', version: FORMAT_VERSION, ...(home ? { layer: home } : {}), sources });
}

/**
 * The files a new state of the registry changes, each source in its home (`homes`; one with none:
 * `sources.json`): the text of every home file that changed since `written`, or undefined for a
 * layer's file that holds nothing any more (to remove).
 */
export function planSources(sources: readonly Source[], homes: ReadonlyMap<string, SourceHome>, written: ReadonlyMap<SourceHome, string>): Map<SourceHome, string | undefined> {
  const groups = new Map<SourceHome, Source[]>([['', []]]);
  for (const s of sources) {
    const home = homes.get(s.id) ?? '';
    groups.set(home, [...(groups.get(home) ?? []), s]);
  }
  const files = new Map<SourceHome, string | undefined>();
  for (const home of new Set([...groups.keys(), ...written.keys()])) {
    const list = groups.get(home) ?? [];
    const text = home !== '' && !list.length ? undefined : sourcesText(home, list);
    if (written.get(home) !== text) files.set(home, text);
  }
  return files;
}
