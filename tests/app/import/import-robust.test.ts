/**
 * Import with files that are not clean: encodings other than UTF-8 (and UTF-8 with a few bad
 * bytes), CSV with other separators and broken quoting, HTML without tags, links that are not
 * web links, documents beyond the limits per article, and a forced reader (`format`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import fc from 'fast-check';
import { DATASET_TYPE, csvField, parseCsv, toDatasetLine } from '../../../annotations/index.js';
import { ARTICLE_LIMITS, articleLimitProblem, isWebLink } from '../../../annotations/model/limits.js';
import { decodeText } from '../../../app/import/decode.js';
import { importFiles, importPaths } from '../../../app/import/import.js';
import type { ProjectStore } from '../../../app/store/project-store.js';
import { articleDoc, allDocs, cleanTemp, files, newProject, span, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const project = async (): Promise<ProjectStore> => (await newProject()).store;


const all = allDocs;

/** `text` in a single-byte encoding, through the inverse of TextDecoder's table for it. */
function singleByte(text: string, label: string): Uint8Array {
  const decoder = new TextDecoder(label);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Uint8Array.from([...text].map((c) => {
    const b = table.get(c);
    if (b === undefined) throw new Error(`${label} has no ${c}`);
    return b;
  }));
}

const RUSSIAN = 'Министр финансов заявил журналистам,\nчто правительство не будет повышать налоги в следующем году.';

describe('import: encodings', () => {
  it('decodes UTF-8 with a few invalid bytes as UTF-8, replacing only those, and names the file and the lines', async () => {
    const store = await project();
    const bytes = Buffer.concat([
      Buffer.from('The minister said the “new” rules were fair.\nShe added: '), Buffer.from([0xff]),
      Buffer.from(' nothing more.\nCritics — all of them — disagreed, and '), Buffer.from([0xc3]),
      Buffer.from(' said so.\nThe end of the “story”.\n'),
    ]);
    const [p] = files(tempDir(), { 'damaged.txt': bytes });
    const s = await importPaths(store, [p!], { clean: false });
    expect(s.failed).toEqual([]);
    const [doc] = await all(store);
    expect(doc!.article.text).toContain('the “new” rules');
    expect(doc!.article.text).toContain('She added: \ufffd nothing more.');
    expect(doc!.article.text).toContain('Critics — all of them — disagreed');
    expect(s.warnings).toEqual([`${p}: it is UTF-8 except for 2 invalid bytes on lines 2, 3, replaced by "\ufffd"; check those lines`]);
  });

  it('knows Cyrillic, Japanese and Chinese legacy encodings, and says which one it used', async () => {
    const store = await project();
    const cases: Record<string, { bytes: Uint8Array; text: string; encoding: string }> = {
      'koi8.txt': { bytes: singleByte(RUSSIAN.replace('финансов', 'экономики'), 'koi8-r'), text: RUSSIAN.replace('финансов', 'экономики'), encoding: 'koi8-r' },
      'cp1251.txt': { bytes: singleByte(RUSSIAN, 'windows-1251'), text: RUSSIAN, encoding: 'windows-1251' },
      'iso5.txt': { bytes: singleByte(RUSSIAN.replace('Министр', 'Президент'), 'iso-8859-5'), text: RUSSIAN.replace('Министр', 'Президент'), encoding: 'iso-8859-5' },
      // Encoded with iconv-lite; Shift_JIS and GB18030 are multi-byte, so the bytes are written out.
      'sjis.txt': { bytes: Buffer.from('8ef1918a82cd8b4c8ed289ef8ca982c581419788944e937882cc975c8e5a88c482c982c282a282c490e096be82b582bd8142', 'hex'), text: '首相は記者会見で、来年度の予算案について説明した。', encoding: 'shift_jis' },
      'gb.txt': { bytes: Buffer.from('d7dcc0edd4dad0c2cec5b7a2b2bcbbe1c9cfb1edcabea3acd5feb8aec3f7c4eab2bbbbe1cce1b8dfcbb0cad5a1a3', 'hex'), text: '总理在新闻发布会上表示，政府明年不会提高税收。', encoding: 'gb18030' },
    };
    for (const [name, c] of Object.entries(cases)) {
      const d = decodeText(c.bytes);
      expect({ name, text: d.text, encoding: d.encoding }).toEqual({ name, text: c.text, encoding: c.encoding });
    }
    const paths = files(tempDir(), Object.fromEntries(Object.entries(cases).map(([n, c]) => [n, c.bytes])));
    const s = await importPaths(store, paths, { clean: false });
    expect(s.failed).toEqual([]);
    expect(s.imported).toHaveLength(5);
    for (const [name, c] of Object.entries(cases)) {
      expect(s.warnings.find((w) => w.startsWith(paths.find((p) => p.endsWith(name))!))).toMatch(new RegExp(`: it is not UTF-8: read as ${c.encoding} \\(detected, \\d+% confidence; non-ASCII characters on lines? 1`));
    }
  });

  it('decodes any bytes to text with at most a warning, or says the file is binary (property)', () => {
    const high = fc.uint8Array({ minLength: 0, maxLength: 300 }).map((b) => b.map((x) => (x === 0 ? 0x20 : x)));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), high), (bytes) => {
      let d: ReturnType<typeof decodeText>;
      try {
        d = decodeText(bytes);
      } catch (e) {
        expect((e as Error).message).toBe('it is not a text file (it contains binary data)');
        return;
      }
      expect(typeof d.text).toBe('string');
      let utf8 = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        utf8 = false;
      }
      // Bytes that are not UTF-8 (nor UTF-16) are never decoded without a word.
      if (!utf8 && !d.encoding.startsWith('utf-16')) expect(d.warning).toMatch(/^it is/);
      if (utf8 && d.encoding === 'utf-8') expect(d.warning).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('still reads Windows-1252 (curly quotes, dashes) and says so; clean UTF-8 and UTF-16 say nothing', async () => {
    const cp1252 = Uint8Array.from([...Buffer.from('Caf', 'latin1'), 0xe9, ...Buffer.from(' owner said the ', 'latin1'), 0x93, ...Buffer.from('new', 'latin1'), 0x94, ...Buffer.from(' rules ', 'latin1'), 0x97, ...Buffer.from(' were unfair.', 'latin1')]);
    expect(decodeText(cp1252)).toMatchObject({ text: 'Café owner said the “new” rules — were unfair.', encoding: 'windows-1252', warning: expect.stringContaining('read as windows-1252') });
    expect(decodeText(Buffer.from('Café “ok”'))).toEqual({ text: 'Café “ok”', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('\ufeffCafé “ok”', 'utf16le'))).toEqual({ text: 'Café “ok”', encoding: 'utf-16le' });
  });
});

describe('import: CSV through papaparse', () => {
  it('reads semicolon and tab separated files, CRLF, a BOM, and line breaks inside quotes, with the right lines', async () => {
    const store = await project();
    const dir = tempDir();
    const [semi, tab] = files(dir, {
      'semi.csv': '\ufefftitle;text;outlet\r\nOne;"First text; with a semicolon,\r\nand a line break.";Paper\r\n\r\nTwo;Second text, with a comma.;\r\n',
      'tab.csv': 'title\ttext\nThree\tThird text; it has "quotes" and, commas.\n',
      'bad.csv': 'title,text\nFour,Fourth text.\nFive,"Fifth text is never closed.\nSix,Sixth text.\n',
    });
    const s = await importPaths(store, [semi!, tab!, path.join(dir, 'bad.csv')], { clean: false });
    expect(s.failed).toEqual([{ name: path.join(dir, 'bad.csv'), line: 3, reason: 'a quoted field is not closed before the end of the file' }]);
    expect(s.imported.map((i) => [i.name, i.title])).toEqual([[`${semi}:2`, 'One'], [`${semi}:5`, 'Two'], [`${tab}:2`, 'Three']]);
    const texts = (await all(store)).map((d) => d.article.text).sort();
    expect(texts).toEqual(['First text; with a semicolon,\nand a line break.', 'Second text, with a comma.', 'Third text; it has "quotes" and, commas.']);
  });

  it('reads a one-column file whole, commas and all', () => {
    expect(parseCsv('text\nHello, world; said "he"\n"Quoted, with\nbreak"\n').rows).toEqual([
      { line: 2, values: { text: 'Hello, world; said "he"' } }, { line: 3, values: { text: 'Quoted, with\nbreak' } },
    ]);
  });

  it('reads back whatever csvField writes, with the line each row starts on (property)', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r\n', '\t', '|', 'é', '😀') });
    fc.assert(fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
      const src = ['a,b,c', ...rows.map((r) => r.map(csvField).join(','))].join(eol) + eol;
      const parsed = parseCsv(src);
      expect(parsed.rows.map((r) => [r.values.a, r.values.b, r.values.c])).toEqual(rows);
      let line = 2;
      parsed.rows.forEach((r, i) => {
        expect(r.line).toBe(line);
        line += rows[i]!.join('').split(/\r\n|\r|\n/).length;
      });
    }));
  });

  it('repairs a stray quote inside a quoted field, and names the line in a warning', async () => {
    const store = await project();
    const [p] = files(tempDir(), { 'quotes.csv': 'title,text\nOne,"He said "no" twice, to everyone."\nTwo,Second text.\n' });
    const s = await importPaths(store, [p!], { clean: false });
    expect(s.failed).toEqual([]);
    expect(s.imported).toHaveLength(2);
    expect((await all(store)).map((d) => d.article.text)).toContain('He said "no" twice, to everyone.');
    expect(s.warnings).toEqual([expect.stringMatching(new RegExp(`^${p!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: line 2: a quoted field has a stray quote inside it`))]);
  });
});

describe('import: web pages that are not quite web pages', () => {
  it('imports an .html file with no tags as plain text, and an HTML fragment without <html> as a page', async () => {
    const store = await project();
    const [plain, fragment] = files(tempDir(), {
      'plain.html': 'The council approved the budget on Monday.\n\nCritics said it was far too small for the city.',
      'fragment.html': '<h1>Budget approved</h1><p>The council approved the budget on Monday, the mayor said.</p><p>Critics said it was far too small for the city.</p>',
    });
    const s = await importPaths(store, [plain!, fragment!], { clean: false });
    expect(s.failed).toEqual([]);
    expect(s.warnings).toEqual([`${plain}: it has no HTML tags; it was imported as plain text`]);
    const docs = await all(store);
    const texts = docs.map((d) => d.article.text);
    expect(texts).toContain('The council approved the budget on Monday.\n\nCritics said it was far too small for the city.');
    expect(texts.some((t) => t.includes('The council approved the budget on Monday, the mayor said.') && t.includes('\n\nCritics said'))).toBe(true);
  });
});

describe('import: an article keeps only http and https links', () => {
  it('drops javascript:, data: and other links from pages, JSON Lines, CSV and dataset lines, with a warning each', async () => {
    const store = await project();
    const para = 'The minister said the reform would cut waiting times, according to figures seen by reporters and confirmed by officials on Monday.';
    const page = `<!doctype html><html><head><title>Reform</title><meta property="og:url" content="javascript:alert(document.cookie)"><link rel="canonical" href="https://example.org/reform"></head><body><article>${`<p>${para}</p>`.repeat(4)}</article></body></html>`;
    const dataset = toDatasetLine({ ...articleDoc('a-ds', 'A dataset article whose link is a script.'), article: { ...articleDoc('a-ds', 'A dataset article whose link is a script.').article, metadata: { url: 'javascript:alert(2)' } } }, {}, 'codepoint');
    expect(dataset.type).toBe(DATASET_TYPE);
    const dir = tempDir();
    const [html, jsonl, csv, ds] = files(dir, {
      'page.html': page,
      'rows.jsonl': `${JSON.stringify({ text: 'First row text.', url: 'javascript:alert(1)' })}\n${JSON.stringify({ text: 'Second row text.', url: 'https://example.org/two' })}\n`,
      'rows.csv': 'title,text,url\nData,Third row text.,"data:text/html,<script>alert(3)</script>"\nFile,Fourth row text.,file:///etc/passwd\n',
      'ds.jsonl': JSON.stringify(dataset) + '\n',
    });
    const s = await importPaths(store, [html!, jsonl!, csv!, ds!], { clean: false });
    expect(s.failed).toEqual([]);
    const urls = Object.fromEntries((await all(store)).map((d) => [d.article.text.slice(0, 20), d.article.metadata.url]));
    expect(Object.values(urls).filter(Boolean)).toEqual(expect.arrayContaining(['https://example.org/reform', 'https://example.org/two']));
    expect(Object.values(urls).filter(Boolean).sort()).toEqual(['https://example.org/reform', 'https://example.org/two']);
    expect(s.warnings).toEqual(expect.arrayContaining([
      `${html}: its og:url "javascript:alert(document.cookie)" is not an http or https link; it was not kept`,
      `${jsonl}: line 1: its url "javascript:alert(1)" is not an http or https link; it was not kept`,
      `${csv}: line 2: its url "data:text/html,<script>alert(3)</script>" is not an http or https link; it was not kept`,
      `${csv}: line 3: its url "file:///etc/passwd" is not an http or https link; it was not kept`,
      expect.stringMatching(/ds\.jsonl: article a-ds: its url "javascript:alert\(2\)" is not an http or https link/),
    ]));
  });
});

describe('import: limits per article', () => {
  it('refuses a brat file with 300,000 identical spans before building them, naming the file and the limit', async () => {
    const store = await project();
    const dir = tempDir();
    const ann = Array.from({ length: 300_000 }, (_, i) => `T${i + 1}\tQuote 0 5\tHello`).join('\n') + '\n';
    files(dir, { 'flood.txt': 'Hello world.', 'flood.ann': ann, 'ok.txt': 'Fine text here.', 'ok.ann': 'T1\tQuote 0 4\tFine\n' });
    const s = await importPaths(store, [dir]);
    expect(s.failed).toEqual([{ name: path.join(dir, 'flood.txt'), reason: `${path.join(dir, 'flood.ann')}: it has 300,000 spans; the limit is 50,000 per article (see "Limits" in the README); nothing was imported from it` }]);
    expect(s.imported.map((i) => path.basename(i.name))).toEqual(['ok.txt']);
    expect(store.listArticles().total).toBe(1);
  });

  it('refuses a document whose note is over the limit, from the Api too, and writes nothing', async () => {
    const store = await project();
    const long = 'x'.repeat(ARTICLE_LIMITS.noteLength + 1);
    const bytes = (s: string) => new TextEncoder().encode(s);
    const s = await importFiles(store, [{ name: 'n.txt', bytes: bytes('Hello world.') }, { name: 'n.ann', bytes: bytes(`T1\tQuote 0 5\tHello\n#1\tAnnotatorNotes T1\t${long}\n`) }]);
    expect(s.failed).toEqual([{ name: 'n.txt', reason: `the note on the Quote span "Hello" is 10,001 characters long; the limit is 10,000 (see "Limits" in the README); nothing was imported from this file` }]);
    expect(store.listArticles().total).toBe(0);
  });

  it('refuses an Api apply that would go over a limit, changing nothing; an article already over one can still be edited down', async () => {
    const { store } = await newProject();
    const doc = articleDoc('a-1', 'The minister said the rules were fair.');
    await store.addArticle(doc);
    const note = 'x'.repeat(ARTICLE_LIMITS.noteLength + 1);
    await expect(store.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 's-1', 'Quote', 18, 38, { note }) }, 'a-1')).rejects.toMatchObject({
      code: 'invalid-operation', message: 'The change was not made to "Article a-1": the note on the Quote span "the rules were fair." is 10,001 characters long; the limit is 10,000.',
    });
    expect((await store.getArticle('a-1')).spans).toEqual([]);
    // Nor may an Api change give an article a link that is not http or https.
    const bad = { ...doc.article, metadata: { url: 'javascript:alert(1)' } };
    await expect(store.apply({ op: 'replaceArticle', articleId: 'a-1', article: bad }, 'a-1')).rejects.toMatchObject({
      code: 'invalid-operation', message: 'The change was not made to "Article a-1": its link "javascript:alert(1)" is not an http or https link.',
    });
    expect((await store.getArticle('a-1')).article.metadata.url).toBeUndefined();
    await store.apply({ op: 'replaceArticle', articleId: 'a-1', article: { ...doc.article, metadata: { url: 'https://example.org/a' } } }, 'a-1');
    expect((await store.getArticle('a-1')).article.metadata.url).toBe('https://example.org/a');
    // The pure check: what a change makes larger counts, what it leaves or shrinks does not.
    const limits = { ...ARTICLE_LIMITS, spans: 2 };
    const withSpans = (k: number) => ({ ...doc, spans: Array.from({ length: k }, (_, i) => span(doc, `s-${i}`, 'Quote', 0, 3)) });
    expect(articleLimitProblem(withSpans(3), undefined, limits)).toBe('the article has 3 spans; the limit is 2 per article');
    expect(articleLimitProblem(withSpans(3), withSpans(2), limits)).toBe('the article has 3 spans; the limit is 2 per article');
    expect(articleLimitProblem(withSpans(4), withSpans(5), limits)).toBeUndefined();
    expect(articleLimitProblem(withSpans(2), undefined, limits)).toBeUndefined();
    expect(['https://example.org', 'HTTP://x.org/a', 'javascript:alert(1)', ' https://x.org', 'data:text/html,x', 'file:///etc', 'https:/x', 'http://'].map(isWebLink)).toEqual([true, true, false, false, false, false, false, false]);
  });
});

describe('import: a forced reader (--format)', () => {
  it('reads a .tsv as CSV, a .text as plain text, a .txt as text even with a .ann beside it, and refuses brat without .ann', async () => {
    const store = await project();
    const dir = tempDir();
    const [tsv] = files(dir, { 'rows.tsv': 'title\ttext\nOne\tFirst tab separated text.\n' });
    const [plain, withAnn] = files(dir, { 'notes.text': 'A plain text in a file with another extension.', 'doc.txt': 'Hello world from a text.', 'doc.ann': 'T1\tQuote 0 5\tHello\n' });
    expect((await importPaths(store, [tsv!], { format: 'csv' })).imported.map((i) => i.title)).toEqual(['One']);
    const asText = await importPaths(store, [plain!, withAnn!], { format: 'text', clean: false });
    expect(asText.failed).toEqual([]);
    expect(asText.imported.map((i) => i.spans)).toEqual([0, 0]);
    const brat = await importPaths(store, [plain!], { format: 'brat' });
    expect(brat.failed).toEqual([{ name: plain, reason: 'a brat document needs its annotations beside it (notes.text.ann)' }]);
    // Without a format, the .tsv is not imported: its extension is not one Sourcemark reads.
    expect((await importPaths(store, [tsv!])).failed[0]?.reason).toMatch(/^Sourcemark imports \.txt/);
  });

  it('dataset and doccano refuse lines that are not theirs, naming the line; the Api takes the same names', async () => {
    const store = await project();
    const enc = (s: string) => new TextEncoder().encode(s);
    const rows = `${JSON.stringify({ text: 'Plain row one.' })}\n`;
    expect((await importFiles(store, [{ name: 'r.jsonl', bytes: enc(rows) }], { format: 'dataset' })).failed).toEqual([{ name: 'r.jsonl', line: 1, reason: `each line needs to be a Sourcemark dataset article ("type": "${DATASET_TYPE}")` }]);
    expect((await importFiles(store, [{ name: 'r.data', bytes: enc(JSON.stringify({ text: 'Doccano text.', label: [[0, 7, 'Quote']] }) + '\n') }], { format: 'doccano' })).imported.map((i) => i.spans)).toEqual([1]);
    const { apiParams } = await import('../../../app/api/contract.js');
    expect(apiParams.importFiles.safeParse({ files: [{ name: 'a.tsv', data: '' }], format: 'csv' }).success).toBe(true);
    expect(apiParams.importFiles.safeParse({ files: [{ name: 'a.tsv', data: '' }], format: 'conll' }).success).toBe(false);
  });
});
