/**
 * `agreement` and `curate --accept-agreed` (issue 18):
 *
 *   agreement <folder> [--json] [--label L] [--article ID] [--with-curated]
 *       per pair of annotator layers and label: exact and overlap F1, Cohen's kappa on
 *       characters, αu; αu per label over all annotators; links and sources of matched spans
 *   curate <folder> --accept-agreed [--min N] [--curator NAME] [--article ID…]
 *       copies every span (with its links and source) that all annotator layers of an article
 *       (or at least N) agree on exactly into the curated layer: one undoable batch per article
 *
 * `agreement` opens the project read-only (no lock); `curate` writes through the store.
 */

import { agreementReport } from '../../annotations/analysis/agreement.js';
import { CURATED_LAYER } from '../../annotations/model/layers.js';
import { acceptAgreed, agreementOptions, readArticles } from '../api/agreement.js';
import { systemUser } from '../api/handlers.js';
import { ProjectStore } from '../store/project-store.js';
import { UsageError, args, openingProgress, type Io } from './io.js';

export { AGREEMENT_USAGE } from './agreement-usage.js';

/** A figure as the table shows it: two decimals, "—" for none. */
const fig = (x: number | null): string => (x === null ? '—' : x.toFixed(2));

export async function agreementCommand(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = args(argv, { json: { type: 'boolean' }, label: { type: 'string' }, article: { type: 'string' }, 'with-curated': { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('agreement takes one project folder');
  const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), readOnly: true });
  try {
    if (store.problem) io.err(store.problem);
    const label = values.label as string | undefined;
    if (label !== undefined && !store.schema.labels.some((l) => l.name === label)) {
      io.err(`sourcemark: note: the schema has no label "${label}" (it has ${store.schema.labels.map((l) => l.name).join(', ')}).`);
    }
    const article = values.article as string | undefined;
    const docs = await readArticles(store, article ? [article] : undefined);
    const r = agreementReport(docs, agreementOptions(store, { label, withCurated: !!values['with-curated'] }));
    if (values.json) {
      io.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const annotators = r.layers.filter((l) => r.pairs.some((p) => p.annotators.includes(l)));
    if (!r.pairs.length) {
      io.out(`No two annotators annotated the same article (layers: ${r.layers.join(', ') || 'none'}).`);
      return 0;
    }
    io.out(`Agreement over ${r.articles} article${r.articles === 1 ? '' : 's'} with two layers or more (${annotators.join(', ')}):`);
    const w = Math.max(5, ...r.pairs.map((p) => p.annotators.join(' vs ').length));
    const lw = Math.max(5, ...r.labels.map((l) => l.length));
    io.out(`${'pair'.padEnd(w)}  ${'label'.padEnd(lw)}  exactF1  overlapF1  kappa  alphaU  articles  spans`);
    for (const p of r.pairs) {
      io.out(`${p.annotators.join(' vs ').padEnd(w)}  ${p.label.padEnd(lw)}  ${fig(p.exactF1).padStart(7)}  ${fig(p.overlapF1).padStart(9)}  ${fig(p.kappa).padStart(5)}  ${fig(p.alphaU).padStart(6)}  ${String(p.articles).padStart(8)}  ${p.spans.join('/')}`);
    }
    if (r.layers.filter((l) => l !== CURATED_LAYER).length < 2) io.out("Krippendorff's alpha-u over all annotators: needs two annotators' layers or more.");
    else io.out(`Krippendorff's alpha-u over all annotators (${r.alphaArticles} article${r.alphaArticles === 1 ? '' : 's'} all annotated): ${r.labels.map((l) => `${l} ${fig(r.alphaU[l] ?? null)}`).join(', ')}; all labels ${fig(r.alphaUOverall)}`);
    for (const l of r.links) io.out(`Links ${l.type}, ${l.annotators.join(' vs ')}: ${l.agreed} agree of ${l.compared.join('/')} between matched spans (F1 ${fig(l.f1)})`);
    for (const s of r.sources) if (s.compared) io.out(`Sources, ${s.annotators.join(' vs ')}: ${s.same} of ${s.compared} matched speaker mentions name the same source (${fig(s.agreement)})`);
    io.out('kappa counts characters (UTF-16 code units of the text); "—": nothing to compare.');
    return 0;
  } finally {
    await store.close();
  }
}

export async function curateCommand(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = args(argv, { 'accept-agreed': { type: 'boolean' }, min: { type: 'string' }, curator: { type: 'string' }, article: { type: 'string', multiple: true } });
  if (positionals.length !== 1) throw new UsageError('curate takes one project folder');
  if (!values['accept-agreed']) throw new UsageError('curate needs --accept-agreed (the curation view is in the app: npm run serve)');
  let min: number | undefined;
  if (values.min !== undefined) {
    min = Number(values.min);
    if (!Number.isInteger(min) || min < 1) throw new UsageError(`--min takes a whole number of layers, 1 or more, not "${String(values.min)}"`);
  }
  const curator = (values.curator as string | undefined) ?? systemUser();
  const store = await ProjectStore.open(positionals[0]!, { onProgress: openingProgress(io), onMessage: (m) => io.err(m) });
  try {
    const ids = (values.article as string[] | undefined)?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
    const r = await acceptAgreed(store, await readArticles(store, ids), { min, curator });
    const who = min === undefined ? 'all annotators' : `at least ${min} annotator${min === 1 ? '' : 's'}`;
    if (!r.articles) io.out(`Nothing to accept: every span agreed by ${who} is in the curated layer already.`);
    else io.out(`Accepted ${r.spans} span${r.spans === 1 ? '' : 's'} and ${r.links} link${r.links === 1 ? '' : 's'} agreed by ${who} into the curated layer of ${r.articles} article${r.articles === 1 ? '' : 's'} (as ${curator}; each article's change undoes in the app).`);
    return 0;
  } finally {
    await store.close();
  }
}
