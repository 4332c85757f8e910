/**
 * The corpus pages at 10,000 articles (issue 21): the store benchmark's generated articles
 * (generate.ts: 800 words, 30 spans each) with their speaker spans tied to 300 sources,
 * `said-by` / `claimed-by` links, quote types, verdicts, outlets and dates. Measures building
 * the search index and facts from scratch, opening again from the cache, the Sources page's and
 * the claims tracker's data, a source's page, a search (varied queries, after the index is
 * built) and updating the corpus after an edit. BENCH_ARTICLES sets the size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFragment, type ArticleDoc, type Link, type Operation, type Source } from '../../annotations/index.js';
import { corpusApi } from '../../app/api/corpus.js';
import { CorpusIndex, SEARCH_INDEX_FILE } from '../../app/corpus/corpus-index.js';
import { ProjectStore } from '../../app/store/project-store.js';
import type { Benchmark } from './harness.js';
import { generateDoc, rng } from './generate.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SOURCES = 300;
const OUTLETS = ['Reuters', 'The Independent', 'Hindustan Times', 'Kyiv Independent', 'BBC', 'Al Jazeera'];
const VERDICTS = ['False', 'Mostly false', 'Mixed', 'Mostly true', 'True'];

/** A generated article with sources, links and metadata on top of generate.ts' spans. */
function corpusDoc(i: number): ArticleDoc {
  const doc = generateDoc(`a-${i}`, 800, 12, 30, i + 1);
  const r = rng(i + 7);
  const links: Link[] = [];
  let speaker: string | undefined;
  const spans = doc.spans.map((s) => {
    if (s.label === 'Speaker') {
      speaker = s.id;
      return { ...s, sourceId: `src-${Math.floor(r() * r() * SOURCES)}` };
    }
    if (s.label === 'Quote' && speaker) {
      links.push({ id: `l-${s.id}`, type: 'said-by', from: s.id, to: speaker, annotator: 'bench' });
      return { ...s, attributes: { QuoteType: r() < 0.5 ? 'Direct' : r() < 0.8 ? 'Indirect' : 'Mixed' } };
    }
    if (s.label === 'Claim' && speaker) {
      links.push({ id: `l-${s.id}`, type: 'claimed-by', from: s.id, to: speaker, annotator: 'bench' });
      return { ...s, attributes: { CheckWorthy: r() < 0.6 ? 'yes' : 'no', ...(r() < 0.3 ? { Verdict: VERDICTS[Math.floor(r() * VERDICTS.length)]! } : {}) } };
    }
    return s;
  });
  const day = new Date(Date.UTC(2022, 0, 1) + Math.floor(r() * 365) * 86_400_000).toISOString().slice(0, 10);
  return { ...doc, spans, links, article: { ...doc.article, metadata: { ...doc.article.metadata, outlet: OUTLETS[i % OUTLETS.length]!, published: day } } };
}

/**
 * The project, made through the store's public methods (addArticle), since how articles are laid
 * out on disk is the store's business (and changing): slower than writing files, the same to
 * measure. In a function of its own, so nothing of the generating store stays in memory.
 */
async function generateCorpus(dir: string): Promise<void> {
  const created = await ProjectStore.create(dir, { name: 'bench' });
  const sources: Source[] = Array.from({ length: SOURCES }, (_, k) => ({ id: `src-${k}`, name: `Source ${k}`, kind: k % 3 ? 'person' : 'organization', aliases: [] }));
  await created.apply({ op: 'batch', ops: sources.map((source): Operation => ({ op: 'addSource', source })) }, 'sources');
  for (let i = 0; i < ARTICLES; i += 16) await Promise.all(Array.from({ length: Math.min(16, ARTICLES - i) }, (_, k) => created.addArticle(corpusDoc(i + k))));
  await created.close();
}

const bench: Benchmark = {
  name: `corpus: ${ARTICLES} articles`,
  async run({ time, log }) {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sourcemark-bench-')), 'project');
    try {
      const t0 = performance.now();
      await generateCorpus(dir);
      const store = await ProjectStore.open(dir);
      log(`generated ${ARTICLES} articles and ${SOURCES} sources in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      const cacheFile = path.join(dir, '.sourcemark', SEARCH_INDEX_FILE);
      let corpus: CorpusIndex | undefined;
      const build = await time(async () => {
        rmSync(cacheFile, { force: true });
        corpus?.close();
        corpus = await CorpusIndex.open(store);
      }, { runs: 1, warmup: 0 });
      log(corpus!.lastOpen);
      (globalThis as { gc?: () => void }).gc?.();
      log(`heap after building: ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`);
      const write = await time(() => corpus!.writeNow(), { runs: 1, warmup: 0 });
      const reopen = await time(async () => {
        const again = await CorpusIndex.open(store, { watch: false, persist: false });
        again.close();
      }, { runs: 1, warmup: 0 });

      const api = corpusApi(store);
      let rows = 0;
      const sourcesPage = await time(async () => {
        rows = (await api.corpusSources({})).rows.length;
      }, { runs: RUNS, warmup: 1 });
      const top = (await api.corpusSources({})).rows[0]!;
      let claims = 0;
      const claimsPage = await time(async () => {
        claims = (await api.corpusClaims({})).items.length;
      }, { runs: RUNS, warmup: 1 });
      const sourcePage = await time(async () => api.sourceQuotes({ id: top.id }), { runs: RUNS, warmup: 1 });
      log(`${rows} sources, ${claims} claims; the top source has ${top.mentions} mentions, ${top.quotes} quotes`);

      const queries = ['minister', '"defence intelligence"', 'withdr*', 'Kherson Kyiv', '"river bank"', 'hospital', 'confirm*', '"regional council"', 'café', 'evidence court'];
      let n = 0;
      let hits = 0;
      const search = await time(async () => {
        const q = queries[n++ % queries.length]!;
        const t = performance.now();
        hits += (await corpus!.search(q, { limit: 50 })).hits.length;
        if (process.env.BENCH_VERBOSE) log(`${q}: ${(performance.now() - t).toFixed(1)} ms`);
      }, { runs: Math.max(RUNS, 20), warmup: 2 });
      log(`search: ${hits} hits over ${Math.max(RUNS, 20)} queries`);

      const id = `a-${Math.min(42, ARTICLES - 1)}`;
      const doc = await store.getArticle(id);
      const words = [...doc.article.text.matchAll(/\S+/g)];
      let k = 0;
      const update = await time(async () => {
        const w = words[k % words.length]!;
        const now = new Date().toISOString();
        await store.apply({ op: 'addSpan', articleId: id, span: { id: `s-c${k++}`, label: 'Cue', fragments: [makeFragment(doc.article.text, w.index, w.index + w[0].length)], attributes: {}, annotator: 'b', origin: 'manual', createdAt: now, updatedAt: now } }, id);
        // Timed apart from the durable save: what the change event costs the corpus (its own run first done).
        await corpus!.settled();
        const t = performance.now();
        await corpus!.refresh([id]);
        updates.push(performance.now() - t);
      }, { runs: 30, warmup: 3 });
      void update;
      corpus!.close();
      await store.close();
      return [
        { name: 'build index + facts from scratch', unit: 'ms', samples: build, target: '< 30000 ms' },
        { name: 'write the cache (.sourcemark/search-index.json)', unit: 'ms', samples: write },
        { name: 'open again from the cache', unit: 'ms', samples: reopen },
        { name: 'Sources page data', unit: 'ms', samples: sourcesPage, target: '< 300 ms' },
        { name: 'claims tracker data', unit: 'ms', samples: claimsPage, target: '< 300 ms' },
        { name: "a source's quotes and claims", unit: 'ms', samples: sourcePage },
        { name: 'search (median of varied queries)', unit: 'ms', samples: search, target: '< 50 ms' },
        { name: 'update after an edit', unit: 'ms', samples: updates.slice(3), target: '< 5 ms' },
      ];
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  },
};

const updates: number[] = [];

export default bench;
