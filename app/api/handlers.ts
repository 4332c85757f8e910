/**
 * The Api implemented over a {@link ProjectStore}. Both shells call {@link dispatch}, which
 * validates the payload with the method's zod schema and turns every failure into a
 * {@link UserError} with a message for a person.
 */

import os from 'node:os';
import path from 'node:path';
import { spanText, randomId } from '../../annotations/index.js';
import { API_METHODS, apiParams, type Api, type ApiEvents, type ApiMethod, type ApiResults, type ProjectInfo } from './contract.js';
import { UserError } from '../errors.js';
import { cleanStaleExports, exportToProjectFolder } from '../export/export.js';
import { articleFromText, cleaningOf, recleanedArticle } from '../import/text.js';
import type { ProjectStore } from '../store/project-store.js';
import { corpusApi } from './corpus.js';
import { assignmentApi } from './assignment.js';
import { suggestApi } from './suggest.js';
import { agreementApi } from './agreement.js';

/** The default annotator: the system user name. */
export function systemUser(): string {
  try {
    return os.userInfo().username || 'annotator';
  } catch {
    return 'annotator';
  }
}

export function createApi(store: ProjectStore, shell: ProjectInfo['shell']): Api & Required<ApiEvents> {
  // What exports killed mid-way left in exports/ goes when a shell opens the project (SERVER, issue 14).
  if (!store.readOnly) cleanStaleExports(path.join(store.dir, 'exports'));
  /** Running exports by the name their caller gave them: progress, and a way to cancel. */
  const jobs = new Map<string, { done: number; total: number; controller: AbortController }>();
  const info = (): ProjectInfo => ({ ...store.info, user: systemUser(), messages: store.messages, sources: store.sources, shell, ...(store.problem ? { problem: store.problem } : {}) });
  return {
    getProject: async () => info(),
    listArticles: async (q) => store.listArticles(q),
    getArticle: async ({ id }) => store.getArticle(id),
    // Undo histories are per annotator; `client` only labels the change events (app/store/apply.ts).
    apply: async ({ op, scope, annotator, client }) => store.apply(op, scope, { annotator, client }),
    undo: async ({ scope, annotator, client }) => (await store.undo(scope, { annotator, client })) ?? null,
    redo: async ({ scope, annotator, client }) => (await store.redo(scope, { annotator, client })) ?? null,
    history: async ({ scope, annotator }) => store.historyDepth(scope, { annotator }),
    getSource: async ({ id }) => {
      const source = store.sources.find((s) => s.id === id);
      if (!source) throw new UserError('not-found', `Source ${id} does not exist.`);
      const mentions: ApiResults['getSource']['mentions'] = [];
      for (const articleId of store.articlesMentioning(id)) {
        const doc = await store.getArticle(articleId);
        for (const s of doc.spans.filter((x) => x.sourceId === id)) {
          const linked = (type: string) => doc.links.filter((l) => l.type === type && l.to === s.id).map((l) => doc.spans.find((x) => x.id === l.from)).filter((x) => x !== undefined).map(spanText);
          mentions.push({ articleId, articleTitle: doc.article.title, spanId: s.id, text: spanText(s), quotes: linked('said-by'), claims: linked('claimed-by') });
        }
      }
      return { source, mentions };
    },
    mergeSources: async ({ keepId, goneId, annotator, client }) => store.mergeSources(keepId, goneId, 'sources', { annotator, client }),
    updateProject: async (patch) => {
      await store.updateProject(patch);
      return info();
    },
    importText: async ({ text, title, origin }) => {
      const doc = articleFromText(text, { ids: randomId, now: new Date().toISOString(), origin: origin ?? 'paste', ...(title ? { title } : {}) });
      if (!doc.article.text.trim()) throw new UserError('bad-input', 'The pasted text is empty once cleaned.');
      await store.addArticle(doc);
      return { id: doc.article.id, title: doc.article.title };
    },
    importFiles: async ({ files, labelMap, clean, format }) => {
      const { importFiles, describeSummary } = await import('../import/import.js');
      const summary = await importFiles(store, files.map((f) => ({ name: path.basename(f.name.replace(/\\/g, '/')), bytes: Buffer.from(f.data, 'base64') })), {
        ...(labelMap ? { labelMap } : {}), ...(clean !== undefined ? { clean } : {}), ...(format ? { format } : {}), annotator: systemUser(),
      });
      return { ...summary, lines: describeSummary(summary) };
    },
    // The schema allows only http(s) addresses, so importPaths fetches it and never reads a path on disk.
    importUrl: async ({ url }) => {
      const { importPaths, describeSummary } = await import('../import/import.js');
      const summary = await importPaths(store, [url], { annotator: systemUser() });
      return { ...summary, lines: describeSummary(summary) };
    },
    exportProject: async ({ format, filter, unit, split, job, includeSuggestions }) => {
      // Through the Api (browser mode, the desktop window) exports go to the project's exports/
      // folder: a request can never name a path elsewhere on the machine.
      if (job !== undefined && jobs.has(job)) throw new UserError('bad-request', `An export named "${job}" is already running.`);
      const state = { done: 0, total: 0, controller: new AbortController() };
      if (job !== undefined) jobs.set(job, state);
      try {
        // A name no other export has, even one started in the same second (app/export/export.ts).
        const r = await exportToProjectFolder(store, {
          format, ...(filter ? { filter } : {}), ...(unit ? { unit } : {}), ...(split ? { split } : {}), ...(includeSuggestions ? { includeSuggestions } : {}),
          signal: state.controller.signal, onProgress: (p) => Object.assign(state, p),
        });
        return { files: r.files, articles: r.articles, spans: r.spans, links: r.links, warnings: r.warnings, unit: r.unit, cancelled: r.cancelled };
      } finally {
        if (job !== undefined) jobs.delete(job);
      }
    },
    exportProgress: async ({ job }) => {
      const state = jobs.get(job);
      return state ? { done: state.done, total: state.total } : null;
    },
    cancelExport: async ({ job }) => {
      const state = jobs.get(job);
      state?.controller.abort();
      return { cancelled: !!state };
    },
    getCleaning: async ({ id }) => cleaningOf(await store.getArticle(id)),
    // Through the article's own history (Ctrl+Z gives the old text back); the model refuses it
    // once annotation has started.
    setCleaning: async ({ id, remove, annotator, client }) => store.apply({ op: 'replaceArticle', articleId: id, article: recleanedArticle(await store.getArticle(id), remove) }, id, { annotator, client }),
    listBackups: async ({ id }) => store.listBackups(id),
    restoreBackup: async ({ id }) => store.restoreBackup(id),
    retrySaves: async () => {
      await store.retrySaves();
      return { unsaved: store.unsaved };
    },
    ...assignmentApi(store),
    ...corpusApi(store),
    ...suggestApi(store, systemUser),
    ...agreementApi(store, systemUser),
    onChange: (listener) => store.onChange(listener),
  };
}

/** True when `name` is an Api method (and not, say, `__proto__`). */
export const isApiMethod = (name: string): name is ApiMethod => (API_METHODS as readonly string[]).includes(name);

/**
 * Validates `payload` for `method` and calls it. Throws {@link UserError} for an unknown
 * method, an invalid payload, or any failure inside; never a raw error with a stack.
 */
export async function dispatch(api: Api, method: string, payload: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new UserError('not-found', `There is no Api method "${method}".`);
  const parsed = apiParams[method].safeParse(payload ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new UserError('bad-request', `Invalid request to ${method}: ${first.path.join('.') || 'body'}: ${first.message}.`);
  }
  return callChecked(api, method, parsed.data);
}

/**
 * Calls `method` with `params` already checked against its schema (`apiParams[method]`, as
 * {@link dispatch} does; the team gate checks an edit itself before it stamps it), turning any
 * failure that is not a {@link UserError} into one.
 */
export async function callChecked(api: Api, method: ApiMethod, params: unknown): Promise<unknown> {
  try {
    return await (api[method] as (p: unknown) => Promise<unknown>)(params);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError('internal', `${method} failed unexpectedly: ${e instanceof Error ? e.message : String(e)}. Nothing was saved half-way; please report this.`);
  }
}
