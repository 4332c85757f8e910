import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { annotationsToBrat, spanText, toDatasetLine } from '../../../annotations/index.js';
import { importFiles, importPaths, describeSummary } from '../../../app/import/import.js';
import type { ProjectStore } from '../../../app/store/project-store.js';
import { GOLD_COUNTS, goldDir, readGold } from '../../helpers/gold.js';
import { bratMeaning } from '../../helpers/brat-compare.js';
import { allDocs, cleanTemp, files, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

async function project(): Promise<ProjectStore> {
  return (await newProject()).store;
}


const all = allDocs;

describe('import: articles', () => {
  it('takes the first line of a text file as its title when it looks like one, and paragraphs from line breaks', async () => {
    const store = await project();
    const [p] = files(tempDir(), { 'story.txt': 'Council approves budget\n\nThe council said on Monday it had approved the budget.\nCritics said it was too small.\n' });
    const s = await importPaths(store, [p!]);
    expect(s.imported).toHaveLength(1);
    const [doc] = await all(store);
    expect(doc!.article.title).toBe('Council approves budget');
    expect(doc!.article.text).toBe('The council said on Monday it had approved the budget.\nCritics said it was too small.');
    expect(doc!.article.paragraphs).toHaveLength(2);
    expect(doc!.article.provenance).toMatchObject({ origin: p, raw: expect.stringContaining('Council approves budget') });
  });

  it('cleans the second seed article: the text starts with its first sentence, the date becomes the published date', async () => {
    const store = await project();
    const seed = path.join(tempDir(), '002.txt');
    writeFileSync(seed, readGold('002_6f0280c28b7f439d').txt);
    await importPaths(store, [seed]);
    const [doc] = await all(store);
    expect(doc!.article.text.startsWith('Ukrainian soldiers have entered')).toBe(true);
    expect(doc!.article.metadata.published).toBe('2022-11-11');
    expect(doc!.article.provenance.raw).toContain('sign up to our breaking news emails');
    expect(doc!.article.provenance.removed?.[0]).toMatch(/^newsletter: /);
  });

  it('decodes UTF-8 with and without BOM, UTF-16 with and without BOM, and Windows-1252', async () => {
    const store = await project();
    const body = 'Café owner said the “new” rules — all of them — were unfair.';
    const utf16le = Buffer.from('\ufeff' + 'A' + body, 'utf16le');
    const noBom16 = Buffer.from('B' + body, 'utf16le');
    const cp1252 = Buffer.from([...Buffer.from('C', 'latin1'), ...Buffer.from('Caf', 'latin1'), 0xe9, ...Buffer.from(' owner said the ', 'latin1'), 0x93, ...Buffer.from('new', 'latin1'), 0x94, ...Buffer.from(' rules ', 'latin1'), 0x97, ...Buffer.from(' all of them ', 'latin1'), 0x97, ...Buffer.from(' were unfair.', 'latin1')]);
    const dir = tempDir();
    const paths = files(dir, { 'a.txt': utf16le, 'b.txt': noBom16, 'c.txt': cp1252, 'd.txt': Buffer.from('\ufeffD' + body, 'utf8'), 'e.txt': 'E' + body });
    const s = await importPaths(store, paths, { clean: false });
    expect(s.failed).toEqual([]);
    const texts = (await all(store)).map((d) => d.article.text).sort();
    expect(texts).toEqual(['A', 'B', 'C', 'D', 'E'].map((x) => x + body));
  });

  it('extracts a web page with JSON-LD: body, headline, byline, outlet, date, canonical URL, language; scripts never run', async () => {
    const store = await project();
    const para = (n: number) => `<p>The minister said the reform would cut waiting times, paragraph ${n}, according to figures seen by reporters and confirmed by officials.</p>`;
    const html = `<!doctype html><html lang="en-GB"><head><title>Site | Reform</title>
      <script>globalThis.__pwned = true;</script>
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"Reform will cut waiting times, minister says","author":[{"@type":"Person","name":"Jane Roe"}],"publisher":{"@type":"Organization","name":"The Daily Example"},"datePublished":"2024-03-05T08:00:00Z","mainEntityOfPage":"https://example.org/reform","inLanguage":"en-GB"}]}</script>
      </head><body><nav>Home | World | Sport</nav><article><h1>Reform will cut waiting times, minister says</h1>${[1, 2, 3, 4, 5].map(para).join('')}
      <p onclick="globalThis.__pwned = true">Share this article</p><a href="javascript:alert(1)">Read more</a></article><footer>© Example</footer></body></html>`;
    const [p] = files(tempDir(), { 'reform.html': html });
    const s = await importPaths(store, [p!]);
    expect(s.failed).toEqual([]);
    const [doc] = await all(store);
    expect((globalThis as { __pwned?: boolean }).__pwned).toBeUndefined();
    expect(doc!.article.title).toBe('Reform will cut waiting times, minister says');
    expect(doc!.article.metadata).toEqual({ outlet: 'The Daily Example', byline: 'Jane Roe', published: '2024-03-05', url: 'https://example.org/reform', language: 'en-GB' });
    expect(doc!.article.paragraphs).toHaveLength(5);
    expect(doc!.article.text).not.toMatch(/Home \| World|Share this article|Read more|globalThis/);
  });

  it('reads Open Graph and article: meta tags when there is no JSON-LD', async () => {
    const store = await project();
    const html = `<html><head><meta property="og:title" content="Floods close roads"><meta property="og:site_name" content="Local News">
      <meta property="article:published_time" content="2023-01-02T10:00:00+01:00"><meta name="author" content="By Sam Lee"><link rel="canonical" href="/floods"></head>
      <body><div><p>${'Heavy rain closed several roads overnight, police said on Monday morning. '.repeat(6)}</p><p>${'Residents were told to stay at home, the council said in a statement. '.repeat(6)}</p></div></body></html>`;
    const [p] = files(tempDir(), { 'floods.htm': html });
    await importPaths(store, [p!]);
    const [doc] = await all(store);
    expect(doc!.article.title).toBe('Floods close roads');
    expect(doc!.article.metadata).toMatchObject({ outlet: 'Local News', byline: 'Sam Lee', published: '2023-01-02' });
  });

  it('loads JSON Lines and CSV with one article per row, with their columns', async () => {
    const store = await project();
    const dir = tempDir();
    const [jsonl, csv] = files(dir, {
      'bulk.jsonl': [
        JSON.stringify({ id: 7, title: 'One', text: 'First article text, said the mayor.', url: 'https://e.org/1', outlet: 'E', published: '2024-01-01' }),
        '',
        JSON.stringify({ text: 'Second article text.' }),
      ].join('\n'),
      'bulk.csv': 'title,text,outlet,published,id\n"Three, quoted","Third text, ""quoted"",\nwith a line break.",Paper,2024-02-02,x1\nFour,Fourth text.,,,\n',
    });
    const s = await importPaths(store, [jsonl!, csv!]);
    expect(s.failed).toEqual([]);
    const docs = await all(store);
    const byTitle = Object.fromEntries(docs.map((d) => [d.article.title, d.article]));
    expect(byTitle.One).toMatchObject({ text: 'First article text, said the mayor.', metadata: { url: 'https://e.org/1', outlet: 'E', published: '2024-01-01' } });
    expect(byTitle.One!.provenance.origin).toBe(`${jsonl}:1 (id 7)`);
    expect(byTitle['Three, quoted']).toMatchObject({ text: 'Third text, "quoted",\nwith a line break.', metadata: { outlet: 'Paper', published: '2024-02-02' } });
    expect(docs).toHaveLength(4);
  });

  it('reports duplicates (same text) and skips them', async () => {
    const store = await project();
    const dir = tempDir();
    const paths = files(dir, { 'a.txt': 'Same text here, said the mayor.', 'b.txt': 'Same text here, said the mayor.' });
    const s = await importPaths(store, paths);
    expect(s.imported).toHaveLength(1);
    expect(s.duplicates).toEqual([{ name: paths[1], title: 'Same text here, said the mayor', existing: 'Same text here, said the mayor' }]);
    const again = await importPaths(store, [paths[0]!]);
    expect(again.duplicates[0]!.existing).toBe('Same text here, said the mayor');
    expect(store.listArticles().total).toBe(1);
  });
});

describe('import: annotations from other tools', () => {
  it('imports the gold folder exactly: every span, relation, attribute and source of its README', async () => {
    const store = await project();
    const s = await importPaths(store, [goldDir]);
    expect(s.failed).toEqual([]);
    expect(s.warnings).toEqual([]); // the corrected gold: every span on word boundaries
    expect(s.imported).toHaveLength(2);
    for (const item of s.imported) {
      const doc = await store.getArticle(item.id);
      const id = path.basename(item.name, '.txt');
      const count = (l: string) => doc.spans.filter((x) => x.label === l).length;
      expect({ Quote: count('Quote'), Speaker: count('Speaker'), Cue: count('Cue'), Claim: count('Claim'), relations: doc.links.length }).toEqual(GOLD_COUNTS[id]);
      const sources = Object.fromEntries(store.sources.map((x) => [x.id, x]));
      expect(bratMeaning(annotationsToBrat(doc.article.text, doc.spans, doc.links, { schema: store.schema, sources }))).toEqual(bratMeaning(readGold(id).ann));
    }
    expect(store.sources).toHaveLength(8);
  });

  it('lands brat offsets on the right characters in CRLF text with emoji', async () => {
    const store = await project();
    const raw = 'Héllo 😀 world\r\n“We won,” she said 🎉.\r\n';
    const cp = (s: string) => {
      const i = raw.indexOf(s);
      const start = [...raw.slice(0, i)].length;
      return `${start} ${start + [...s].length}`;
    };
    const dir = tempDir();
    files(dir, { 'doc.txt': raw, 'doc.ann': `T1\tQuote ${cp('“We won,”')}\t“We won,”\nT2\tSpeaker ${cp('she')}\tshe\nR1\tSaidBy Arg1:T1 Arg2:T2\n` });
    const s = await importPaths(store, [dir]);
    expect(s.failed).toEqual([]);
    const doc = await store.getArticle(s.imported[0]!.id);
    expect(doc.article.text).toBe(raw); // annotated texts keep every character, exactly as given (CRLF too)
    expect(doc.spans.map(spanText)).toEqual(['“We won,”', 'she']);
    expect(doc.links).toMatchObject([{ type: 'said-by' }]);
  });

  it('maps labels, turns events into links, and adds unknown labels to the schema', async () => {
    const store = await project();
    const dir = tempDir();
    files(dir, { 'e.txt': 'Officials said the city fell.', 'e.ann': 'T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 28\tthe city fell\nT4\tPlace 19 23\tcity\nE1\tCue:T2 Source:T1 Content:T3\n' });
    const s = await importPaths(store, [dir], { labelMap: { Source: 'Speaker', Content: 'Quote' } });
    expect(s.failed).toEqual([]);
    const doc = await store.getArticle(s.imported[0]!.id);
    expect(doc.spans.map((x) => x.label).sort()).toEqual(['Cue', 'Place', 'Quote', 'Speaker']);
    expect(doc.links.map((l) => l.type).sort()).toEqual(['cue-of', 'said-by']);
    expect(store.schema.labels.map((l) => l.name)).toContain('Place');
    expect(s.warnings.join()).toMatch(/Label "Place" was not in the schema and has been added/);
  });

  it('imports doccano JSONL, new and old forms, counting code points', async () => {
    const store = await project();
    const text = '😀 Mayor said taxes will rise.';
    const [p] = files(tempDir(), {
      'doccano.jsonl': [
        JSON.stringify({ text, entities: [{ id: 1, label: 'Speaker', start_offset: 2, end_offset: 7 }, { id: 2, label: 'Quote', start_offset: 13, end_offset: 29 }], relations: [{ id: 1, from_id: 2, to_id: 1, type: 'SaidBy' }] }),
        JSON.stringify({ text: 'Old form: the minister insisted.', label: [[14, 22, 'Speaker'], [23, 31, 'Cue']] }),
      ].join('\n'),
    });
    const s = await importPaths(store, [p!]);
    expect(s.failed).toEqual([]);
    const docs = await all(store);
    const first = docs.find((d) => d.article.text === text)!;
    expect(first.spans.map(spanText)).toEqual(['Mayor', 'taxes will rise.']);
    expect(first.links).toMatchObject([{ type: 'said-by' }]);
    expect(docs.find((d) => d.article.text.startsWith('Old'))!.spans.map(spanText)).toEqual(['minister', 'insisted']);
  });

  it('imports a Label Studio export (labels and relations), whichever unit its offsets count', async () => {
    const store = await project();
    const text = 'Ana 🎉 said: “It works.”';
    const u16 = (s: string) => [text.indexOf(s), text.indexOf(s) + s.length];
    const [qs, qe] = u16('“It works.”');
    const [ss, se] = u16('Ana');
    const task = { id: 1, data: { text }, annotations: [{ result: [
      { id: 'q', type: 'labels', from_name: 'label', to_name: 'text', value: { start: qs, end: qe, text: '“It works.”', labels: ['Quote'] } },
      { id: 's', type: 'labels', from_name: 'label', to_name: 'text', value: { start: ss, end: se, text: 'Ana', labels: ['Speaker'] } },
      { type: 'relation', from_id: 'q', to_id: 's', direction: 'right', labels: ['SaidBy'] },
    ] }] };
    const [p] = files(tempDir(), { 'ls.json': JSON.stringify([task]) });
    const s = await importPaths(store, [p!]);
    expect(s.failed).toEqual([]);
    const [doc] = await all(store);
    expect(doc!.spans.map(spanText).sort()).toEqual(['Ana', '“It works.”']);
    expect(doc!.links).toMatchObject([{ type: 'said-by' }]);
  });

  it('gives back the same project from Sourcemark’s own dataset export', async () => {
    const from = await project();
    await importPaths(from, [goldDir]);
    const sources = Object.fromEntries(from.sources.map((x) => [x.id, x]));
    const docs = await all(from);
    const [p] = files(tempDir(), { 'dataset.jsonl': docs.map((d) => JSON.stringify(toDatasetLine(d, sources))).join('\n') + '\n' });
    const to = await project();
    const s = await importPaths(to, [p!]);
    expect(s.failed).toEqual([]);
    for (const d of docs) {
      const back = await to.getArticle(d.article.id);
      expect(back.spans).toEqual(d.spans);
      expect(back.links).toEqual(d.links);
      expect(back.article.text).toBe(d.article.text);
    }
    expect(to.sources).toEqual(from.sources);
  });
});

describe('import: bad input', () => {
  it('reports each bad file with its path, line and reason, imports nothing of it, and goes on with the batch', async () => {
    const store = await project();
    const dir = tempDir();
    const big = Buffer.alloc(2048, 'a');
    const paths = files(dir, {
      'good.txt': 'A good article, the spokesperson said.',
      'binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
      'big.txt': big,
      'broken.jsonl': '{"text": "one"}\n{"text": "two"}\n{"text": broken}\n',
      'outside.txt': 'Short text.', 'outside.ann': 'T1\tSpeaker 0 5\tShort\nT2\tQuote 6 99\ttext.\n',
      'mismatch.txt': 'Short text.', 'mismatch.ann': 'T1\tSpeaker 0 5\tLong\n',
      'missing.txt': 'Short text two.', 'missing.ann': 'T1\tSpeaker 0 5\tShort\nR1\tSaidBy Arg1:T1 Arg2:T7\n',
      'bad.csv': 'title,body\nx,y\n',
      'ls.json': '[{"data": {"text": "x"}, "annotations": [}]',
      'notes.pdf': '%PDF-1.4',
    }).filter((p) => !p.endsWith('.ann'));
    const before = readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]);
    const s = await importPaths(store, paths, { maxBytes: 1024 });
    const failed = Object.fromEntries(s.failed.map((f) => [path.basename(f.name), f.line === undefined ? f.reason : `line ${f.line}: ${f.reason}`]));
    expect(failed).toEqual({
      'binary.txt': 'it is not a text file (it contains binary data)',
      'big.txt': 'the file is 0 MB; the limit is 0 MB',
      'broken.jsonl': expect.stringMatching(/^line 3: malformed JSON/),
      'outside.txt': expect.stringMatching(/outside\.ann: line 2: span T2 \(6–99\) ends after the text \(11 characters\)/),
      'mismatch.txt': `${path.join(dir, 'mismatch.ann')}: line 1: span T1 says "Long" but the text at 0–5 is "Short"`,
      'missing.txt': `${path.join(dir, 'missing.ann')}: line 2: T7 does not name a span in this document`,
      'bad.csv': 'line 1: the header has no "text" column (it has title, body)',
      'ls.json': expect.stringMatching(/^(line 1: )?malformed JSON/),
      'notes.pdf': 'Sourcemark imports .txt (with .ann), .html, .htm, .jsonl, .json and .csv files',
    });
    expect(s.imported.map((i) => path.basename(i.name))).toEqual(['good.txt']);
    expect(store.listArticles().total).toBe(1); // nothing of broken.jsonl's good lines
    expect(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))])).toEqual(before);
    expect(describeSummary(s)[0]).toBe('Imported 1 article (0 annotations), skipped 0 duplicates, 9 failed.');
  });

  it('stops between files when cancelled, leaving no half article', async () => {
    const store = await project();
    const dir = tempDir();
    const paths = files(dir, { '1.txt': 'First text.', '2.txt': 'Second text.', '3.txt': 'Third text.' });
    const controller = new AbortController();
    const s = await importPaths(store, paths, { signal: controller.signal, onProgress: (p) => p.done === 1 && controller.abort() });
    expect(s.cancelled).toBe(true);
    expect(s.imported).toHaveLength(1);
    expect(store.listArticles().total).toBe(1);
  });

  it('imports in-memory files (the Api), pairing a .txt with its .ann', async () => {
    const store = await project();
    const s = await importFiles(store, [
      { name: 'x.txt', bytes: Buffer.from('Ana said so.') },
      { name: 'x.ann', bytes: Buffer.from('T1\tSpeaker 0 3\tAna\n') },
      { name: 'lonely.ann', bytes: Buffer.from('T1\tSpeaker 0 3\tAna\n') },
    ]);
    expect(s.imported).toMatchObject([{ name: 'x.txt', spans: 1 }]);
    expect(s.failed).toEqual([{ name: 'lonely.ann', reason: 'a brat .ann file needs its .txt imported with it' }]);
  });
});

describe('import: URLs', () => {
  let server: Server;
  let base = '';
  const page = (title: string) => `<html><head><meta property="og:title" content="${title}"></head><body><article>${`<p>${title}: ${'the agency said the numbers had doubled since last year, officials confirmed. '.repeat(4)}</p>`.repeat(3)}</article></body></html>`;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/story') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(page('A story'));
      if (req.url === '/moved') return res.writeHead(301, { Location: '/story2' }).end();
      if (req.url === '/story2') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(page('Moved story'));
      if (req.url === '/slow') return void setTimeout(() => res.end(page('late')), 2000);
      if (req.url === '/huge') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      res.writeHead(404).end('not here');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  }));

  it('fetches pages, follows redirects, and gives a clear error per URL for 404, timeouts and huge bodies', async () => {
    const store = await project();
    const s = await importPaths(store, [`${base}/story`, `${base}/moved`, `${base}/missing`, `${base}/slow`, `${base}/huge`], { timeoutMs: 500, maxBytes: 1024 * 1024 });
    expect(s.imported.map((i) => i.title).sort()).toEqual(['A story', 'Moved story']);
    const failed = Object.fromEntries(s.failed.map((f) => [f.name.replace(base, ''), f.reason]));
    expect(failed).toEqual({
      '/missing': 'the server answered 404 Not Found',
      '/slow': 'no answer within 0.5 s',
      '/huge': expect.stringMatching(/larger than the limit of 1 MB|no complete answer within 0.5 s/),
    });
    const story = (await all(store)).find((d) => d.article.title === 'A story')!;
    expect(story.article.metadata.url).toBe(`${base}/story`);
  });
});
