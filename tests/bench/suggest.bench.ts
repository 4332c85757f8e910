/**
 * Suggestions (issue 20): per-label F1 on the dev set (tests/fixtures/devset, the hand-annotated
 * Wikinews articles, with the two seed articles of tests/fixtures/gold; the seeds alone while
 * the dev set is absent) at cold start (rules) and after learning (k-fold: train on the other
 * folds, so every article is tested by a model that never saw it), the time to suggest for one
 * article, and the time to train on 100 articles in a worker thread (the dev set repeated).
 * Figures in per cent are one sample each; their targets come from the issue. Never asserted.
 *
 *   npm run bench -- suggest        (BENCH_FOLDS=5, BENCH_TRAIN=100)
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ArticleDoc } from '../../annotations/index.js';
import { evaluate, type Annotated, type Evaluation } from '../../annotations/suggest/evaluate.js';
import { goldOf, predictDocs } from '../../annotations/suggest/curve.js';
import { suggestFor, trainModel } from '../../annotations/suggest/model.js';
import { SUGGESTED_LABELS } from '../../annotations/suggest/proposal.js';
import { readGold } from '../../app/suggest/gold.js';
import { trainInWorker } from '../../app/suggest/trainer.js';
import { repoRoot } from '../helpers/gold.js';
import type { Benchmark, Figure } from './harness.js';

const FOLDS = Number(process.env.BENCH_FOLDS ?? 5);
const TRAIN = Number(process.env.BENCH_TRAIN ?? 100);
const NOW = '2026-01-01T00:00:00.000Z';

function devSet(): { docs: ArticleDoc[]; where: string } {
  const dev = path.join(repoRoot, 'tests/fixtures/devset');
  const seeds = readGold(path.join(repoRoot, 'tests/fixtures/gold'));
  if (existsSync(dev) && readdirSync(dev).some((f) => f.endsWith('.ann'))) return { docs: [...readGold(dev), ...seeds], where: 'tests/fixtures/devset + tests/fixtures/gold' };
  return { docs: seeds, where: 'tests/fixtures/gold (no dev set yet)' };
}

const pct = (name: string, x: number, target?: string): Figure => ({ name, unit: '%', samples: [Math.round(1000 * x) / 10], ...(target ? { target } : {}) });

function scores(prefix: string, e: Evaluation, targets: Partial<Record<string, string>>): Figure[] {
  return [
    ...SUGGESTED_LABELS.map((l) => pct(`${prefix} ${l} F1 (overlap)`, e.labels[l]!.overlap.f1, targets[l])),
    ...SUGGESTED_LABELS.map((l) => pct(`${prefix} ${l} F1 (exact)`, e.labels[l]!.exact.f1)),
    pct(`${prefix} direct quotes F1 (overlap)`, e.directQuotes.overlap.f1, targets['direct']),
    pct(`${prefix} attributions F1 (overlap)`, e.attributions.overlap.f1, targets['attributions']),
  ];
}

const bench: Benchmark = {
  name: 'suggest: dev-set F1, suggestion time, training time',
  async run({ time, log }) {
    const { docs, where } = devSet();
    log(`dev set: ${docs.length} articles from ${where}`);
    const gold = goldOf(docs);
    const cold = evaluate(gold, predictDocs(docs), SUGGESTED_LABELS);
    const figures: Figure[] = scores('cold start', cold, { Speaker: '≥ 55', Cue: '≥ 55', Quote: '≥ 55', direct: '≥ 90' });
    // Learned: k folds, each article predicted by a model trained on the other folds.
    const folds = Math.min(FOLDS, docs.length);
    if (docs.length >= 6) {
      const predicted: Annotated[] = new Array(docs.length);
      let trainedOn = 0;
      for (let k = 0; k < folds; k++) {
        const test = docs.map((d, i) => [d, i] as const).filter(([, i]) => i % folds === k);
        const train = docs.filter((_, i) => i % folds !== k);
        trainedOn = Math.max(trainedOn, train.length);
        const model = trainModel(train, { now: NOW });
        const p = predictDocs(test.map(([d]) => d), model);
        test.forEach(([, i], j) => (predicted[i] = p[j]!));
      }
      log(`learned: ${folds}-fold, each model trained on about ${trainedOn} articles`);
      figures.push(...scores(`learned (${trainedOn})`, evaluate(gold, predicted, SUGGESTED_LABELS), { Speaker: '≥ 70 at 25', Cue: '≥ 70 at 25', Quote: '≥ 80 at 25', attributions: '≥ 55 at 25' }));
    } else log('learned: skipped (fewer than 6 articles)');
    // Time to suggest for one article: every dev article once per run (the rules, then a model).
    const model = trainModel(docs, { now: NOW });
    const per = (m?: Parameters<typeof suggestFor>[1]) => {
      const out: number[] = [];
      for (let r = 0; r < 3; r++) for (const d of docs) {
        const t = performance.now();
        suggestFor(d.article.text, m);
        out.push(performance.now() - t);
      }
      return out;
    };
    suggestFor(docs[0]!.article.text, model); // load the NLP model first
    figures.push({ name: 'suggest one article (rules)', unit: 'ms', samples: per(), target: '< 100 median' });
    figures.push({ name: 'suggest one article (model)', unit: 'ms', samples: per(model), target: '< 100 median' });
    // Training on TRAIN articles in a worker thread (the dev set repeated with new ids).
    const many = Array.from({ length: TRAIN }, (_, i) => ({ ...docs[i % docs.length]!, article: { ...docs[i % docs.length]!.article, id: `t${i}` } }));
    const words = many.reduce((n, d) => n + d.article.text.split(/\s+/).length, 0);
    log(`training: ${TRAIN} articles, ${words.toLocaleString('en')} words, in a worker thread`);
    figures.push({ name: `train on ${TRAIN} articles (worker)`, unit: 'ms', samples: await time(() => trainInWorker(many, NOW), { runs: 2, warmup: 0 }), target: '< 20000' });
    return figures;
  },
};

export default bench;
