/**
 * The suggester over a project: which articles people have annotated, the model learned from
 * them (trained in a worker thread once {@link MIN_TRAINING_ARTICLES} articles are annotated,
 * again as annotations accumulate, kept in `.sourcemark/suggest-model.json`), the rejected
 * suggestions, and suggestions for one article. Suggesting never waits for training: it uses the
 * model it has (or the rules) and starts a retraining in the background when one is due.
 */

import { trainingView, suggestFor, MIN_TRAINING_ARTICLES, type SuggestModel, type SuggestStatus } from '../../annotations/suggest/model.js';
import { buildSuggestions, SUGGESTER } from '../../annotations/suggest/build.js';
import { filterLayers } from '../../annotations/model/layers.js';
import { SUGGESTED_LABELS } from '../../annotations/suggest/proposal.js';
import type { ArticleDoc, Link, Span } from '../../annotations/index.js';
import type { ProjectStore } from '../store/project-store.js';
import { readModel, readRejected, writeModel, addRejected } from './files.js';
import { trainInWorker, WorkerUnavailable } from './trainer.js';

export type ServiceOptions = {
  /** `inline` trains on the calling thread (tests); default `worker`. */
  train?: 'worker' | 'inline';
  now?: () => string;
};

/** True when a model trained on `trained` articles should learn again with `annotated`. */
export const retrainDue = (trained: number, annotated: number): boolean =>
  annotated >= MIN_TRAINING_ARTICLES && annotated - trained >= Math.max(1, Math.ceil(trained * 0.2));

export type { SuggestStatus };

export class SuggestService {
  private model: SuggestModel | undefined;
  private loaded = false;
  private training: Promise<void> | undefined;
  private error: string | undefined;
  private readonly now: () => string;

  constructor(readonly store: ProjectStore, private readonly opts: ServiceOptions = {}) {
    this.now = opts.now ?? (() => new Date().toISOString());
  }

  /** The model in use (read from the project on first use), or undefined at cold start. */
  currentModel(): SuggestModel | undefined {
    if (!this.loaded) {
      this.model = readModel(this.store.dir);
      this.loaded = true;
    }
    return this.model;
  }

  /** The documents people annotated (one layer each, without pending suggestions), by id. */
  async annotatedDocs(): Promise<ArticleDoc[]> {
    const out: ArticleDoc[] = [];
    for (const row of this.store.allArticles()) {
      if (row.damaged || !SUGGESTED_LABELS.some((l) => (row.counts[l] ?? 0) > 0)) continue;
      const view = trainingView(await this.store.getArticle(row.id));
      if (view) out.push(view);
    }
    return out.sort((a, b) => a.article.id.localeCompare(b.article.id));
  }

  async status(): Promise<SuggestStatus> {
    const m = this.currentModel();
    return {
      annotated: (await this.annotatedDocs()).length, threshold: MIN_TRAINING_ARTICLES,
      model: m ? { articles: m.trainedOn.length, trainedAt: m.trainedAt, cues: m.cues } : null,
      training: this.training !== undefined, ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Starts training when it is due (no-op while training); resolves when that training ends. */
  refresh(): Promise<void> {
    if (this.training) return this.training;
    const run = (async () => {
      const docs = await this.annotatedDocs();
      const trained = this.currentModel()?.trainedOn.length ?? 0;
      if (!retrainDue(trained, docs.length)) return;
      const { trainModel } = await import('../../annotations/suggest/model.js');
      const inline = () => trainModel(docs, { now: this.now() });
      // Where no worker can start (a bundle without the worker's file), training runs here: slower for the caller, never lost.
      const model = this.opts.train === 'inline' ? inline() : await trainInWorker(docs, this.now()).catch((e: unknown) => (e instanceof WorkerUnavailable ? inline() : Promise.reject(e)));
      if (!this.store.readOnly) writeModel(this.store.dir, model);
      this.model = model;
      this.error = undefined;
    })()
      .catch((e: unknown) => {
        this.error = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        this.training = undefined;
      });
    this.training = run;
    return run;
  }

  /**
   * Suggestions for `doc` that it does not have yet and nobody rejected (not applied). For an
   * `annotator`, only their own layer and the pending suggestions count as what it has: another
   * person's spans neither hide suggestions from them nor show through (blind annotation).
   */
  propose(doc: ArticleDoc, annotator?: string): { spans: Span[]; links: Link[] } {
    const rejected = new Set(readRejected(this.store.dir)[doc.article.id] ?? []);
    const base = annotator ? filterLayers(doc, (layer) => layer === annotator || layer === SUGGESTER) : doc;
    return buildSuggestions(base, suggestFor(doc.article.text, this.currentModel()), { newId: this.store.ids, now: this.now(), rejected });
  }

  /** Remembers rejected suggestions of an article (their span keys). */
  reject(articleId: string, keys: readonly string[]): number {
    return (addRejected(this.store.dir, articleId, keys)[articleId] ?? []).length;
  }
}

/** One service per store, shared by the Api and the command line. */
const services = new WeakMap<ProjectStore, SuggestService>();
export function suggestService(store: ProjectStore, opts?: ServiceOptions): SuggestService {
  let s = services.get(store);
  if (!s) {
    s = new SuggestService(store, opts);
    services.set(store, s);
  }
  return s;
}
