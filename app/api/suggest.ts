/**
 * The suggestion methods of the Api (issue 20) over a store: suggestions for an article (from
 * the project's model when it has learned one, else the rules; never ones a person rejected),
 * remembering rejections, accepting on the server, and the suggester's status. The renderer
 * applies suggestions, acceptances and rejections itself through its one write path, so they
 * undo like any edit; `apply` and `acceptSuggestions` are for other callers.
 */

import { acceptOperation, addSuggestionsOperation } from '../../annotations/suggest/accept.js';
import { SUGGESTER } from '../../annotations/suggest/build.js';
import type { ProjectStore } from '../store/project-store.js';
import { suggestService } from '../suggest/service.js';
import type { Api } from './contract.js';

type SuggestApi = Pick<Api, 'suggest' | 'rejectSuggestion' | 'acceptSuggestions' | 'suggestStatus'>;

export function suggestApi(store: ProjectStore, systemUser: () => string): SuggestApi {
  const service = suggestService(store);
  return {
    suggest: async ({ articleId, apply, annotator, client }) => {
      const doc = await store.getArticle(articleId);
      const built = service.propose(doc, annotator);
      // Learning happens in the background; this answer uses the model there is now.
      void service.refresh();
      const op = apply ? addSuggestionsOperation(articleId, built) : undefined;
      const applied = op ? await store.apply(op, articleId, { annotator: SUGGESTER, client }) : null;
      const model = service.currentModel();
      return { ...built, model: model ? { articles: model.trainedOn.length } : null, applied };
    },
    rejectSuggestion: async ({ articleId, keys }) => {
      await store.getArticle(articleId);
      return { rejected: service.reject(articleId, keys) };
    },
    acceptSuggestions: async ({ articleId, spanIds, annotator, client }) => {
      const who = annotator ?? systemUser();
      const op = acceptOperation(await store.getArticle(articleId), who, new Date().toISOString(), spanIds);
      return op ? store.apply(op, articleId, { annotator: who, client }) : null;
    },
    suggestStatus: async () => service.status(),
  };
}
