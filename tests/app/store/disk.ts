/**
 * What a project folder holds of one article, read straight from its files (the article file and
 * its layer files, app/store/layer-files.ts), for tests that check what is on disk.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compareSpans, type Span } from '../../../annotations/index.js';

type Json = Record<string, unknown> & { spans?: Span[]; links?: unknown[]; events?: unknown[] };

const read = (f: string): Json => JSON.parse(readFileSync(f, 'utf8')) as Json;

/** The layer files of article `id`: layer folder name to parsed content. */
export function layerFilesOf(dir: string, id: string): Map<string, Json> {
  const root = path.join(dir, 'layers');
  const out = new Map<string, Json>();
  if (!existsSync(root)) return out;
  for (const d of readdirSync(root).sort()) {
    const f = path.join(root, d, `${id}.json`);
    if (existsSync(f)) out.set(d, read(f));
  }
  return out;
}

/** Article `id` as on disk: the article file's content with every layer's spans, links and events, and the status that wins. */
export function docOnDisk(dir: string, id: string): { article: Record<string, unknown> & { status: string }; spans: Span[]; links: unknown[]; events: unknown[]; version: number } {
  const file = read(path.join(dir, 'articles', `${id}.json`));
  const article = file.article as Record<string, unknown> & { status: string };
  let best = { status: article.status, at: typeof file.statusAt === 'string' ? file.statusAt : '' };
  const spans: Span[] = [];
  const links: unknown[] = [];
  const events: unknown[] = [];
  for (const layer of layerFilesOf(dir, id).values()) {
    spans.push(...(layer.spans ?? []));
    links.push(...(layer.links ?? []));
    events.push(...(layer.events ?? []));
    if (typeof layer.status === 'string' && String(layer.statusAt ?? '') > best.at) best = { status: layer.status, at: String(layer.statusAt) };
  }
  return { version: file.version as number, article: { ...article, status: best.status }, spans: spans.sort(compareSpans), links, events };
}
