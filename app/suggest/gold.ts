/**
 * Reading gold annotations for evaluation: a folder of brat `.txt` + `.ann` pairs, or a
 * Sourcemark JSONL file (the `jsonl` export). Each becomes an ArticleDoc whose id is the file's
 * base name (brat) or the line's id (JSONL). Bad input is a UserError naming the file.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { bratToAnnotations, counterIds, createArticle, defaultSchema, emptyDoc, fromDatasetLine, type ArticleDoc } from '../../annotations/index.js';
import { UserError } from '../errors.js';

const NOW = '2026-01-01T00:00:00.000Z';

/** The gold documents at `where` (a brat folder or a .jsonl file), sorted by id. */
export function readGold(where: string): ArticleDoc[] {
  let stat;
  try {
    stat = statSync(where);
  } catch {
    throw new UserError('not-found', `${where}: no such file or folder`);
  }
  const docs = stat.isDirectory() ? readBratFolder(where) : readJsonl(where);
  if (!docs.length) throw new UserError('bad-input', `${where}: no annotated articles found (expected brat .txt + .ann pairs or a Sourcemark .jsonl file)`);
  return docs.sort((a, b) => a.article.id.localeCompare(b.article.id));
}

function readBratFolder(dir: string): ArticleDoc[] {
  const docs: ArticleDoc[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ann')).sort()) {
    const id = name.slice(0, -4);
    const txtFile = path.join(dir, `${id}.txt`);
    let txt: string;
    try {
      txt = readFileSync(txtFile, 'utf8');
    } catch {
      throw new UserError('bad-request', `${path.join(dir, name)}: its text ${id}.txt is missing`);
    }
    try {
      const r = bratToAnnotations(txt, readFileSync(path.join(dir, name), 'utf8'), { schema: defaultSchema(), newId: counterIds(), now: NOW, annotator: 'gold' });
      const article = createArticle({ id, title: id, text: r.text, keepText: true, provenance: { origin: name, importedAt: NOW } });
      docs.push({ ...emptyDoc(article), spans: r.spans, links: r.links, events: r.events });
    } catch (e) {
      throw new UserError('bad-request', `${path.join(dir, name)}: ${(e as Error).message}`);
    }
  }
  return docs;
}

function readJsonl(file: string): ArticleDoc[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const docs: ArticleDoc[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      docs.push(fromDatasetLine(JSON.parse(line), i + 1, NOW).doc);
    } catch (e) {
      throw new UserError('bad-request', `${file}, line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return docs;
}
