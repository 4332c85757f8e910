/**
 * The corpus on the gold fixture (issue 21): the sources table's counts against numbers derived
 * here from the `.ann` files alone (mentions = Reference lines per source; quotes and claims =
 * distinct Quote/Claim spans with a SaidBy/ClaimedBy to one of those mentions; articles =
 * articles with a mention), the claims tracker, search hits and their offsets, the search
 * index's cache (reused, stale articles re-read, updated on a change), provenance decisions and
 * the two CLI commands.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceTable, claimTable } from '../../../annotations/analysis/corpus.js';
import { makeFragment } from '../../../annotations/index.js';
import { CorpusIndex, SEARCH_INDEX_FILE } from '../../../app/corpus/corpus-index.js';
import { PROVENANCE_FILE } from '../../../app/corpus/provenance-file.js';
import { corpusApi } from '../../../app/api/corpus.js';
import { importPaths } from '../../../app/import/import.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { runCli } from '../../../app/cli/cli.js';
import { GOLD_IDS, goldDir, readGold } from '../../helpers/gold.js';
import { cleanTemp, tempDir } from '../../helpers/project.js';

/** What the .ann files say, per source name: counted without any of the app's code. */
function expectedFromAnn(): Map<string, { mentions: number; quotes: number; claims: number; articles: number }> {
  const out = new Map<string, { mentions: number; quotes: number; claims: number; articles: number }>();
  for (const id of GOLD_IDS) {
    const lines = readGold(id).ann.split('\n').filter(Boolean).map((l) => l.split('\t'));
    const label = new Map(lines.filter((l) => l[0]!.startsWith('T')).map((l) => [l[0]!, l[1]!.split(' ')[0]!]));
    const sourceOf = new Map<string, string>();
    for (const l of lines.filter((x) => x[0]!.startsWith('N'))) sourceOf.set(l[1]!.split(' ')[1]!, l[2]!);
    const per = new Map<string, { mentions: number; quotes: Set<string>; claims: Set<string> }>();
    for (const name of sourceOf.values()) per.set(name, { mentions: 0, quotes: new Set(), claims: new Set() });
    for (const name of sourceOf.values()) per.get(name)!.mentions++;
    for (const l of lines.filter((x) => x[0]!.startsWith('R'))) {
      const [type, a1, a2] = l[1]!.split(' ');
      const from = a1!.slice(5);
      const name = sourceOf.get(a2!.slice(5));
      if (!name) continue;
      if (type === 'SaidBy' && label.get(from) === 'Quote') per.get(name)!.quotes.add(from);
      if (type === 'ClaimedBy' && label.get(from) === 'Claim') per.get(name)!.claims.add(from);
    }
    for (const [name, p] of per) {
      const o = out.get(name) ?? { mentions: 0, quotes: 0, claims: 0, articles: 0 };
      out.set(name, { mentions: o.mentions + p.mentions, quotes: o.quotes + p.quotes.size, claims: o.claims + p.claims.size, articles: o.articles + 1 });
    }
  }
  return out;
}

let dir: string;
let store: ProjectStore;

beforeAll(async () => {
  dir = path.join(tempDir('corpus-'), 'p');
  store = await ProjectStore.create(dir);
  await importPaths(store, GOLD_IDS.flatMap((id) => [path.join(goldDir, `${id}.txt`), path.join(goldDir, `${id}.ann`)]), { annotator: 'gold' });
}, 60_000);

afterAll(async () => {
  await store.close();
  await cleanTemp();
});

describe('the corpus on the gold fixture', () => {
  it('counts mentions, quotes, claims and articles per source as the .ann files say', async () => {
    const expected = expectedFromAnn();
    expect(expected.size).toBe(8);
    const corpus = await CorpusIndex.open(store, { persist: false, watch: false });
    const rows = sourceTable(store.sources, corpus.all());
    expect(rows).toHaveLength(8);
    for (const r of rows) expect({ name: r.name, mentions: r.mentions, quotes: r.quotes, claims: r.claims, articles: r.articles }).toEqual({ name: r.name, ...expected.get(r.name) });
    const sum = (k: 'mentions' | 'claims') => rows.reduce((n, r) => n + r[k], 0);
    expect(sum('mentions')).toBe([...expected.values()].reduce((n, e) => n + e.mentions, 0));
    expect(sum('claims')).toBe(10); // every gold claim has a ClaimedBy to a mention with a source (README: 7 + 3)
    expect(claimTable(corpus.all())).toHaveLength(10);
  });

  it('the Api lists a source\'s quotes and claims with their places in the article', async () => {
    const api = corpusApi(store);
    const { rows } = await api.corpusSources({});
    const hur = rows.find((r) => r.name.includes('HUR'))!;
    const { items } = await api.sourceQuotes({ id: hur.id });
    expect(items.filter((i) => i.kind === 'quote')).toHaveLength(hur.quotes);
    expect(items.filter((i) => i.kind === 'claim')).toHaveLength(hur.claims);
    for (const i of items) expect((await store.getArticle(i.articleId)).article.text.slice(i.start, i.end)).toBe(i.text); // the gold has no discontinuous quotes
    const charts = await api.corpusCharts({});
    expect(charts.perLabel.find((l) => l.label === 'Quote')!.count).toBe(21);
    expect(charts.topSources[0]!.id).toBe(hur.id);
  });

  it('searches phrases and prefixes, with UTF-16 offsets into the text', async () => {
    const corpus = await CorpusIndex.open(store, { persist: false, watch: false });
    const { hits } = await corpus.search('"withdrawal was completed"');
    expect(hits).toHaveLength(1);
    const doc = await store.getArticle(hits[0]!.articleId);
    expect(doc.article.text.slice(hits[0]!.start, hits[0]!.end)).toBe('withdrawal was completed');
    const prefix = await corpus.search('intellig*');
    expect(prefix.articles).toBe(2);
    for (const h of prefix.hits.filter((x) => x.field === 'text')) expect(h.text.toLowerCase().startsWith('intellig')).toBe(true);
    expect((await corpus.search('"withdrawal was complete"')).hits).toHaveLength(0); // a phrase ends on a word's end
    const inQuotes = await corpus.search('Kherson', { label: 'Quote' });
    for (const h of inQuotes.hits) {
      const d = await store.getArticle(h.articleId);
      expect(d.spans.some((s) => s.label === 'Quote' && s.fragments.some((f) => f.start <= h.start && h.end <= f.end))).toBe(true);
    }
    expect((await corpus.search('Sak')).hits.some((h) => h.field === 'source')).toBe(true);
  });

  it('keeps its index in .sourcemark, reuses it, and updates it on a change', async () => {
    rmSync(path.join(dir, '.sourcemark', SEARCH_INDEX_FILE), { force: true });
    const first = await CorpusIndex.open(store);
    expect(first.lastOpen).toMatch(/built for 2 article/);
    first.close(); // writes the cache it had scheduled
    expect(existsSync(path.join(dir, '.sourcemark', SEARCH_INDEX_FILE))).toBe(true);
    const again = await CorpusIndex.open(store);
    expect(again.lastOpen).toMatch(/0 article\(s\) re-read/);
    const id = store.listArticles().items[0]!.id;
    const doc = await store.getArticle(id);
    const at = doc.article.text.indexOf('Kherson');
    const now = new Date().toISOString();
    await store.apply({ op: 'addSpan', articleId: id, span: { id: 's-corpus-test', label: 'Cue', fragments: [makeFragment(doc.article.text, at, at + 7)], attributes: {}, note: 'zebracrossing', annotator: 'gold', origin: 'manual', createdAt: now, updatedAt: now } }, id);
    await again.settled();
    const { hits } = await again.search('zebracrossing');
    expect(hits.map((h) => [h.articleId, h.start, h.field])).toEqual([[id, at, 'note']]);
    again.writeNow();
    again.close();
    const third = await CorpusIndex.open(store, { watch: false });
    expect((await third.search('zebracrossing')).hits).toHaveLength(1);
    await store.apply({ op: 'removeSpan', articleId: id, spanId: 's-corpus-test' }, id);
    await store.flush();
  });

  it('stores provenance decisions in provenance.json and refuses to overwrite a damaged one', async () => {
    const api = corpusApi(store);
    const { groups } = await api.provenanceGroups({});
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const g = groups[0]!;
    const confirmed = await api.setProvenance({ decisions: { confirmed: [g.id], splits: [] } });
    expect(confirmed.groups.find((x) => x.id === g.id)!.confirmed).toBe(true);
    const split = await api.setProvenance({ decisions: { confirmed: [], splits: [{ members: [g.members[1]!.key], from: g.members.map((m) => m.key) }] } });
    expect(split.groups.some((x) => x.members.some((m) => m.key === g.members[1]!.key) && x.members.some((m) => m.key === g.members[0]!.key))).toBe(false);
    writeFileSync(path.join(dir, PROVENANCE_FILE), '{"type": "nope"');
    await expect(api.setProvenance({ decisions: { confirmed: [], splits: [] } })).rejects.toThrow(/provenance\.json is not valid JSON/);
    expect(readFileSync(path.join(dir, PROVENANCE_FILE), 'utf8')).toBe('{"type": "nope"');
    expect((await api.provenanceGroups({})).problem).toMatch(/provenance\.json/);
    writeFileSync(path.join(dir, PROVENANCE_FILE), JSON.stringify({ type: 'sourcemark-provenance', version: 1, decisions: { confirmed: [], splits: [] } }));
  });

  it('prints sources and search hits from the command line', async () => {
    await store.flush();
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`) };
    expect(await runCli(['sources', dir, '--json'], io)).toBe(0);
    const rows = JSON.parse(out.join('\n')) as { id: string; name: string; kind: string; mentions: number; quotes: number; claims: number; articles: number }[];
    expect(rows).toHaveLength(8);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'name', 'kind', 'mentions', 'quotes', 'claims', 'articles']);
    const expected = expectedFromAnn();
    for (const r of rows) expect(r.quotes).toBe(expected.get(r.name)!.quotes);
    out.length = 0;
    expect(await runCli(['search', dir, '"withdrawal was completed"', '--json'], io)).toBe(0);
    const hits = JSON.parse(out.join('\n')) as { articleId: string; start: number; end: number; text: string }[];
    expect(hits).toEqual([{ articleId: expect.any(String), start: expect.any(Number), end: expect.any(Number), text: 'withdrawal was completed' }]);
    out.length = 0;
    expect(await runCli(['search', dir], io)).toBe(2);
    expect(out.join('\n')).toMatch(/search takes a project folder and a query/);
  });
});
