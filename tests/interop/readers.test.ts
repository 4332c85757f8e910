/**
 * Every export format read by the readers its users use: spaCy, Hugging Face `datasets`,
 * Python's csv and json, brat's standoff rules and a strict IOB2 reader, run in the Python
 * environment that `.ci/run` makes (see `python.ts`). The fixture (`fixture.ts`) carries emoji,
 * combining accents, curly quotes, Chinese, nested and discontinuous spans and quotes that cross
 * a sentence break. Each check is a small script in `checks/` that exits 1 with the problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONLL_SENTENCE_RULE, NO_PUBLISHER_URL, splitOf, type ArticleDoc, type ExportFormat, type SplitOptions } from '../../annotations/index.js';
import { exportProject, type ExportResult } from '../../app/export/export.js';
import { importPaths } from '../../app/import/import.js';
import type { ProjectStore } from '../../app/store/project-store.js';
import { goldDir } from '../helpers/gold.js';
import { cleanTemp, newProject, tempDir } from '../helpers/project.js';
import { expectations, fillProject, fixtureSplit } from './fixture.js';
import { interopPython, needPython, runCheck } from './python.js';

const found = interopPython();
if ('missing' in found && process.env.CI !== 'true' && process.env.CI !== '1') console.warn(`tests/interop: skipped, ${found.missing}`);
let dir = '';
let store: ProjectStore;
let docs: ArticleDoc[];
let split: SplitOptions;
let expectFile = '';
const out: Partial<Record<ExportFormat | 'claimreview-url' | 'dataset-train-only', ExportResult>> = {};

beforeAll(async () => {
  dir = tempDir('sourcemark-interop-');
  ({ store } = await newProject());
  docs = await fillProject(store);
  split = fixtureSplit();
  expectFile = path.join(dir, 'expect.json');
  writeFileSync(expectFile, JSON.stringify(expectations(docs)));
  const name: Record<ExportFormat, string> = {
    jsonl: 'all.jsonl', brat: 'brat', doccano: 'doccano.jsonl', 'label-studio': 'tasks.json', conll: 'all.conll', spacy: 'spacy.jsonl',
    csv: 'quotes.csv', w3c: 'annotations.jsonld', claimreview: 'reviews.jsonld', dataset: 'dataset',
  };
  for (const format of ['brat', 'conll', 'spacy', 'csv', 'w3c', 'claimreview', 'dataset'] as const) {
    out[format] = await exportProject(store, { format, out: path.join(dir, name[format]), split });
  }
  out['dataset-train-only'] = await exportProject(store, { format: 'dataset', out: path.join(dir, 'train-only'), split: { seed: 1, ratios: [1, 0, 0] } });
  await store.updateProject({ settings: { publisherName: 'Desk', publisherUrl: 'https://desk.example/' } });
  mkdirSync(path.join(dir, 'with-url'));
  out['claimreview-url'] = await exportProject(store, { format: 'claimreview', out: path.join(dir, 'with-url', 'reviews.jsonld') });
  mkdirSync(path.join(dir, 'hf'));
}, 60_000);

afterAll(async () => {
  await store?.close();
  await cleanTemp();
});

/** Runs one check and returns its summary; a failing check fails the test with the reader's message. */
function check(python: string, script: string, ...args: string[]): Record<string, unknown> {
  const r = runCheck(python, script, args, path.join(dir, 'hf'));
  expect(r.stderr && r.status !== 0 ? r.stderr : '', `${script} exited with ${r.status}`).toBe('');
  expect(r.status).toBe(0);
  return r.summary;
}

const fragments = () => docs.reduce((n, d) => n + d.spans.reduce((k, s) => k + s.fragments.length, 0), 0);

describe('exports read by the real readers (Python)', () => {
  it('spaCy: Doc(words, spaces) rebuilds every text, whitespace tokens as spaCy makes them, every span maps with doc.char_span', (ctx) => {
    const python = needPython(ctx, found);
    const s = check(python, 'check_spacy.py', out.spacy!.out, expectFile);
    expect(s).toMatchObject({ docs: docs.length, spans: fragments() });
  });

  it('Hugging Face: load_dataset(folder) loads every split with its size and exactly the card’s features, rows as written', (ctx) => {
    const python = needPython(ctx, found);
    const sizes = { train: 0, validation: 0, test: 0 };
    for (const d of docs) sizes[splitOf(d.article.id, split)]++;
    expect(Object.values(sizes).every((n) => n > 0)).toBe(true);
    const s = check(python, 'check_dataset.py', out.dataset!.out, expectFile, String(sizes.train), String(sizes.validation), String(sizes.test));
    expect(s.splits).toEqual(sizes);
    // A split no article fell in: its file is there, empty, and the card does not declare it.
    const only = check(python, 'check_dataset.py', out['dataset-train-only']!.out, expectFile, String(docs.length), '0', '0');
    expect(only.splits).toEqual({ train: docs.length });
  });

  it('brat: every span is the text at its code point offsets; relations, events, attributes and notes point at real annotations', (ctx) => {
    const python = needPython(ctx, found);
    const s = check(python, 'check_brat.py', out.brat!.out, expectFile);
    expect(s).toMatchObject({ docs: docs.length, spans: docs.reduce((n, d) => n + d.spans.length, 0), events: 1, notes: 1 });
  });

  it('CoNLL: strict IOB2 holds (no I- after a sentence break), tokens are the text at their offsets, entities are the spans', (ctx) => {
    const python = needPython(ctx, found);
    const s = check(python, 'check_conll.py', out.conll!.out, expectFile, CONLL_SENTENCE_RULE);
    expect(s).toMatchObject({ docs: docs.length, entities: fragments() });
  });

  it('CSV: Python’s csv reads every record whole, with offsets that cut each quote, speaker and cue out of the text', (ctx) => {
    const python = needPython(ctx, found);
    const s = check(python, 'check_csv.py', out.csv!.out, expectFile);
    expect(s.quotes).toBe(docs.reduce((n, d) => n + d.spans.filter((x) => x.label === 'Quote').length, 0));
    expect(s.rows).toBeGreaterThanOrEqual(s.quotes as number);
  });

  it('W3C: an AnnotationCollection whose position and quote selectors agree with the text (code points)', (ctx) => {
    const python = needPython(ctx, found);
    const s = check(python, 'check_w3c.py', out.w3c!.out, expectFile);
    expect(s).toMatchObject({ spans: docs.reduce((n, d) => n + d.spans.length, 0), articles: docs.filter((d) => d.spans.length).length });
  });

  it('ClaimReview: every review carries url, claimReviewed, rating and author once the publisher URL is set; without it, a warning names the setting', (ctx) => {
    const python = needPython(ctx, found);
    const verdicts = docs.reduce((n, d) => n + d.spans.filter((x) => x.attributes.Verdict).length, 0);
    expect(out.claimreview!.warnings).toContain(NO_PUBLISHER_URL);
    expect(check(python, 'check_claimreview.py', out.claimreview!.out, expectFile, '0')).toEqual({ reviews: verdicts, with_url: 0 });
    expect(out['claimreview-url']!.warnings).not.toContain(NO_PUBLISHER_URL);
    expect(check(python, 'check_claimreview.py', out['claimreview-url']!.out, expectFile, '1')).toEqual({ reviews: verdicts, with_url: verdicts });
  });
});

describe('the hand-annotated gold (real news) read by spaCy and a strict IOB2 reader', () => {
  it('spaCy rebuilds both texts and maps all 70 spans exactly; the CoNLL is strict IOB2 with every span an entity', async (ctx) => {
    const python = needPython(ctx, found);
    const { store: gold } = await newProject();
    const imported = await importPaths(gold, [goldDir]);
    expect(imported.failed).toEqual([]);
    const golds = await Promise.all(gold.listArticles().items.map((a) => gold.getArticle(a.id)));
    const file = path.join(dir, 'gold-expect.json');
    writeFileSync(file, JSON.stringify(expectations(golds, new Set())));
    const spacy = await exportProject(gold, { format: 'spacy', out: path.join(dir, 'gold.spacy.jsonl') });
    const conll = await exportProject(gold, { format: 'conll', out: path.join(dir, 'gold.conll') });
    await gold.close();
    expect(golds.reduce((n, d) => n + d.spans.length, 0)).toBe(70);
    const spans = golds.reduce((n, d) => n + d.spans.reduce((k, s) => k + s.fragments.length, 0), 0);
    expect(check(python, 'check_spacy.py', spacy.out, file)).toMatchObject({ docs: 2, spans });
    expect(check(python, 'check_conll.py', conll.out, file, CONLL_SENTENCE_RULE)).toMatchObject({ docs: 2, entities: spans });
  });
});
