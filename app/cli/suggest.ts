/**
 * `suggest` and `evaluate` on the command line (issue 20). `suggest <folder> [--article ID…]
 * [--out FILE]` suggests attributions for every article (or those named) and adds them to the
 * project, or with --out writes them as Sourcemark JSONL and leaves the project alone; progress
 * on stderr; Ctrl+C stops after the current article, and running it again resumes.
 * `evaluate <folder> --gold <brat folder | .jsonl> [--json] [--learning-curve]` scores the
 * suggester (learning from the project's annotations, as the app does) against gold annotations.
 */

import { ProjectStore } from '../store/project-store.js';
import { UsageError, args, openingProgress, type Io } from './io.js';

type Progress = (p: { done: number; total: number; current: string }) => void;

/** Progress lines on stderr: every article on a terminal, every tenth otherwise. */
function progress(io: Io): Progress {
  return ({ done, total, current }) => {
    if (!current) return;
    if (process.stderr.isTTY || done % 10 === 0) io.err(`suggest: ${done + 1}/${total} ${current}`);
  };
}

export async function suggestCommand(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = args(argv, { article: { type: 'string', multiple: true }, out: { type: 'string' }, inline: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('suggest takes one project folder');
  const articles = ((values.article as string[] | undefined) ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const out = values.out as string | undefined;
  const { suggestProject } = await import('../suggest/run.js');
  const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), readOnly: out !== undefined, onMessage: (m) => io.err(m) });
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) return;
    io.err('\nStopping after the current article; run the same command again to go on.');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const r = await suggestProject(store, { articles, ...(out ? { out } : {}), signal: controller.signal, onProgress: progress(io), inline: !!values.inline });
    const how = r.model ? `a model learned from ${r.model} article${r.model === 1 ? '' : 's'} and the rules` : 'the rules (the project has too few annotated articles to learn from)';
    io.out(`Suggested ${r.spans} spans and ${r.links} links in ${r.articles} article${r.articles === 1 ? '' : 's'} with ${how}${r.skipped ? `; ${r.skipped} skipped (already suggested)` : ''}${out ? `, written to ${out}` : ''}.`);
    if (r.cancelled) {
      io.err('Stopped; what was done is kept.');
      return 1;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await store.close();
  }
}

export async function evaluateCommand(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = args(argv, { gold: { type: 'string' }, json: { type: 'boolean' }, 'learning-curve': { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('evaluate takes one project folder');
  if (!values.gold) throw new UsageError('--gold names a brat folder (.txt + .ann) or a Sourcemark .jsonl file');
  const { readGold } = await import('../suggest/gold.js');
  const { evaluateOn, learningCurve } = await import('../../annotations/suggest/curve.js');
  const { describeEvaluation } = await import('../../annotations/suggest/evaluate.js');
  const { trainModel, MIN_TRAINING_ARTICLES } = await import('../../annotations/suggest/model.js');
  const gold = readGold(values.gold as string);
  if (values['learning-curve']) {
    const points = learningCurve(gold);
    if (values.json) io.out(JSON.stringify(points, null, 2));
    else {
      for (const p of points) {
        io.out(p.train ? `\nTrained on ${p.train}, tested on the other ${p.test}:` : `\nRules alone, on all ${p.test}:`);
        for (const l of describeEvaluation(p.evaluation)) io.out(l);
        if (p.train) {
          io.out(`The rules alone on the same ${p.test}:`);
          for (const l of describeEvaluation(p.rules).slice(3)) io.out(l);
        }
      }
      if (points.length === 1) io.out(`\n(${gold.length} gold articles: a learning curve needs more than ${MIN_TRAINING_ARTICLES}.)`);
    }
    return 0;
  }
  const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), readOnly: true });
  try {
    const { suggestService } = await import('../suggest/service.js');
    // Learn from the project as the app does, but never from the gold articles themselves.
    const goldTexts = new Set(gold.map((d) => d.article.text));
    const docs = (await suggestService(store).annotatedDocs()).filter((d) => !goldTexts.has(d.article.text));
    const model = docs.length >= MIN_TRAINING_ARTICLES ? trainModel(docs, { now: new Date().toISOString() }) : undefined;
    const e = evaluateOn(gold, model);
    if (values.json) io.out(JSON.stringify({ model: model ? { articles: model.trainedOn.length } : null, ...e }, null, 2));
    else {
      io.out(model ? `Learned from ${docs.length} annotated articles of ${store.dir}.` : `Rules only (${docs.length} annotated articles in ${store.dir}; learning starts at ${MIN_TRAINING_ARTICLES}).`);
      for (const l of describeEvaluation(e)) io.out(l);
    }
    return 0;
  } finally {
    await store.close();
  }
}
