/**
 * The agreement methods of the Api (issue 18) over a store: the report (annotations/analysis/
 * agreement.ts), its drill-down to a pair's articles and an article's differing spans, and
 * accepting what the annotators agree on into the curated layer (annotations/analysis/
 * curate.ts), one batch per article through `ProjectStore.apply`, so each is undone like an
 * edit of that article (its scope is the article's id). Articles are read through the store's
 * public methods only; damaged files are skipped.
 */

import { agreementReport, type AgreementOptions } from '../../annotations/analysis/agreement.js';
import { articleRows, spanDiff } from '../../annotations/analysis/agreement-detail.js';
import { acceptAgreedOp } from '../../annotations/analysis/curate.js';
import type { ArticleDoc } from '../../annotations/index.js';
import { SUGGESTER } from '../../annotations/suggest/build.js';
import { UserError } from '../errors.js';
import type { ProjectStore } from '../store/project-store.js';
import type { AcceptAgreedResult, AgreementResults, agreementParams } from './agreement-contract.js';
import type { z } from 'zod';

type Params<M extends keyof typeof agreementParams> = z.output<(typeof agreementParams)[M]>;
export type AgreementApi = { [M in keyof AgreementResults]: (p: Params<M>) => Promise<AgreementResults[M]> };

/** Every readable article of the store (or only `ids`), in the index's order. */
export async function readArticles(store: ProjectStore, ids?: readonly string[]): Promise<ArticleDoc[]> {
  const wanted = ids ?? store.allArticles({ sort: 'title' }).filter((e) => !e.damaged).map((e) => e.id);
  const docs: ArticleDoc[] = [];
  for (const id of wanted) {
    if (!store.hasArticle(id)) throw new UserError('not-found', `Article ${id} does not exist.`);
    docs.push(await store.getArticle(id));
  }
  return docs;
}

/** The options every agreement call shares: the schema's label order, its speaker labels, no pending suggestions. */
export function agreementOptions(store: ProjectStore, extra: AgreementOptions = {}): AgreementOptions {
  const labels = store.schema.labels;
  return { labels: labels.map((l) => l.name), sourceLabels: labels.filter((l) => l.refersToSource).map((l) => l.name), ignoreLayers: [SUGGESTER], ...extra };
}

/** Accepts the agreed spans of `docs` for `curator`: one `apply` per article that gets something. */
export async function acceptAgreed(store: ProjectStore, docs: readonly ArticleDoc[], opts: { min?: number | undefined; curator: string; client?: string | undefined }): Promise<AcceptAgreedResult> {
  if (store.readOnly) throw new UserError('bad-request', 'The project is open read-only: nothing can be curated.');
  const result: AcceptAgreedResult = { articles: 0, spans: 0, links: 0, changed: [] };
  for (const doc of docs) {
    const r = acceptAgreedOp(doc, { min: opts.min, curator: opts.curator, now: new Date().toISOString(), ignoreLayers: [SUGGESTER] });
    if (!r.op) continue;
    await store.apply(r.op, doc.article.id, { annotator: opts.curator, client: opts.client });
    result.articles++;
    result.spans += r.spans;
    result.links += r.links;
    result.changed.push(doc.article.id);
  }
  return result;
}

export function agreementApi(store: ProjectStore, systemUser: () => string): AgreementApi {
  return {
    agreement: async ({ label, article, withCurated }) => {
      const docs = await readArticles(store, article ? [article] : undefined);
      return agreementReport(docs, agreementOptions(store, { label, withCurated }));
    },
    agreementDetail: async ({ annotators: [a, b], label, article }) => {
      const opts = agreementOptions(store, { label });
      if (article) {
        const [doc] = await readArticles(store, [article]);
        return { articles: articleRows([doc!], a, b, opts), spans: spanDiff(doc!, a, b, opts), title: doc!.article.title };
      }
      return { articles: articleRows(await readArticles(store), a, b, opts) };
    },
    acceptAgreed: async ({ min, articles, annotator, client }) =>
      acceptAgreed(store, await readArticles(store, articles), { min, curator: annotator ?? systemUser(), client }),
  };
}
