/**
 * Annotated documents keep their text exactly as given (issue 13, item 2): doccano, Label Studio
 * and JSONL with offsets as well as brat; only new plain texts are normalised.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spanText } from '../../../annotations/index.js';
import { exportProject } from '../../../app/export/export.js';
import { importPaths } from '../../../app/import/import.js';
import { cleanTemp, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

// Combining accents (NFC would compose them), an emoji, curly quotes and a CRLF.
const TEXT = 'Jose\u0301 A\u0301lvarez said: “the café 😀 stays open”.\r\nRene\u0301e agreed.';
const cp = (s: string) => {
  const i = TEXT.indexOf(s);
  return [[...TEXT.slice(0, i)].length, [...TEXT.slice(0, i)].length + [...s].length] as const;
};

describe('annotated texts are kept character for character', () => {
  it('doccano, Label Studio and plain JSONL lines', async () => {
    const { store } = await newProject();
    const dir = tempDir();
    const [s1, e1] = cp('Jose\u0301 A\u0301lvarez');
    const [s2, e2] = cp('“the café 😀 stays open”');
    writeFileSync(path.join(dir, 'd.jsonl'), JSON.stringify({ text: TEXT, entities: [{ id: 1, label: 'Speaker', start_offset: s1, end_offset: e1 }, { id: 2, label: 'Quote', start_offset: s2, end_offset: e2 }], relations: [{ id: 1, from_id: 2, to_id: 1, type: 'SaidBy' }] }) + '\n');
    const ls = TEXT + ' (Label Studio)';
    const u16 = (s: string) => [ls.indexOf(s), ls.indexOf(s) + s.length];
    const [l1, l2] = u16('Rene\u0301e');
    writeFileSync(path.join(dir, 'ls.json'), JSON.stringify([{ data: { text: ls }, annotations: [{ result: [{ id: 'r1', type: 'labels', from_name: 'label', to_name: 'text', value: { start: l1, end: l2, text: 'Rene\u0301e', labels: ['Speaker'] } }] }] }]));
    const plain = 'Plain text: Jose\u0301 said so.\r\n';
    writeFileSync(path.join(dir, 'p.txt'), plain);
    const s = await importPaths(store, [dir]);
    expect(s.failed).toEqual([]);
    const docs = await Promise.all(store.listArticles().items.map((i) => store.getArticle(i.id)));
    const doccano = docs.find((d) => d.article.text === TEXT)!;
    expect(doccano.spans.map(spanText).sort()).toEqual(['Jose\u0301 A\u0301lvarez', '“the café 😀 stays open”']);
    expect(docs.find((d) => d.article.text === ls)!.spans.map(spanText)).toEqual(['Rene\u0301e']);
    // A new plain text without annotations is normalised, as before.
    expect(docs.map((d) => d.article.text)).toContain('Plain text: José said so.');
    await store.close();
  });

  it('a brat .txt with a UTF-8 BOM: brat counts the BOM as a character, so it is kept and the file goes back byte for byte', async () => {
    const { store } = await newProject();
    const dir = tempDir();
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoe\u0308 said “yes”.\r\n', 'utf8')]);
    writeFileSync(path.join(dir, 'bom.txt'), bytes);
    // Offsets as brat counts them, in the text read as plain UTF-8: U+FEFF is character 0.
    writeFileSync(path.join(dir, 'bom.ann'), 'T1\tSource 1 5\tZoe\u0308\nT2\tContent 11 16\t“yes”\n');
    const s = await importPaths(store, [dir]);
    expect(s.failed).toEqual([]);
    const doc = await store.getArticle(s.imported[0]!.id);
    expect(doc.article.text.startsWith('\ufeffZoe\u0308')).toBe(true);
    expect(doc.spans.map(spanText)).toEqual(['Zoe\u0308', '“yes”']);
    const out = path.join(tempDir(), 'b');
    await exportProject(store, { format: 'brat', out });
    expect(readFileSync(path.join(out, 'bom.txt')).equals(bytes)).toBe(true);
    await store.close();
  });
});
