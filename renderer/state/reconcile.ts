/**
 * Reconciling the server's copy of an article with this page's: span by span, link by link,
 * event by event, the local object is kept where the server's is equal and the server's taken
 * where it differs. Unchanged objects keep their identity, so the view's `sync` (which skips a
 * span it already holds, by `===`) redraws only what the server changed.
 *
 * Pure: no state, no Api. It decides nothing about *when* to reconcile (write-path.ts does).
 */
import type { ArticleDoc, Source } from '../../annotations/index.js';

/**
 * Structural equality of JSON-like values (what crosses the Api). A missing key and a key set
 * to `undefined` are equal, as they are once the value is sent as JSON.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameValue(ao[k], bo[k])) return false;
  return true;
}

/**
 * The server's list with each item replaced by the local one of the same id when they are equal;
 * the local array itself when nothing differs (same ids, same order, all equal).
 */
export function reconcileById<T extends { id: string }>(local: readonly T[], server: readonly T[]): T[] {
  const byId = new Map(local.map((x) => [x.id, x]));
  const out = server.map((s) => {
    const l = byId.get(s.id);
    return l !== undefined && sameValue(l, s) ? l : s;
  });
  return out.length === local.length && out.every((x, i) => x === local[i]) ? (local as T[]) : out;
}

/**
 * The server's `server` copy of the article `local` shows, keeping every local object that is
 * equal to the server's. Another article (or none held): the server's copy as it is. The result
 * is `local` itself when nothing at all differs.
 */
export function reconcileDoc(local: ArticleDoc | null, server: ArticleDoc): ArticleDoc {
  if (!local || local.article.id !== server.article.id) return server;
  const article = sameValue(local.article, server.article) ? local.article : server.article;
  const spans = reconcileById(local.spans, server.spans);
  const links = reconcileById(local.links, server.links);
  const events = reconcileById(local.events, server.events);
  if (article === local.article && spans === local.spans && links === local.links && events === local.events
    && local.type === server.type && local.version === server.version && local.updatedAt === server.updatedAt) return local;
  return { ...server, article, spans, links, events };
}

/** The server's sources, keeping the local objects (and the local array) where they are equal. */
export const reconcileSources = (local: readonly Source[], server: readonly Source[]): Source[] => reconcileById(local, server);
