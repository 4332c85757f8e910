/** Generated corpora for benchmarks: deterministic text and spans, nested and overlapping ones included. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../annotations/model/random.js';
import { createArticle, emptyDoc, makeFragment, type ArticleDoc, type Span } from '../../annotations/index.js';
import { LAYERS_DIR, emptyDiskState, layerDirName, planWrite, withUpdatedAt } from '../../app/store/layer-files.js';
import { ProjectStore } from '../../app/store/project-store.js';

const WORDS = ('the minister said officials insisted that troops had withdrawn from city regional council agency ' +
  'report statement according to residents police spokesperson confirmed denied claimed announced warned ' +
  'government election vote campaign percent million people hospital court ruling evidence investigation ' +
  'Kherson Kyiv Moscow Reuters defence intelligence withdrawal equipment river bank southern northern').split(' ');

/** A small deterministic random generator, so every run measures the same data. */
export const rng = seededRandom;

/** Text of `words` words in `paragraphs` paragraphs, with an emoji and an accent now and then. */
export function generateText(words: number, paragraphs: number, seed = 1): string {
  const r = rng(seed);
  const per = Math.ceil(words / paragraphs);
  const paras: string[] = [];
  for (let p = 0, n = 0; p < paragraphs && n < words; p++) {
    const ws: string[] = [];
    for (let i = 0; i < per && n < words; i++, n++) {
      const w = WORDS[Math.floor(r() * WORDS.length)]!;
      ws.push(r() < 0.002 ? `${w} 😀` : r() < 0.002 ? `café` : w);
    }
    paras.push(ws.join(' ') + '.');
  }
  return paras.join('\n\n');
}

/**
 * `count` spans over `text`: word-aligned, one to twelve words long, a fifth of them nested in or
 * overlapping another span, with the four default labels.
 */
export function generateSpans(text: string, count: number, seed = 2): Span[] {
  const r = rng(seed);
  const words = [...text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const labels = ['Speaker', 'Quote', 'Claim', 'Cue'];
  const now = '2026-01-01T00:00:00.000Z';
  const spans: Span[] = [];
  for (let i = 0; i < count; i++) {
    let a: number;
    let len: number;
    if (i % 5 === 4 && spans.length) {
      // Nested or overlapping: start inside the previous span.
      const prev = spans[spans.length - 1]!;
      a = words.findIndex((w) => w[0] >= prev.fragments[0]!.start);
      len = 1 + Math.floor(r() * 6);
    } else {
      a = Math.floor(r() * (words.length - 13));
      len = 1 + Math.floor(r() * 12);
    }
    const b = Math.min(words.length - 1, a + len - 1);
    spans.push({
      id: `s-${i}`, label: labels[i % 4]!, fragments: [makeFragment(text, words[a]![0], words[b]![1])], attributes: {},
      annotator: 'bench', origin: 'manual', createdAt: now, updatedAt: now,
    });
  }
  return spans;
}

export function generateDoc(id: string, words: number, paragraphs: number, spans: number, seed = 1): ArticleDoc {
  const text = generateText(words, paragraphs, seed);
  const doc = emptyDoc(createArticle({ id, title: `Generated article ${id}`, text, provenance: { origin: 'bench', importedAt: '2026-01-01T00:00:00.000Z' } }));
  return { ...doc, spans: generateSpans(doc.article.text, spans, seed + 1).sort((x, y) => x.fragments[0]!.start - y.fragments[0]!.start || x.fragments[0]!.end - y.fragments[0]!.end || (x.id < y.id ? -1 : 1)) };
}

/**
 * Writes `doc` into project folder `dir` as the store keeps it (an article file and a file per
 * layer, app/store/layer-files.ts), directly, without the store: for projects of many articles.
 */
export function writeDocFiles(dir: string, doc: ArticleDoc): void {
  const plan = planWrite(doc, emptyDiskState(), undefined, doc.article.provenance.importedAt);
  for (const [layer, text] of plan.write) {
    const folder = path.join(dir, LAYERS_DIR, layerDirName(layer));
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${doc.article.id}.json`), withUpdatedAt(text, doc.article.provenance.importedAt));
  }
  writeFileSync(path.join(dir, 'articles', `${doc.article.id}.json`), plan.article!);
}

/** A project folder of `articles` generated articles (800 words, `spans` spans each, in the layer of annotator `bench`), written directly. */
export async function generateProject(dir: string, articles: number, spans = 30): Promise<void> {
  const created = await ProjectStore.create(dir, { name: 'bench' });
  await created.close();
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  for (let i = 0; i < articles; i++) writeDocFiles(dir, generateDoc(`a-${i}`, 800, 12, spans, i + 1));
}
