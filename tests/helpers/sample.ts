/**
 * The repository's sample project (`sample/`) read the way the store reads it: an article's own
 * file joined with its layer files (`layers/<layer>/<id>.json`), for tests that need a sample
 * document without opening a store.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ArticleDocSchema, type ArticleDoc } from '../../annotations/index.js';
import { LAYERS_DIR, joinParts, layerOfDirName } from '../../app/store/layer-files.js';
import { repoRoot } from './gold.js';

export const SAMPLE_DIR = path.join(repoRoot, 'sample');

/** The sample's article ids, in file-name order. */
export function sampleArticleIds(): string[] {
  return readdirSync(path.join(SAMPLE_DIR, 'articles')).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();
}

/** Sample article `id` with every layer's annotations, as the store holds it in memory. */
export function readSampleDoc(id: string): ArticleDoc {
  const rel = `articles/${id}.json`;
  const article = JSON.parse(readFileSync(path.join(SAMPLE_DIR, rel), 'utf8')) as Record<string, unknown>;
  const layersDir = path.join(SAMPLE_DIR, LAYERS_DIR);
  const layers = (existsSync(layersDir) ? readdirSync(layersDir) : []).flatMap((d) => {
    const file = path.join(layersDir, d, `${id}.json`);
    const layer = layerOfDirName(d);
    return layer !== undefined && existsSync(file) ? [{ layer, file, data: JSON.parse(readFileSync(file, 'utf8')) as unknown }] : [];
  });
  return ArticleDocSchema.parse(joinParts(id, rel, article, layers).data);
}
