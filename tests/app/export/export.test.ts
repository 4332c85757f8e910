import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { createArticle, emptyDoc, makeFragment, spanText, splitOf, type ArticleDoc, type Span } from '../../../annotations/index.js';
import { cleanStaleExports, exportProject, exportToProjectFolder } from '../../../app/export/export.js';
import { createApi } from '../../../app/api/handlers.js';
import { importPaths } from '../../../app/import/import.js';
import type { ProjectStore } from '../../../app/store/project-store.js';
import { GOLD_IDS, goldDir, readGold } from '../../helpers/gold.js';
import { bratMeaning } from '../../helpers/brat-compare.js';
import { cleanTemp, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

async function goldProject(): Promise<ProjectStore> {
  const { store } = await newProject();
  await importPaths(store, [goldDir]);
  return store;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('export: the gold fixture', () => {
  it('brat: the same spans (label, offsets, text), relations, attributes and source groupings as the gold files, with configs', async () => {
    const store = await goldProject();
    const out = path.join(tempDir(), 'brat');
    const r = await exportProject(store, { format: 'brat', out });
    expect(r.articles).toBe(2);
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.endsWith('.conf'))).toEqual(['annotation.conf', 'visual.conf']);
    for (const item of store.listArticles().items) {
      const doc = await store.getArticle(item.id);
      const gold = GOLD_IDS.find((g) => doc.article.provenance.origin.includes(g))!;
      // Each document is named after the file it came from (issue 13, item 3).
      expect(readFileSync(path.join(out, `${gold}.txt`), 'utf8')).toBe(readGold(gold).txt);
      expect(bratMeaning(readFileSync(path.join(out, `${gold}.ann`), 'utf8'))).toEqual(bratMeaning(readGold(gold).ann));
    }
    const conf = readFileSync(path.join(out, 'annotation.conf'), 'utf8');
    expect(conf).toContain('SaidBy\tArg1:Quote, Arg2:Speaker');
    expect(conf).toContain('QuoteType\tArg:Quote, Value:Direct|Indirect|Mixed');
    expect(conf).toContain('<OVERLAP>');
    expect(readFileSync(path.join(out, 'visual.conf'), 'utf8')).toContain('Speaker\tbgColor:#1f77b4');
  });

  it('csv: one row per quote (21), UTF-8 with BOM, speaker, source, cue and claims filled in', async () => {
    const store = await goldProject();
    const out = path.join(tempDir(), 'quotes.csv');
    await exportProject(store, { format: 'csv', out });
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const { parseCsv } = await import('../../../annotations/index.js');
    const { rows } = parseCsv(text);
    expect(rows).toHaveLength(21);
    const farFromOver = rows.find((r) => r.values.quote!.startsWith('“This is far from over'))!.values;
    expect(farFromOver).toMatchObject({ quote_type: 'Direct', speaker_mention: 'he', source: 'Yuri Sak', source_kind: 'person', cue: '', claims: 'there are still tens of thousands of Russians in the southern regions', offset_unit: 'codepoint' });
    // HUR's 7 mentions are credited with 8 quotes ("the defence intelligence agency" has two).
    expect(rows.filter((r) => r.values.source === 'Main Directorate of Intelligence of Ukraine (HUR)')).toHaveLength(8);
  });

  it('jsonl gives back the same project; doccano and Label Studio give back the same spans and links', async () => {
    const store = await goldProject();
    const dir = tempDir();
    for (const format of ['jsonl', 'doccano', 'label-studio'] as const) {
      const out = path.join(dir, `gold.${format}${format === 'label-studio' ? '.json' : '.jsonl'}`);
      await exportProject(store, { format, out });
      const { store: back } = await newProject();
      const s = await importPaths(back, [out]);
      expect(s.failed, format).toEqual([]);
      for (const item of store.listArticles().items) {
        const a = await store.getArticle(item.id);
        const id = format === 'jsonl' ? item.id : back.listArticles().items.find((x) => x.textHash === item.textHash)!.id;
        const b = await back.getArticle(id);
        const shape = (d: ArticleDoc) => d.spans.map((s) => `${s.label} ${s.fragments.map((f) => `${f.start}-${f.end}`).join(';')} ${spanText(s)}`).sort();
        expect(shape(b), format).toEqual(shape(a));
        expect(b.links.length, format).toBe(a.links.length);
        if (format === 'jsonl') {
          expect(b.spans).toEqual(a.spans);
          expect(b.links).toEqual(a.links);
          expect(b.article).toEqual({ ...a.article, provenance: { origin: a.article.provenance.origin, importedAt: a.article.provenance.importedAt } });
        }
      }
    }
    const ls = path.join(dir, 'gold.label-studio.label-config.xml');
    const config = readFileSync(ls, 'utf8');
    expect(config).toMatch(/<Labels name="label" toName="text">\s*<Label value="Speaker" background="#1f77b4" hotkey="1"\/>/);
    expect(config).toMatch(/<Relations>\s*<Relation value="SaidBy"\/>/);
    expect(config).toContain('<Text name="text" value="$text"');
  });

  it('conll: IOB2 per label column, so a claim inside a quote keeps both; sentence breaks; links said to be left out', async () => {
    const store = await goldProject();
    const out = path.join(tempDir(), 'gold.conll');
    const r = await exportProject(store, { format: 'conll', out });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('# sourcemark conll: columns = TOKEN START END SPEAKER QUOTE CLAIM CUE');
    expect(text).toMatch(/^Ukrainian\t\d+\t\d+\tO\tB-Quote\tB-Claim\tO$/m);
    expect(text).toMatch(/^units\t\d+\t\d+\tO\tI-Quote\tI-Claim\tO$/m);
    expect(text).toMatch(/\n\n# doc_id = /);
    expect(r.warnings).toContain('CoNLL has no links: links were left out (see the header comment).');
  });

  it('spacy: tokens, spans with inclusive token ends, relations with head and child; misaligned spans listed', async () => {
    const store = await goldProject();
    const out = path.join(tempDir(), 'gold.spacy.jsonl');
    const r = await exportProject(store, { format: 'spacy', out });
    const [first] = lines(out) as { text: string; tokens: { start: number; end: number }[]; spans: { start: number; end: number; token_start: number; token_end: number; label: string }[]; relations: { head: number; child: number; label: string }[]; meta: Record<string, unknown> }[];
    for (const s of first!.spans) {
      expect(first!.tokens[s.token_start]!.start).toBe(s.start);
      expect(first!.tokens[s.token_end]!.end).toBe(s.end);
    }
    expect(first!.relations.length).toBeGreaterThan(0);
    expect(first!.relations[0]).toMatchObject({ head: expect.any(Number), child: expect.any(Number), label: expect.stringMatching(/SaidBy|CueOf|ClaimedBy/) });
    const all = lines(out) as { meta: { widened?: string[] } }[];
    expect(all.flatMap((l) => l.meta.widened ?? [])).toEqual([]); // the corrected gold: every span on token boundaries
    expect(r.warnings.join()).not.toMatch(/do not fall on token boundaries/);
  });

  it('w3c: an Annotation per span with position and quote selectors (code points), and linking annotations', async () => {
    const store = await goldProject();
    const out = path.join(tempDir(), 'gold.jsonld');
    await exportProject(store, { format: 'w3c', out });
    const c = JSON.parse(readFileSync(out, 'utf8')) as { type: string; first: { items: { motivation: string; body: unknown; target: { selector: { type: string; start?: number; exact?: string }[] } | string[] }[] } };
    expect(c.type).toBe('AnnotationCollection');
    const spans = c.first.items.filter((i) => i.motivation === 'tagging');
    const links = c.first.items.filter((i) => i.motivation === 'linking');
    expect(spans).toHaveLength(70);
    expect(links).toHaveLength(51);
    const t = (spans[0]!.target as { selector: { type: string }[] }).selector.map((x) => x.type);
    expect(t).toEqual(['TextPositionSelector', 'TextQuoteSelector']);
  });

  it('claimreview: claims with a verdict, rated on the project’s scale, authored by the linked speaker’s source', async () => {
    const store = await goldProject();
    await store.updateProject({ settings: { publisherName: 'Desk', publisherUrl: 'https://desk.example/' } });
    const item = store.listArticles().items.find((a) => a.counts.Claim === 3)!;
    const doc = await store.getArticle(item.id);
    const claim = doc.spans.find((s) => spanText(s) === 'no military equipment was left behind')!;
    await store.apply({ op: 'updateSpan', articleId: item.id, spanId: claim.id, patch: { attributes: { Verdict: 'Mostly false' } } });
    await store.apply({ op: 'updateSource', sourceId: store.sources.find((s) => s.name === 'Ministry of Defence of Russia')!.id, patch: { kind: 'organization' } });
    const out = path.join(tempDir(), 'reviews.jsonld');
    await exportProject(store, { format: 'claimreview', out });
    const reviews = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
    expect(reviews).toEqual([{
      '@context': 'https://schema.org', '@type': 'ClaimReview', url: `https://desk.example/claims/${claim.id}`,
      claimReviewed: 'no military equipment was left behind', datePublished: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      author: { '@type': 'Organization', name: 'Desk', url: 'https://desk.example' },
      reviewRating: { '@type': 'Rating', ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Mostly false' },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Organization', name: 'Ministry of Defence of Russia' }, appearance: { '@type': 'CreativeWork', url: `urn:sourcemark:article:${item.id}`, headline: doc.article.title } },
    }]);
  });

  it('dataset: train/validation/test by article from a seed, and a dataset card with YAML front matter and tables', async () => {
    const { store } = await newProject();
    const dir = tempDir();
    mkdirSync(path.join(dir, 'in'));
    for (let i = 0; i < 30; i++) writeFileSync(path.join(dir, 'in', `${i}.txt`), `Article ${i} text: the spokesperson said number ${i} was right.`);
    await importPaths(store, [path.join(dir, 'in')]);
    const out = path.join(dir, 'ds');
    await exportProject(store, { format: 'dataset', out, split: { seed: 7, ratios: [0.6, 0.2, 0.2] } });
    expect(readdirSync(out).sort()).toEqual(['README.md', 'test.jsonl', 'train.jsonl', 'validation.jsonl']);
    const counts = Object.fromEntries(['train', 'validation', 'test'].map((s) => [s, lines(path.join(out, `${s}.jsonl`)).length]));
    expect(counts.train! + counts.validation! + counts.test!).toBe(30);
    for (const s of ['train', 'validation', 'test']) for (const l of lines(path.join(out, `${s}.jsonl`))) expect(splitOf(l.id as string, { seed: 7, ratios: [0.6, 0.2, 0.2] })).toBe(s);
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    const front = yaml.load(readme.split('---\n')[1]!) as { license: string; configs: unknown[]; dataset_info: { splits: { name: string; num_examples: number }[] } };
    expect(front.dataset_info.splits).toEqual([{ name: 'train', num_examples: counts.train }, { name: 'validation', num_examples: counts.validation }, { name: 'test', num_examples: counts.test }]);
    expect(front.license).toBe('other');
    expect(readme).toContain('## Labels');
    const again = path.join(dir, 'ds2');
    await exportProject(store, { format: 'dataset', out: again, split: { seed: 7, ratios: [0.6, 0.2, 0.2] } });
    expect(readFileSync(path.join(again, 'train.jsonl'), 'utf8')).toBe(readFileSync(path.join(out, 'train.jsonl'), 'utf8'));
  });
});

describe('export: filters, offsets and safety', () => {
  it('filters by status, article, label and annotator; writes the offset unit it used', async () => {
    const store = await goldProject();
    const [a, b] = store.listArticles().items;
    await store.apply({ op: 'setStatus', articleId: a!.id, status: 'done' });
    const dir = tempDir();
    const r1 = await exportProject(store, { format: 'jsonl', out: path.join(dir, '1.jsonl'), filter: { status: ['done'] } });
    expect(r1.articles).toBe(1);
    const r2 = await exportProject(store, { format: 'jsonl', out: path.join(dir, '2.jsonl'), filter: { articles: [b!.id], labels: ['Quote', 'Speaker'] }, unit: 'utf16' });
    const [line] = lines(path.join(dir, '2.jsonl')) as { offsets: string; spans: { label: string }[]; links: { type: string }[] }[];
    expect(r2.articles).toBe(1);
    expect(line!.offsets).toBe('utf16');
    expect(new Set(line!.spans.map((s) => s.label))).toEqual(new Set(['Quote', 'Speaker']));
    expect(new Set(line!.links.map((l) => l.type))).toEqual(new Set(['said-by']));
    const r3 = await exportProject(store, { format: 'jsonl', out: path.join(dir, '3.jsonl'), filter: { annotators: ['nobody'] } });
    expect(r3.spans).toBe(0);
    await expect(exportProject(store, { format: 'jsonl', out: path.join(dir, '4.jsonl'), filter: { articles: ['a-missing'] } })).rejects.toThrow(/Article a-missing does not exist/);
  });

  it('says what doccano and Label Studio simplify (discontinuous spans), in a warning and in the output', async () => {
    const { store } = await newProject();
    const text = '“First part,” she said, “second part.”';
    const doc = emptyDoc(createArticle({ id: 'a-1', title: 't', text, provenance: { origin: 't', importedAt: 'now' } }));
    const span: Span = { id: 's-1', label: 'Quote', fragments: [makeFragment(text, 0, 13), makeFragment(text, 24, 38)], attributes: {}, annotator: 'x', origin: 'manual', createdAt: 'n', updatedAt: 'n' };
    await store.addArticle({ ...doc, spans: [span] });
    const dir = tempDir();
    const d = await exportProject(store, { format: 'doccano', out: path.join(dir, 'd.jsonl') });
    expect(d.warnings.join()).toMatch(/doccano has no discontinuous spans/);
    const [line] = lines(path.join(dir, 'd.jsonl')) as { entities: unknown[]; sourcemark: { simplified: string[] } }[];
    expect(line!.entities).toHaveLength(2);
    expect(line!.sourcemark.simplified).toEqual(['s-1 (Quote) split into 2 entities']);
    const l = await exportProject(store, { format: 'label-studio', out: path.join(dir, 'l.json') });
    expect(l.warnings.join()).toMatch(/Label Studio has no discontinuous spans/);
  });

  it('leaves nothing at the output path when cancelled or when the folder is taken', async () => {
    const store = await goldProject();
    const dir = tempDir();
    const controller = new AbortController();
    const r = await exportProject(store, { format: 'jsonl', out: path.join(dir, 'x.jsonl'), signal: controller.signal, onProgress: (p) => p.done === 1 && controller.abort() });
    expect(r.cancelled).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken', 'mine.txt'), 'keep me');
    await expect(exportProject(store, { format: 'brat', out: path.join(dir, 'taken') })).rejects.toThrow(/already exists and is not an empty folder/);
    expect(readdirSync(path.join(dir, 'taken'))).toEqual(['mine.txt']);
    await expect(exportProject(store, { format: 'csv', out: path.join(dir, 'no', 'such', 'x.csv') })).rejects.toThrow(/The folder .* does not exist/);
    expect(existsSync(path.join(dir, 'x.jsonl'))).toBe(false);
  });

  it('leaves nothing behind when the disk fills up half way, and says which export failed', async () => {
    const store = await goldProject();
    const dir = tempDir();
    let writes = 0;
    const full = (file: string, content: string) => {
      if (++writes > 3) throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
      writeFileSync(file, content);
    };
    await expect(exportProject(store, { format: 'brat', out: path.join(dir, 'brat'), writeFileSync: full }))
      .rejects.toMatchObject({ code: 'write-failed', message: expect.stringMatching(/Could not write the brat export to .*brat: .*disk is full.*Nothing was left at that path/) });
    expect(writes).toBe(4);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('export (properties)', () => {
  const piece = fc.constantFrom('word', ' ', 'é', 'e\u0301', '😀', '“', '”', ', ', '中文', '\n\n');
  const project = fc.tuple(fc.array(piece, { minLength: 6, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { maxLength: 8 }));

  it('jsonl and brat round trips keep every span (emoji, accents, nested, discontinuous) and link', async () => {
    await fc.assert(fc.asyncProperty(project, async ([pieces, raw]) => {
      const text = pieces.join('').normalize('NFC');
      const article = createArticle({ id: 'a-1', title: 't', text, provenance: { origin: 't', importedAt: 'now' } });
      const t = article.text;
      const bounds = [...Array(t.length + 1).keys()].filter((i) => !(t.charCodeAt(i) >= 0xdc00 && t.charCodeAt(i) <= 0xdfff));
      const spans: Span[] = [];
      raw.forEach(([a, b, c, two], i) => {
        const s = bounds[a % bounds.length]!;
        const e = bounds[Math.min(bounds.length - 1, bounds.indexOf(s) + 1 + (b % 6))]!;
        if (e <= s) return;
        const frags = [makeFragment(t, s, e)];
        const k = bounds.indexOf(e);
        if (two && k + 2 < bounds.length) frags.push(makeFragment(t, bounds[k + 1]!, bounds[k + 2]!));
        spans.push({ id: `s-${i}`, label: ['Speaker', 'Quote', 'Claim', 'Cue'][c % 4]!, fragments: frags, attributes: {}, annotator: 'p', origin: 'manual', createdAt: 'n', updatedAt: 'n' });
      });
      const quote = spans.find((s) => s.label === 'Quote');
      const speaker = spans.find((s) => s.label === 'Speaker');
      const links = quote && speaker ? [{ id: 'l-1', type: 'said-by', from: quote.id, to: speaker.id }] : [];
      const { store } = await newProject();
      await store.addArticle({ ...emptyDoc(article), spans, links });
      const dir = tempDir();
      const shape = (d: ArticleDoc) => d.spans.map((s) => `${s.label}|${s.fragments.map((f) => `${f.start}-${f.end}:${f.text}`).join(';')}`).sort();
      for (const format of ['jsonl', 'brat'] as const) {
        const out = path.join(dir, format === 'brat' ? 'b' : 'x.jsonl');
        await exportProject(store, { format, out });
        const { store: back } = await newProject();
        const s = await importPaths(back, [out]);
        expect(s.failed, format).toEqual([]);
        const got = await back.getArticle(back.listArticles().items[0]!.id);
        expect(shape(got), format).toEqual(shape({ ...emptyDoc(article), spans }));
        expect(got.links.length, format).toBe(links.length);
        await back.close();
      }
      await store.close();
      await cleanTemp();
    }), { numRuns: 15 });
  }, 60_000);
});

describe('export through the Api: progress and cancelling', () => {
  it('reports articles done of total while it runs, and a cancel leaves nothing in exports/', async () => {
    const { createApi } = await import('../../../app/api/handlers.js');
    const { ProjectStore } = await import('../../../app/store/project-store.js');
    const fsp = await import('node:fs/promises');
    // Reading each article takes a few milliseconds, so the export runs long enough to watch.
    const slow = { ...fsp, readFile: (async (...a: Parameters<typeof fsp.readFile>) => {
      await new Promise((r) => setTimeout(r, 6));
      return fsp.readFile(...a);
    }) as typeof fsp.readFile };
    const { dir, store } = await newProject();
    for (let i = 0; i < 40; i++) await store.addArticle(emptyDoc(createArticle({ id: `a-${i}`, title: `Article ${i}`, text: `Text number ${i}, with words.`, provenance: { origin: 'test', importedAt: '2026-01-01T00:00:00Z' } })));
    await store.close();
    const reopened = await ProjectStore.open(dir, { fs: slow as never });
    const api = createApi(reopened, 'browser');

    const running = api.exportProject({ format: 'jsonl', job: 'first' });
    await expect(api.exportProject({ format: 'jsonl', job: 'first' })).rejects.toThrow(/An export named "first" is already running/);
    let seen: { done: number; total: number } | null = null;
    for (let i = 0; i < 500 && !(seen && seen.done > 0); i++) {
      seen = await api.exportProgress({ job: 'first' });
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(seen!.total).toBe(40);
    expect(seen!.done).toBeGreaterThan(0);
    expect(seen!.done).toBeLessThan(40);
    expect(await api.cancelExport({ job: 'first' })).toEqual({ cancelled: true });
    const r = await running;
    expect(r).toMatchObject({ cancelled: true, files: [] });
    expect(readdirSync(path.join(dir, 'exports'))).toEqual([]);
    expect(await api.exportProgress({ job: 'first' })).toBeNull();
    expect(await api.cancelExport({ job: 'first' })).toEqual({ cancelled: false });

    const full = await api.exportProject({ format: 'jsonl', job: 'second' });
    expect(full).toMatchObject({ cancelled: false, articles: 40 });
    expect(lines(full.files[0]!)).toHaveLength(40);
    await reopened.close();
  });
});

describe('export names and left-over temporary files (issue 14, item 6)', () => {
  it('gives exports started in the same second names of their own, and refuses a second writer of one path', async () => {
    const store = await goldProject();
    const now = new Date('2026-12-01T10:00:00.500Z');
    const results = await Promise.all(Array.from({ length: 5 }, () => exportToProjectFolder(store, { format: 'jsonl', now })));
    expect(results.map((r) => path.basename(r.out)).sort()).toEqual([
      'jsonl-2026-12-01T10-00-00.jsonl', 'jsonl-2026-12-01T10-00-00-2.jsonl', 'jsonl-2026-12-01T10-00-00-3.jsonl',
      'jsonl-2026-12-01T10-00-00-4.jsonl', 'jsonl-2026-12-01T10-00-00-5.jsonl',
    ].sort());
    for (const r of results) expect(lines(r.out)).toHaveLength(2);
    // A name taken on disk is skipped too.
    expect(path.basename((await exportToProjectFolder(store, { format: 'jsonl', now })).out)).toBe('jsonl-2026-12-01T10-00-00-6.jsonl');
    // Two writers of one path at once (the command line's --out): the second is refused.
    const out = path.join(tempDir(), 'same.jsonl');
    const both = await Promise.allSettled([exportProject(store, { format: 'jsonl', out }), exportProject(store, { format: 'jsonl', out })]);
    expect(both[0].status).toBe('fulfilled');
    expect(both[1]).toMatchObject({ status: 'rejected', reason: { code: 'exists', message: expect.stringMatching(/Another export is writing .*same\.jsonl right now/) } });
    await store.close();
  });

  it('removes temporary exports of processes that are gone, keeps those of running ones', async () => {
    const dir = tempDir();
    const { spawnSync } = await import('node:child_process');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout; // exited
    const alive = process.ppid;
    mkdirSync(path.join(dir, `.brat-2026-12-01T10-00-00.${gone}.abc123.tmp`));
    writeFileSync(path.join(dir, `.brat-2026-12-01T10-00-00.${gone}.abc123.tmp`, 'a.ann'), 'T1\tQuote 0 1\tx\n');
    writeFileSync(path.join(dir, `.jsonl-2026-12-01T10-00-00.jsonl.${gone}.zz9.tmp`), '{}');
    writeFileSync(path.join(dir, `.jsonl-2026-12-01T10-00-00.jsonl.${alive}.zz9.tmp`), '{}');
    writeFileSync(path.join(dir, `.jsonl-2026-12-01T10-00-00.jsonl.${process.pid}.zz9.tmp`), '{}'); // this process, no export running
    writeFileSync(path.join(dir, 'jsonl-2026-12-01T10-00-00.jsonl'), '{}');
    writeFileSync(path.join(dir, '.notes.tmp'), 'not an export');
    expect(cleanStaleExports(dir).sort()).toEqual([
      `.brat-2026-12-01T10-00-00.${gone}.abc123.tmp`, `.jsonl-2026-12-01T10-00-00.jsonl.${gone}.zz9.tmp`, `.jsonl-2026-12-01T10-00-00.jsonl.${process.pid}.zz9.tmp`,
    ].sort());
    expect(readdirSync(dir).sort()).toEqual(['.jsonl-2026-12-01T10-00-00.jsonl.' + alive + '.zz9.tmp', '.notes.tmp', 'jsonl-2026-12-01T10-00-00.jsonl'].sort());
    expect(cleanStaleExports(path.join(dir, 'missing'))).toEqual([]);
  });

  it('createApi cleans exports/ of the project it opens, and keeps an export that runs meanwhile', async () => {
    const store = await goldProject();
    const exports = path.join(store.dir, 'exports');
    mkdirSync(exports);
    writeFileSync(path.join(exports, '.jsonl-2026-12-01T10-00-00.jsonl.999999999.a1.tmp'), 'half an export');
    createApi(store, 'browser');
    expect(readdirSync(exports)).toEqual([]);
    // A second shell opens the same store while an export of this process is half way.
    let during: string[] = [];
    const r = await exportToProjectFolder(store, {
      format: 'brat',
      onProgress: (p) => {
        if (p.done !== 1) return;
        createApi(store, 'browser');
        during = readdirSync(exports);
      },
    });
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.brat-.*\.tmp$/);
    expect(r.cancelled).toBe(false);
    expect(readdirSync(r.out).filter((n) => n.endsWith('.ann'))).toHaveLength(2);
    await store.close();
  });
});
