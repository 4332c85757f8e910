/**
 * Fuzzing with fast-check: random bytes and mutated real files into every importer (never a
 * crash: a clear reason, or an import; nothing written when it fails), and random operation
 * sequences into the store (files stay valid; undoing everything gives back the same files).
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeFragment, toDatasetLine, type Operation } from '../../../annotations/index.js';
import { importFiles } from '../../../app/import/import.js';
import { UserError } from '../../../app/errors.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { readGold } from '../../helpers/gold.js';
import { readSampleDoc, sampleArticleIds } from '../../helpers/sample.js';
import { articleDoc, cleanTemp, newProject } from '../../helpers/project.js';

afterEach(cleanTemp);

const gold = readGold('002_6f0280c28b7f439d');
const sampleArticle = sampleArticleIds()[0]!;
const realFiles: Record<string, string> = {
  'a.txt': gold.txt,
  'a.html': `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script></head><body><article><p>${gold.txt.slice(0, 1500)}</p></article></body></html>`,
  'a.jsonl': [JSON.stringify({ text: 'One text.', title: 'x' }), JSON.stringify({ text: gold.txt, entities: [{ id: 1, label: 'Speaker', start_offset: 0, end_offset: 5 }], relations: [] })].join('\n'),
  'a.csv': 'title,text\n"T","Some ""quoted"" text, with a comma."\nU,Another text.\n',
  'a.json': JSON.stringify([{ data: { text: 'Ana said so.' }, annotations: [{ result: [{ id: 'r', type: 'labels', value: { start: 0, end: 3, text: 'Ana', labels: ['Speaker'] } }] }] }]),
  'd.jsonl': JSON.stringify(toDatasetLine(readSampleDoc(sampleArticle), {})),
};

/** A real file with random damage: bytes flipped, cut short, or junk inserted. */
const mutated = (content: string) =>
  fc.tuple(fc.constantFrom('flip', 'cut', 'insert'), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 12 })).map(([how, at, junk]) => {
    const bytes = Buffer.from(content);
    const i = bytes.length ? at % bytes.length : 0;
    if (how === 'cut') return bytes.subarray(0, i);
    if (how === 'flip') {
      const b = Buffer.from(bytes);
      junk.forEach((j, k) => {
        if (i + k < b.length) b[i + k] = j;
      });
      return b;
    }
    return Buffer.concat([bytes.subarray(0, i), Buffer.from(junk), bytes.subarray(i)]);
  });

describe('fuzzing the importers', () => {
  it.each(Object.keys(realFiles))('%s: random and damaged input gives an import or a clear reason, never a crash or half a file', async (name) => {
    const { store } = await newProject();
    const ann = name === 'a.txt' ? Buffer.from(gold.ann) : undefined;
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)), mutated(realFiles[name]!)), async (bytes) => {
      const before = { articles: store.listArticles().total, sources: store.sources.length, schema: JSON.stringify(store.schema) };
      const files = [{ name, bytes }, ...(ann ? [{ name: 'a.ann', bytes: ann }] : [])];
      const s = await importFiles(store, files);
      for (const f of s.failed) {
        expect(f.reason.length).toBeGreaterThan(3);
        expect(f.reason).not.toMatch(/\n\s+at |undefined|\[object Object\]/);
      }
      if (s.failed.length && !s.imported.length) {
        expect(store.listArticles().total).toBe(before.articles);
        expect(store.sources.length).toBe(before.sources);
      }
      for (const item of s.imported) await store.getArticle(item.id); // what was imported reads back valid
    }), { numRuns: 40 });
    await store.close();
  }, 120_000);

  it('a brat .ann with random damage beside its real text', async () => {
    const { store } = await newProject();
    await fc.assert(fc.asyncProperty(mutated(gold.ann), async (bytes) => {
      const before = store.listArticles().total;
      const s = await importFiles(store, [{ name: 'g.txt', bytes: Buffer.from(gold.txt) }, { name: 'g.ann', bytes }]);
      if (s.failed.length) {
        expect(s.failed[0]!.reason).toMatch(/g\.ann: (line \d+: )?\S/);
        expect(store.listArticles().total).toBe(before);
      }
    }), { numRuns: 60 });
    await store.close();
  }, 120_000);
});

describe('fuzzing the store', () => {
  it('random operations keep every file valid, and undoing them all gives back the same files', async () => {
    const text = 'The minister said the plan worked. Critics said it failed, and officials insisted otherwise.';
    // Times are not state: `updatedAt`, and `statusAt` (when a status was set, app/store/layer-files.ts).
    const strip = (f: string) => readFileSync(f, 'utf8').replace(/,?\s*"(updatedAt|statusAt)": "[^"]*"/g, '');
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(6), fc.nat(200), fc.nat(30), fc.nat(3)), { minLength: 5, maxLength: 30 }), async (steps) => {
      const { dir, store } = await newProject();
      await store.addArticle(articleDoc('a-1', text));
      await store.apply({ op: 'addSource', source: { id: 'src-1', name: 'Minister', kind: 'person', aliases: [] } });
      await store.flush();
      const files = [path.join(dir, 'articles', 'a-1.json'), path.join(dir, 'sources.json')];
      const original = files.map(strip);
      let n = 0;
      let applied = 0;
      for (const [kind, a, b, c] of steps) {
        const doc = await store.getArticle('a-1');
        const start = a % text.length;
        const end = Math.min(text.length, start + 1 + b);
        const span = doc.spans[a % Math.max(1, doc.spans.length)];
        const ops: Operation[] = [
          { op: 'addSpan', articleId: 'a-1', span: { id: `s-${n++}`, label: ['Speaker', 'Quote', 'Claim', 'Cue'][c]!, fragments: [makeFragment(text, start, end)], attributes: {}, annotator: 'f', origin: 'manual', createdAt: 'n', updatedAt: 'n', ...(c === 0 ? { sourceId: 'src-1' } : {}) } },
          { op: 'removeSpan', articleId: 'a-1', spanId: span?.id ?? 'none' },
          { op: 'updateSpan', articleId: 'a-1', spanId: span?.id ?? 'none', patch: { fragments: [{ start, end }] } },
          { op: 'addLink', articleId: 'a-1', link: { id: `l-${n++}`, type: 'said-by', from: span?.id ?? 'x', to: doc.spans[b % Math.max(1, doc.spans.length)]?.id ?? 'y' } },
          { op: 'setStatus', articleId: 'a-1', status: (['todo', 'in-progress', 'done'] as const)[c % 3]! },
          { op: 'updateSource', sourceId: 'src-1', patch: { name: `Minister ${a}` } },
          { op: 'removeLink', articleId: 'a-1', linkId: doc.links[a % Math.max(1, doc.links.length)]?.id ?? 'none' },
        ];
        try {
          await store.apply(ops[kind]!, 'fuzz');
          applied++;
        } catch (e) {
          if (!(e instanceof UserError) || e.code !== 'invalid-operation') throw e;
        }
      }
      await store.flush();
      const reader = await ProjectStore.open(dir, { readOnly: true });
      expect(reader.listArticles().items[0]!.damaged).toBeUndefined();
      await reader.getArticle('a-1');
      await reader.close();
      for (let i = 0; i < applied; i++) await store.undo('fuzz');
      await store.flush();
      expect(files.map(strip)).toEqual(original);
      await store.close();
      await cleanTemp();
    }), { numRuns: 20 });
  }, 120_000);
});
