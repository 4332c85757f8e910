/**
 * Agreement at 1,000 articles × 3 annotators × 30 spans (issue 18): generate.ts' articles (800
 * words, 30 spans), each copied into three annotators' layers that drift apart (a span dropped,
 * its end moved by a word, a label changed; links said-by from quotes to the speaker before).
 * Measures the whole report (F1 exact and by overlap, kappa, αu per pair and over all, links,
 * sources; target < 2 s), a pair's article rows (the drill-down), and the accept-agreed
 * operations of every article. Pure, in memory: the store's reading is the store bench's.
 *
 *   npm run bench -- agreement        (BENCH_ARTICLES=1000, BENCH_RUNS=7)
 */
import os from 'node:os';
import { agreementReport } from '../../annotations/analysis/agreement.js';
import { articleRows } from '../../annotations/analysis/agreement-detail.js';
import { acceptAgreedOp } from '../../annotations/analysis/curate.js';
import { makeFragment, type ArticleDoc, type Link, type Span } from '../../annotations/index.js';
import type { Benchmark } from './harness.js';
import { generateDoc, rng } from './generate.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ANNOTATORS = ['ana', 'ben', 'chen'];
const LABELS = ['Speaker', 'Quote', 'Claim', 'Cue'];

/** One article with each annotator's drifted copy of the generated spans, and their links. */
export function threeLayers(i: number): ArticleDoc {
  const base = generateDoc(`a-${i}`, 800, 12, 30, i + 1);
  const text = base.article.text;
  const spans: Span[] = [];
  const links: Link[] = [];
  ANNOTATORS.forEach((who, k) => {
    const r = rng(i * 7 + k + 1);
    let speaker: string | undefined;
    for (const s of base.spans) {
      const roll = r();
      if (roll < 0.08) continue;
      const f = s.fragments[0]!;
      let end: number = f.end;
      if (roll < 0.2) {
        const next = text.indexOf(' ', end + 1);
        if (next > 0) end = next;
      }
      const label = roll > 0.96 ? LABELS[(LABELS.indexOf(s.label) + 1) % LABELS.length]! : s.label;
      const id = `${s.id}-${who}`;
      spans.push({ ...s, id, label, annotator: who, fragments: [makeFragment(text, f.start, end)], ...(label === 'Speaker' ? { sourceId: `src-${i % 50}` } : {}) });
      if (label === 'Speaker') speaker = id;
      else if (label === 'Quote' && speaker) links.push({ id: `l-${id}`, type: 'said-by', from: id, to: speaker, annotator: who });
    }
  });
  return { ...base, spans, links };
}

const bench: Benchmark = {
  name: `agreement over ${ARTICLES} articles × ${ANNOTATORS.length} annotators × 30 spans`,
  async run({ time, log }) {
    const docs = Array.from({ length: ARTICLES }, (_, i) => threeLayers(i));
    log(`${docs.reduce((n, d) => n + d.spans.length, 0).toLocaleString('en')} spans, ${docs.reduce((n, d) => n + d.links.length, 0).toLocaleString('en')} links`);
    const opts = { labels: LABELS, sourceLabels: ['Speaker'] };
    const r = agreementReport(docs, opts);
    const ab = r.pairs.find((p) => p.label === 'Quote')!;
    log(`ana vs ben, Quote: exact F1 ${ab.exactF1?.toFixed(3)}, overlap F1 ${ab.overlapF1?.toFixed(3)}, kappa ${ab.kappa?.toFixed(3)}, αu ${ab.alphaU?.toFixed(3)}; αu over all: ${LABELS.map((l) => `${l} ${r.alphaU[l]?.toFixed(3)}`).join(', ')}`);
    // Each run on fresh copies (copied untimed): the report keeps each span's key once made, as it
    // would for the store's cached documents, and a run must not profit from the run before.
    // The process's CPU time beside the wall time: on a shared machine the wall time mostly says how busy it is.
    const report: number[] = [];
    const cpu: number[] = [];
    for (let k = 0; k <= RUNS; k++) {
      const fresh = structuredClone(docs);
      const c = process.cpuUsage();
      const t = performance.now();
      agreementReport(fresh, opts);
      const used = process.cpuUsage(c);
      if (k > 0) {
        report.push(performance.now() - t);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(', ')} on ${os.cpus().length} cores`);
    return [
      { name: 'agreement report', unit: 'ms', samples: report, target: '< 2000' },
      { name: 'agreement report, CPU time', unit: 'ms', samples: cpu },
      { name: 'drill-down: one pair\'s articles', unit: 'ms', samples: await time(() => articleRows(docs, 'ana', 'ben', opts), { runs: RUNS }) },
      { name: 'accept agreed: every article\'s operation', unit: 'ms', samples: await time(() => docs.map((d) => acceptAgreedOp(d, { curator: 'dana', now: '2026-01-01T00:00:00.000Z' })), { runs: RUNS }) },
    ];
  },
};

export default bench;
