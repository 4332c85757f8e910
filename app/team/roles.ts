/**
 * Team mode's rules of who may do what (issue 19), checked by the server for every request:
 *
 * - {@link METHOD_ROLE}: the least role each Api method needs. A method missing from the table
 *   needs a manager (a method added later is closed until someone opens it here).
 * - {@link operationProblem}: what an `apply` may change. An annotator writes only spans, links
 *   and events of their own layer (`layerOf`, annotations/model/layers.ts), adds sources (to
 *   attribute a quote), and nothing of the article itself; a curator also writes the curated
 *   layer, the sources and an article's status; a manager also the schema and the articles'
 *   records.
 * - {@link stampOperation}: the signed-in name on every span, link and event an operation adds
 *   and on every span it changes, whatever the payload said.
 * - {@link visibleLayer}: which layers a person reads (an annotator: only their own, blind).
 *
 * Must not: trust a name or a role from a request body.
 */

import { CURATED_LAYER, layerOf } from '../../annotations/model/layers.js';
import type { ArticleDoc } from '../../annotations/model/types.js';
import type { Operation } from '../../annotations/edit/operation-types.js';
import type { Role } from './accounts.js';

const RANK: Record<Role, number> = { annotator: 0, curator: 1, manager: 2 };

/** True when `role` is at least `needed`. */
export const hasRole = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

/**
 * The least role of each method: the Api's (app/api/contract.ts) and the team server's own
 * (login, logout and whoami need no role; they are handled before this table).
 */
export const METHOD_ROLE: Readonly<Record<string, Role>> = {
  getProject: 'annotator', listArticles: 'annotator', getArticle: 'annotator', apply: 'annotator',
  undo: 'annotator', redo: 'annotator', history: 'annotator', getSource: 'annotator', getCleaning: 'annotator',
  retrySaves: 'annotator',
  mergeSources: 'curator',
  updateProject: 'manager', importText: 'manager', importFiles: 'manager', importUrl: 'manager',
  exportProject: 'manager', exportProgress: 'manager', cancelExport: 'manager', setCleaning: 'manager',
  listBackups: 'manager', restoreBackup: 'manager',
  // Assignment (issue 18): a curator reads it, a manager changes it.
  getAssignments: 'curator', assign: 'manager', unassign: 'manager', assignDouble: 'manager',
  // The corpus pages (issue 21) read every layer; provenance is a curator's call.
  corpusSources: 'curator', sourceQuotes: 'curator', corpusClaims: 'curator', searchCorpus: 'curator',
  provenanceGroups: 'curator', corpusCharts: 'curator', setProvenance: 'curator',
  // Suggestions (issue 20) are learned from every layer and written into a layer of their own,
  // past the operation checks here: a curator's, until they respect blind layers.
  suggest: 'curator', rejectSuggestion: 'curator', acceptSuggestions: 'curator', suggestStatus: 'annotator',
  // Agreement (issue 18) compares every layer; accepting what annotators agree on writes the curated layer.
  agreement: 'curator', agreementDetail: 'curator', acceptAgreed: 'curator',
  // The team server's account methods.
  listUsers: 'manager', addUser: 'manager', removeUser: 'manager', resetUser: 'manager', setRole: 'manager',
};

/** The least role `method` needs (a manager for any method not in the table). */
export const roleFor = (method: string): Role => (Object.hasOwn(METHOD_ROLE, method) ? METHOD_ROLE[method]! : 'manager');

/** May `who` write items of `layer`? Their own layer always; the curated one from curator up. */
export function writesLayer(who: { name: string; role: Role }, layer: string): boolean {
  return layer === who.name || (layer === CURATED_LAYER && hasRole(who.role, 'curator'));
}

/** May `who` read items of `layer`? An annotator only their own (blind); a curator and a manager every layer. */
export function visibleLayer(who: { name: string; role: Role }, layer: string): boolean {
  return hasRole(who.role, 'curator') || layer === who.name;
}

type Who = { name: string; role: Role };

/**
 * Why `who` may not apply `op`, or undefined when they may. `docs` holds the articles the
 * operation names as they are now (before it), to find the layer of what it changes or removes;
 * `op` is the operation as stamped ({@link stampOperation}).
 */
export function operationProblem(op: Operation, who: Who, docs: (articleId: string) => ArticleDoc | undefined): string | undefined {
  // Items added earlier in the same batch, by id: a batch may add a span and then change it.
  const added = new Map<string, string>();
  const layerOfItem = (articleId: string, kind: 'spans' | 'links' | 'events', id: string): string | undefined => {
    if (added.has(`${kind}:${id}`)) return added.get(`${kind}:${id}`);
    const item = (docs(articleId)?.[kind] as { id: string; layer?: string; annotator?: string }[] | undefined)?.find((x) => x.id === id);
    return item ? layerOf(item) : undefined;
  };
  const refuse = (what: string, layer: string | undefined) => `${who.name} (${who.role}) may not ${what} in ${layer === undefined ? 'an unknown layer' : `the layer "${layer}"`}${who.role === 'annotator' ? ': an annotator writes only their own layer' : ''}`;
  const needs = (role: Role, what: string) => (hasRole(who.role, role) ? undefined : `${who.name} (${who.role}) may not ${what}: that needs a ${role}`);

  const check = (o: Operation): string | undefined => {
    switch (o.op) {
      case 'batch':
        for (const child of o.ops) {
          const p = check(child);
          if (p) return p;
        }
        return undefined;
      case 'addSpan': {
        for (const item of [o.span, ...(o.links ?? []), ...(o.events ?? []).map((e) => e.event)]) {
          if (!writesLayer(who, layerOf(item))) return refuse('add annotations', layerOf(item));
        }
        added.set(`spans:${o.span.id}`, layerOf(o.span));
        return undefined;
      }
      case 'removeSpan':
      case 'updateSpan': {
        const layer = layerOfItem(o.articleId, 'spans', o.spanId);
        if (layer !== undefined && !writesLayer(who, layer)) return refuse(o.op === 'removeSpan' ? 'remove a span' : 'change a span', layer);
        if (o.op === 'updateSpan') return undefined;
        // Removing a span takes the links and attributions that use it along: all must be writable.
        const doc = docs(o.articleId);
        const links = doc?.links.filter((l) => l.from === o.spanId || l.to === o.spanId) ?? [];
        const events = doc?.events.filter((e) => e.trigger === o.spanId || e.args.some((x) => x.spanId === o.spanId)) ?? [];
        const other = [...links, ...events].find((x) => !writesLayer(who, layerOf({ layer: x.layer, annotator: x.annotator ?? layer })));
        return other ? refuse('remove a span that annotations of another layer use', layerOf({ layer: other.layer, annotator: other.annotator ?? layer })) : undefined;
      }
      case 'addLink':
        if (!writesLayer(who, layerOf(o.link))) return refuse('add a link', layerOf(o.link));
        added.set(`links:${o.link.id}`, layerOf(o.link));
        return undefined;
      case 'removeLink': {
        const layer = layerOfItem(o.articleId, 'links', o.linkId);
        return layer === undefined || writesLayer(who, layer) ? undefined : refuse('remove a link', layer);
      }
      case 'addEvent':
        for (const item of [o.event, ...(o.links ?? [])]) if (!writesLayer(who, layerOf(item))) return refuse('add an attribution', layerOf(item));
        added.set(`events:${o.event.id}`, layerOf(o.event));
        return undefined;
      case 'removeEvent':
      case 'updateEvent': {
        const layer = layerOfItem(o.articleId, 'events', o.eventId);
        return layer === undefined || writesLayer(who, layer) ? undefined : refuse(o.op === 'removeEvent' ? 'remove an attribution' : 'change an attribution', layer);
      }
      case 'addSource':
        return undefined;
      case 'updateSource':
      case 'removeSource':
        return needs('curator', 'change or remove a source');
      case 'setStatus':
        return needs('curator', "change an article's status");
      case 'replaceArticle':
      case 'updateArticle':
        return needs('manager', "change an article's text, title or details");
      case 'setSchema':
        return needs('manager', 'change the schema');
      default:
        return `${who.name} may not apply an operation of an unknown kind`;
    }
  };
  return check(op);
}

/**
 * `op` with `name` as the annotator of everything it adds (spans, links, events; a curated
 * item keeps its `layer` and gets `name` as who made it) and as `updatedBy` of every span it
 * changes. Returns a new operation; `op` is not changed.
 */
export function stampOperation(op: Operation, name: string): Operation {
  switch (op.op) {
    case 'batch':
      return { ...op, ops: op.ops.map((o) => stampOperation(o, name)) };
    case 'addSpan':
      return {
        ...op, span: { ...op.span, annotator: name },
        ...(op.links ? { links: op.links.map((l) => ({ ...l, annotator: name })) } : {}),
        ...(op.events ? { events: op.events.map((e) => ({ ...e, event: { ...e.event, annotator: name } })) } : {}),
      };
    case 'updateSpan':
      return { ...op, patch: { ...op.patch, updatedBy: name } };
    case 'addLink':
      return { ...op, link: { ...op.link, annotator: name } };
    case 'addEvent':
      return { ...op, event: { ...op.event, annotator: name }, ...(op.links ? { links: op.links.map((l) => ({ ...l, annotator: name })) } : {}) };
    default:
      return op;
  }
}
