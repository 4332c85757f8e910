/**
 * The development set (tests/fixtures/devset, issue 20): every `.ann` parses with Sourcemark's
 * brat reader and imports without a warning, every span's text is its `.txt` slice (code
 * points, as brat counts), every link and attribute points at an existing span of the right
 * label, and the `.ann` says what its readable source (`annotations/<name>.json`) says.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bratToAnnotations, counterIds, defaultSchema, parseAnn } from '../../../annotations/index.js';
import { build, fragmentsOf, locate, type AnnotationSource } from '../../fixtures/devset/build.js';
import { repoRoot } from '../../helpers/gold.js';
import { NOW } from '../../helpers/model.js';

const dir = path.join(repoRoot, 'tests/fixtures/devset');
const names = readdirSync(dir).filter((f) => f.endsWith('.ann')).map((f) => f.slice(0, -4)).sort();
const read = (name: string) => ({
  txt: readFileSync(path.join(dir, `${name}.txt`), 'utf8'),
  ann: readFileSync(path.join(dir, `${name}.ann`), 'utf8'),
  source: JSON.parse(readFileSync(path.join(dir, 'annotations', `${name}.json`), 'utf8')) as AnnotationSource,
});
/** brat offsets count code points. */
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

const LINKS: Record<string, [string, string]> = { SaidBy: ['Quote', 'Speaker'], CueOf: ['Cue', 'Quote'], ClaimedBy: ['Claim', 'Speaker'] };

describe('devset', () => {
  it('holds at least 20 articles, each with its .txt, .ann and annotation source', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
    const sources = readdirSync(path.join(dir, 'annotations')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    expect(sources).toEqual(names);
  });

  it.each(names)('%s parses, and every span is its text slice', (name) => {
    const { txt, ann } = read(name);
    const parsed = parseAnn(ann);
    for (const e of parsed.entities) {
      expect(['Speaker', 'Cue', 'Quote', 'Claim']).toContain(e.label);
      expect(e.fragments.map((f) => slice(txt, f.start, f.end)).join(' '), `${name} ${e.id}`).toBe(e.text);
      // No span starts or ends on a space or cuts a word.
      expect(e.text, `${name} ${e.id}`).toBe(e.text.trim());
    }
  });

  it.each(names)('%s: links, attributes and references point at spans of the right labels', (name) => {
    const parsed = parseAnn(read(name).ann);
    const label = new Map(parsed.entities.map((e) => [e.id, e.label]));
    for (const r of parsed.relations) {
      const want = LINKS[r.type];
      expect(want, `${name} ${r.id} ${r.type}`).toBeDefined();
      expect([label.get(r.arg1), label.get(r.arg2)], `${name} ${r.id}`).toEqual(want);
    }
    for (const a of parsed.attributes) {
      expect(label.get(a.target), `${name} ${a.id}`).toBe('Quote');
      expect(a.name).toBe('QuoteType');
      expect(['Direct', 'Indirect', 'Mixed']).toContain(a.value);
    }
    for (const n of parsed.normalizations) {
      expect(label.get(n.target), `${name} ${n.id}`).toBe('Speaker');
      expect(n.ref).toMatch(/^sources:[a-z0-9-]+$/);
    }
    const quotes = parsed.entities.filter((e) => e.label === 'Quote').map((e) => e.id);
    expect(parsed.attributes.map((a) => a.target).sort()).toEqual([...quotes].sort());
    const speakers = parsed.entities.filter((e) => e.label === 'Speaker').map((e) => e.id);
    expect(parsed.normalizations.map((n) => n.target).sort()).toEqual([...speakers].sort());
    // Every quote has a speaker, and every speaker mention speaks (as in the gold).
    for (const q of quotes) expect(parsed.relations.some((r) => r.type === 'SaidBy' && r.arg1 === q), `${name} ${q}`).toBe(true);
    for (const s of speakers) expect(parsed.relations.some((r) => r.arg2 === s), `${name} ${s}`).toBe(true);
  });

  it.each(names)('%s imports into the default schema without a warning', (name) => {
    const { txt, ann } = read(name);
    const r = bratToAnnotations(txt, ann, { schema: defaultSchema(), newId: counterIds(), now: NOW, annotator: 'devset' });
    expect(r.warnings).toEqual([]);
    expect(r.text).toBe(txt);
    for (const s of r.spans) for (const f of s.fragments) expect(txt.slice(f.start, f.end)).toBe(f.text);
  });

  it.each(names)('%s says what its annotation source says', (name) => {
    const { txt, ann, source } = read(name);
    const parsed = parseAnn(ann);
    const cp = (i: number) => [...txt.slice(0, i)].length;
    const want = source.spans.map((e) => `${e.label} ${fragmentsOf(txt, e, name).map(([s, t]) => `${cp(s)}-${cp(t)}`).join(';')}`).sort();
    expect(parsed.entities.map((e) => `${e.label} ${e.fragments.map((f) => `${f.start}-${f.end}`).join(';')}`).sort()).toEqual(want);
    const count = (x: string | string[] | undefined) => (x === undefined ? 0 : [x].flat().length);
    const links = source.spans.reduce((n, e) => n + count(e.saidBy) + (e.cue ? 1 : 0) + count(e.claimedBy), 0);
    expect(parsed.relations).toHaveLength(links);
  });

  const articles = path.resolve(repoRoot, '../shared/articles/wikinews');
  it.skipIf(!existsSync(articles))('is what build.ts makes today: the importer still gives these texts, the exporter these lines', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'devset-test-'));
    try {
      mkdirSync(path.join(tmp, 'out'));
      const stems = await build(articles, path.join(tmp, 'project'), path.join(tmp, 'out'));
      expect(stems.sort()).toEqual(names);
      for (const f of stems.flatMap((s) => [`${s}.txt`, `${s}.ann`])) {
        expect(readFileSync(path.join(tmp, 'out', f), 'utf8'), f).toBe(readFileSync(path.join(dir, f), 'utf8'));
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it('stops on an ambiguous or missing text, naming the file and the span', () => {
    const text = 'He said so, and she said no.';
    expect(() => locate(text, { id: 'c1', text: 'said' }, 'x.json')).toThrow('x.json: span c1: "said" occurs 2 times; give "in" or "occurrence".');
    expect(locate(text, { id: 'c1', text: 'said', in: 'she said' }, 'x.json')).toEqual([20, 24]);
    expect(locate(text, { id: 'c1', text: 'said', occurrence: 1 }, 'x.json')).toEqual([20, 24]);
    expect(() => locate(text, { id: 's1', text: 'they' }, 'x.json')).toThrow('x.json: span s1: "they" is not in the article.');
    expect(fragmentsOf(text, { id: 'q1', label: 'Quote', parts: [{ text: 'He' }, { text: 'so', in: 'said so' }] }, 'x.json')).toEqual([[0, 2], [8, 10]]);
    expect(() => fragmentsOf(text, { id: 'q1', label: 'Quote', parts: [{ text: 'so' }, { text: 'He' }] }, 'x.json')).toThrow('x.json: span q1: its parts overlap or are out of order.');
    expect(() => fragmentsOf(text, { id: 'q1', label: 'Quote' }, 'x.json')).toThrow('x.json: span q1 needs either "text" or "parts".');
    expect(fragmentsOf('"One.\n\nTwo."', { id: 'q1', label: 'Quote', text: '"One.\n\nTwo."' }, 'x.json')).toEqual([[0, 5], [7, 12]]);
    expect(() => locate(text, { id: 's1', text: 'e', in: 'He said so, and she' }, 'x.json')).toThrow('"e" occurs 2 times in "He said so, and she"');
  });
});
