/** The corpus aggregations (issue 21) on small made-up articles: layers, filters, the claims tracker, charts, CSV. */
import { describe, expect, it } from 'vitest';
import { chartSeries, claimTable, factsOf, sourceItems, sourceTable, sourcesCsv } from '../../../annotations/analysis/corpus.js';
import { defaultSchema, createArticle, emptyDoc, makeFragment, type ArticleDoc, type Link, type Source, type Span } from '../../../annotations/index.js';

const TEXT = 'The minister said the plan failed. Critics said it worked. The mayor claimed taxes fell.';
const at = (s: string) => [TEXT.indexOf(s), TEXT.indexOf(s) + s.length] as const;
const now = '2026-01-02T00:00:00.000Z';
const span = (id: string, label: string, s: string, annotator: string, extra: Partial<Span> = {}): Span => ({
  id, label, fragments: [makeFragment(TEXT, ...at(s))], attributes: {}, annotator, origin: 'manual', createdAt: now, updatedAt: now, ...extra,
});
const link = (id: string, type: string, from: string, to: string, annotator: string, layer?: string): Link => ({ id, type, from, to, annotator, ...(layer ? { layer } : {}) });
const SOURCES: Source[] = [
  { id: 'src-min', name: 'The minister', kind: 'person', aliases: ['Minister'] },
  { id: 'src-crit', name: 'Critics', kind: 'group', aliases: [] },
  { id: 'src-mayor', name: 'The mayor', kind: 'person', aliases: [] },
];

function doc(id: string, outlet: string, published: string, layers: ('ann' | 'bob' | 'curated')[]): ArticleDoc {
  const base = emptyDoc(createArticle({ id, title: `T ${id}`, text: TEXT, metadata: { outlet, published }, provenance: { origin: 't', importedAt: now } }));
  const spans: Span[] = [];
  const links: Link[] = [];
  for (const who of layers) {
    const annotator = who === 'curated' ? 'ann' : who;
    const layer = who === 'curated' ? { layer: 'curated' } : {};
    spans.push(span(`${who}-m1`, 'Speaker', 'The minister', annotator, { sourceId: 'src-min', ...layer }));
    spans.push(span(`${who}-q1`, 'Quote', 'the plan failed', annotator, { attributes: { QuoteType: 'Indirect' }, ...layer }));
    spans.push(span(`${who}-m2`, 'Speaker', 'Critics', annotator, { sourceId: 'src-crit', ...layer }));
    spans.push(span(`${who}-q2`, 'Quote', 'it worked', annotator, layer));
    spans.push(span(`${who}-m3`, 'Speaker', 'The mayor', annotator, { sourceId: 'src-mayor', ...layer }));
    spans.push(span(`${who}-c1`, 'Claim', 'taxes fell', annotator, { attributes: who === 'bob' ? { CheckWorthy: 'yes' } : { CheckWorthy: 'yes', Verdict: 'False' }, ...layer }));
    links.push(link(`${who}-l1`, 'said-by', `${who}-q1`, `${who}-m1`, annotator, layer.layer));
    links.push(link(`${who}-l2`, 'said-by', `${who}-q2`, `${who}-m2`, annotator, layer.layer));
    links.push(link(`${who}-l3`, 'claimed-by', `${who}-c1`, `${who}-m3`, annotator, layer.layer));
  }
  return { ...base, spans, links };
}

const facts = [
  factsOf(doc('a1', 'Daily', '2026-01-01', ['ann']), defaultSchema()),
  factsOf(doc('a2', 'Weekly', '2026-02-01', ['ann', 'bob']), defaultSchema()),
  factsOf(doc('a3', 'Daily', '2026-03-01', ['ann', 'bob', 'curated']), defaultSchema()),
];
const row = (rows: ReturnType<typeof sourceTable>, id: string) => rows.find((r) => r.id === id)!;

describe('the sources table', () => {
  it('counts every layer, but only the curated layer of an adjudicated article', () => {
    const m = row(sourceTable(SOURCES, facts), 'src-min');
    expect(m).toMatchObject({ mentions: 1 + 2 + 1, quotes: 4, claims: 0, articles: 3, first: '2026-01-01', last: '2026-03-01', outlets: ['Daily', 'Weekly'] });
    expect(row(sourceTable(SOURCES, facts), 'src-mayor').claims).toBe(4);
  });
  it('counts only the layers a filter names, and filters by outlet, dates, kind and label', () => {
    expect(row(sourceTable(SOURCES, facts, { layers: ['bob'] }), 'src-min').mentions).toBe(2);
    expect(row(sourceTable(SOURCES, facts, { outlet: 'Daily' }), 'src-min').articles).toBe(2);
    expect(row(sourceTable(SOURCES, facts, { from: '2026-01-15', to: '2026-02-15' }), 'src-min').articles).toBe(1);
    expect(sourceTable(SOURCES, facts, { kind: 'group' }).map((r) => r.id)).toEqual(['src-crit']);
    expect(sourceTable(SOURCES, facts, { label: 'Claim' }).map((r) => r.id)).toEqual(['src-mayor']);
  });
  it('lists a source\'s quotes by date, each with its place', () => {
    const items = sourceItems('src-min', facts);
    expect(items.map((i) => [i.articleId, i.kind, i.text, i.start])).toEqual([['a1', 'quote', 'the plan failed', at('the plan failed')[0]], ['a2', 'quote', 'the plan failed', at('the plan failed')[0]], ['a2', 'quote', 'the plan failed', at('the plan failed')[0]], ['a3', 'quote', 'the plan failed', at('the plan failed')[0]]]);
    expect(items[3]!.layer).toBe('curated');
  });
  it('writes CSV with quoted fields', () => {
    const csv = sourcesCsv([{ id: 'x', name: 'A, "B"', kind: 'person', aliases: ['a', 'b'], mentions: 1, quotes: 0, claims: 0, articles: 1, outlets: [] }]);
    expect(csv).toBe('id,name,kind,role,aliases,mentions,quotes,claims,articles,outlets,first,last\r\nx,"A, ""B""",person,,a; b,1,0,0,1,,,\r\n');
  });
});

describe('the claims tracker and charts', () => {
  it('lists claims with source, verdict and check-worthiness; filters checked ones', () => {
    const all = claimTable(facts);
    expect(all).toHaveLength(4);
    expect(all[0]).toMatchObject({ articleId: 'a1', sourceId: 'src-mayor', speaker: 'The mayor', verdict: 'False', checkWorthy: 'yes' });
    expect(claimTable(facts, { checked: true })).toHaveLength(3);
    expect(claimTable(facts, { checked: false }).map((c) => c.layer)).toEqual(['bob']);
    expect(claimTable(facts, { sourceId: 'src-min' })).toHaveLength(0);
  });
  it('gives the chart series', () => {
    const c = chartSeries(SOURCES, facts);
    expect(c.perLabel).toEqual([{ label: 'Speaker', count: 12 }, { label: 'Quote', count: 8 }, { label: 'Claim', count: 4 }]);
    expect(c.perAnnotator).toEqual([{ annotator: 'ann', count: 18 }, { annotator: 'bob', count: 12 }, { annotator: 'curated', count: 6 }]);
    expect(c.topSources.map((s) => [s.id, s.quotes])).toEqual([['src-crit', 4], ['src-min', 4]]);
    expect(c.perOutlet).toEqual([{ outlet: 'Weekly', quotes: 4, direct: 0, indirect: 2, mixed: 0, untyped: 2 }, { outlet: 'Daily', quotes: 4, direct: 0, indirect: 2, mixed: 0, untyped: 2 }].sort((x, y) => y.quotes - x.quotes || x.outlet.localeCompare(y.outlet)));
    expect(c.progress).toEqual([{ date: '2026-01-02', annotations: 36, total: 36, done: 0 }]);
  });
});
