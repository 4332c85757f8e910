/**
 * Team mode's door (issue 19): what the HTTP server (server.ts) asks before and after every Api
 * call when it serves a desk of several people. Sign-in (`login`, `logout`, `whoami`), the
 * session behind every other call (401), the role each method needs and what an operation may
 * write (403, app/team/roles.ts), the signed-in name stamped on every change, the minimal span
 * (app/api/minimal-span.ts), the order of each article's changes with `base` (409,
 * app/team/conflicts.ts), the layers a person may read (an annotator sees only their own) and
 * the articles assigned to them, the managers' account methods, and answers to edits that leave
 * out the article the page already holds (`have`, see versionOf).
 *
 * Must not: let a request body name who makes a change, nor answer a method this file does not
 * know with anything but a manager's check.
 */

import { articlesOf, countsOf, filterLayers, type ArticleDoc, type ArticleSummary, type Operation } from '../../annotations/index.js';
import type { Api, ApiEvents, ChangeEvent } from '../api/contract.js';
import { apiParams } from '../api/contract.js';
import { callChecked, dispatch } from '../api/handlers.js';
import { HTTP_STATUS, toErrorPayload } from '../api/error-mapping.js';
import { completeMinimalSpans } from '../api/minimal-span.js';
import { UserError } from '../errors.js';
import type { Accounts, AccountInfo, Role } from '../team/accounts.js';
import { ArticleLocks, ChangeLog, changedItems, itemsChangedBy } from '../team/conflicts.js';
import { hasRole, operationProblem, roleFor, stampOperation, visibleLayer } from '../team/roles.js';
import { Sessions } from '../team/sessions.js';
import { Throttle } from '../team/throttle.js';

export type TeamOptions = {
  accounts: Accounts;
  sessions?: Sessions;
  throttle?: Throttle;
  /**
   * The articles `name` may read, or undefined for every article (nothing assigned to them).
   * The assignment module (app/team/assignments.ts) answers it when the project has one.
   */
  assignedTo?: (name: string) => Promise<readonly string[] | undefined>;
};

export type GateAnswer = { status: number; body: unknown; headers?: Record<string, string> };
type Who = { name: string; role: Role };

const error = (status: number, code: string, message: string, headers?: Record<string, string>): GateAnswer => ({ status, body: { error: { code, message } }, ...(headers ? { headers } : {}) });
const fromError = (e: unknown): GateAnswer => {
  const p = toErrorPayload(e);
  return error(HTTP_STATUS[p.code] ?? 500, p.code, p.message);
};

/**
 * The desk's version of the article part of an article (text, metadata, provenance: the object
 * the model keeps while only annotations change), for this process. A page that holds it names
 * it (`have`) with an edit, and the answer leaves the article out: the bench's 100,000-word
 * article is 835 kB of JSON, and the answer to every edit of it carried it to the page (issue 19).
 */
const versionOf = (() => {
  const boot = Math.random().toString(36).slice(2, 10);
  const versions = new WeakMap<object, string>();
  let n = 0;
  return (article: object): string => {
    let v = versions.get(article);
    if (!v) versions.set(article, (v = `${boot}.${++n}`));
    return v;
  };
})();

/** `have` as an edit sends it: article ids to the versions of them the page holds. */
function haveOf(have: unknown): Record<string, string> | undefined {
  if (have === undefined) return undefined;
  if (typeof have !== 'object' || have === null || Array.isArray(have) || !Object.values(have).every((v) => typeof v === 'string')) {
    throw new UserError('bad-request', 'Invalid request to apply: have: the versions of the articles the page holds, as {"<article id>": "<version>"}.');
  }
  return have as Record<string, string>;
}

/** The methods whose `annotator` param is set to the signed-in name. */
const AUTHORED = new Set(['undo', 'redo', 'history', 'mergeSources', 'setCleaning', 'suggest', 'acceptSuggestions', 'acceptAgreed']);

export class TeamGate {
  readonly sessions: Sessions;
  readonly throttle: Throttle;
  readonly log = new ChangeLog();
  private readonly locks = new ArticleLocks();
  /** Per article, the function that wakes the change waiting to be in memory. */
  private readonly waiting = new Map<string, () => void>();

  constructor(private readonly api: Api & ApiEvents, private readonly opts: TeamOptions) {
    this.sessions = opts.sessions ?? new Sessions();
    this.throttle = opts.throttle ?? new Throttle();
    api.onChange?.((e) => e.articles.forEach((a) => this.waiting.get(a)?.()));
  }

  /**
   * An article, read under its lock. The store's `getArticle` loads an article that is not in
   * its cache and then caches what it read, over any change made meanwhile (app/store/articles.ts,
   * `get`): a read racing an edit of the same article would drop that edit. Every read and edit
   * of an article through the gate holds the article's lock, so the two never overlap.
   */
  private async read(id: string): Promise<ArticleDoc> {
    const release = await this.locks.take([id]);
    try {
      return await this.api.getArticle({ id });
    } finally {
      release();
    }
  }

  /** The desk's accounts (users.json). */
  accounts(): Accounts {
    return this.opts.accounts;
  }

  /** The live session of an `Authorization` header's bearer token, with the account as it is now. */
  who(bearer: string | undefined, touch = true): Who | undefined {
    const s = this.sessions.check(bearer, touch);
    const account = s && this.opts.accounts.get(s.name);
    if (!account) return undefined;
    // A password reset (here or by the command line) ends the sessions signed in before it.
    if (Date.parse(account.passwordSetAt) > s.created) {
      this.sessions.end(bearer!);
      return undefined;
    }
    return { name: account.name, role: account.role };
  }

  /** `POST /api/login {name, password}` from `address`. */
  async login(payload: unknown, address: string): Promise<GateAnswer> {
    const p = payload as { name?: unknown; password?: unknown } | null;
    if (typeof p?.name !== 'string' || typeof p.password !== 'string' || p.name.length > 200 || p.password.length > 1000) return error(400, 'bad-request', 'Sign in with {"name": "…", "password": "…"}.');
    const keys = [`name:${p.name}`, `address:${address}`];
    const wait = this.throttle.wait(keys);
    if (wait > 0) return error(429, 'throttled', `Too many wrong passwords: try again in ${Math.ceil(wait / 1000)} seconds.`, { 'Retry-After': String(Math.ceil(wait / 1000)) });
    const account = await this.opts.accounts.verify(p.name, p.password);
    if (!account) {
      this.throttle.fail(keys);
      return error(401, 'unauthorized', 'That name and password do not match an account of this desk. Ask a manager to reset your password if you lost it.');
    }
    this.throttle.clear(`name:${p.name}`);
    return { status: 200, body: { result: { token: this.sessions.create(account.name), name: account.name, role: account.role, idleMinutes: Math.round(this.sessions.idleMs / 60_000) } } };
  }

  /** Every Api method and the managers' account methods, for a request with `bearer`. */
  async call(method: string, payload: unknown, bearer: string | undefined): Promise<GateAnswer> {
    if (method === 'logout') {
      if (bearer) this.sessions.end(bearer);
      return { status: 200, body: { result: null } };
    }
    const who = this.who(bearer);
    if (!who) return error(401, 'unauthorized', 'Sign in first: this desk needs your name and password (your session may have ended).');
    if (method === 'whoami') return { status: 200, body: { result: who } };
    const needed = roleFor(method);
    if (!hasRole(who.role, needed)) return error(403, 'forbidden', `${who.name} is ${who.role === 'annotator' ? 'an' : 'a'} ${who.role}; ${method} needs a ${needed}.`);
    try {
      if (Object.hasOwn(USER_METHODS, method)) return { status: 200, body: { result: (await USER_METHODS[method]!(this, payload, who)) ?? null } };
      return await this.apiCall(method, (payload ?? {}) as Record<string, unknown>, who);
    } catch (e) {
      return fromError(e);
    }
  }

  /** May `who` read article `id`? Curators and managers every article; an annotator those assigned to them (all while none are). */
  async mayRead(who: Who, id: string): Promise<boolean> {
    if (hasRole(who.role, 'curator')) return true;
    const assigned = await this.opts.assignedTo?.(who.name);
    return !assigned || assigned.includes(id);
  }

  /** `doc` as `who` may see it: every layer, or (an annotator) only their own. */
  view(who: Who, doc: ArticleDoc): ArticleDoc {
    return hasRole(who.role, 'curator') ? doc : filterLayers(doc, (l) => visibleLayer(who, l));
  }

  /** A change event as `who` may hear of it (undefined: not at all). */
  async eventFor(who: Who, e: ChangeEvent): Promise<ChangeEvent | undefined> {
    const revisions = (ids: readonly string[]) => Object.fromEntries(ids.map((a) => [a, this.log.revision(a)]));
    if (hasRole(who.role, 'curator')) return { ...e, revisions: revisions(e.articles) } as ChangeEvent;
    const articles: string[] = [];
    for (const a of e.articles) if (await this.mayRead(who, a)) articles.push(a);
    if (e.articles.length && !articles.length && !e.sources && !e.schema && !e.project) return undefined;
    // Blind: an annotator hears that an article changed (to read their layer of it again), not who changed it.
    const { annotator, client, ...rest } = e;
    return { ...rest, articles, revisions: revisions(articles), ...(annotator === who.name ? { annotator, ...(client ? { client } : {}) } : {}) } as ChangeEvent;
  }

  private async apiCall(method: string, params: Record<string, unknown>, who: Who): Promise<GateAnswer> {
    const revisions = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, this.log.revision(id)]));
    if (AUTHORED.has(method)) params = { ...params, annotator: who.name };
    if (method === 'getArticle') {
      const id = String(params.id);
      if (!(await this.mayRead(who, id))) throw new UserError('forbidden', `Article ${id} is not assigned to ${who.name}.`);
      const release = await this.locks.take([id]);
      let rev: number;
      let doc: ArticleDoc;
      try {
        rev = this.log.revision(id); // under the lock: no change of the article between the two
        doc = (await dispatch(this.api, method, params)) as ArticleDoc;
      } finally {
        release();
      }
      return { status: 200, body: { result: this.view(who, doc), revisions: { [id]: rev }, articles: { [id]: versionOf(doc.article) } } };
    }
    if (method === 'listArticles') {
      const list = (await dispatch(this.api, method, params)) as Awaited<ReturnType<Api['listArticles']>>;
      if (hasRole(who.role, 'curator')) return { status: 200, body: { result: list } };
      // An annotator is blind: each row counts their own layer only, and names no other layer.
      const own = (r: ArticleSummary): ArticleSummary => {
        const { counts, links } = countsOf(r, [who.name]);
        const { layerCounts, ...rest } = r;
        const mine = layerCounts?.[who.name];
        return { ...rest, counts, links, ...(mine ? { layerCounts: { [who.name]: mine } } : {}) };
      };
      const assigned = await this.opts.assignedTo?.(who.name);
      const items = (assigned ? list.items.filter((r) => assigned.includes(r.id)) : list.items).map(own);
      return { status: 200, body: { result: { ...list, items, total: assigned ? items.length : list.total } } };
    }
    if (method === 'getSource') {
      const details = (await dispatch(this.api, method, params)) as Awaited<ReturnType<Api['getSource']>>;
      if (hasRole(who.role, 'curator')) return { status: 200, body: { result: details } };
      const mentions = [];
      for (const m of details.mentions) {
        if (!(await this.mayRead(who, m.articleId))) continue;
        const doc = this.view(who, await this.read(m.articleId));
        if (doc.spans.some((s) => s.id === m.spanId)) mentions.push(m);
      }
      return { status: 200, body: { result: { ...details, mentions } } };
    }
    if (method === 'apply') return this.applyAs(who, params);
    // The annotator recorded on changes is the signed-in person (the page shows it, never asks).
    if (method === 'getProject') return { status: 200, body: { result: { ...((await dispatch(this.api, method, params)) as object), user: who.name, team: who } } };
    if (method === 'undo' || method === 'redo') {
      const scope = typeof params.scope === 'string' ? params.scope : 'project';
      return this.changeArticles(who, [scope], undefined, () => dispatch(this.api, method, params) as Promise<{ docs: ArticleDoc[] } | null>, revisions);
    }
    const result = await dispatch(this.api, method, params);
    return { status: 200, body: { result: result ?? null } };
  }

  private async applyAs(who: Who, params: Record<string, unknown>): Promise<GateAnswer> {
    const { base, have: sent, ...rest } = params;
    if (base !== undefined && (!Number.isInteger(base) || (base as number) < 0)) throw new UserError('bad-request', 'Invalid request to apply: base: the revision of the article the change is based on must be a whole number.');
    const have = haveOf(sent);
    const completed = await completeMinimalSpans(rest.op, { article: (id) => this.read(id), annotator: who.name });
    const parsed = apiParams.apply.safeParse({ ...rest, op: completed, annotator: who.name });
    if (!parsed.success) return fromErrorOf(() => dispatch(this.api, 'apply', { ...rest, op: completed, annotator: who.name }));
    const op = stampOperation(parsed.data.op, who.name);
    const ids = articlesOf(op);
    for (const id of ids) if (!(await this.mayRead(who, id))) throw new UserError('forbidden', `Article ${id} is not assigned to ${who.name}.`);
    return this.changeArticles(who, ids, { op, base: base as number | undefined }, () => callChecked(this.api, 'apply', { ...parsed.data, op }) as Promise<{ docs: ArticleDoc[] }>, (x) => Object.fromEntries(x.map((id) => [id, this.log.revision(id)])), have);
  }

  /**
   * Runs a change of `ids` (an apply, an undo or a redo) with the articles locked: the checks of
   * an operation against their current copies (layers, and a conflict with `base`), the change,
   * and the record of what it changed once it is in memory; the lock is let go then, before the
   * change is on disk, so the next change of the article is checked while this one is written.
   */
  private async changeArticles(who: Who, ids: readonly string[], apply: { op: Operation; base: number | undefined } | undefined, run: () => Promise<{ docs: ArticleDoc[] } | null>, revisions: (ids: readonly string[]) => Record<string, number>, have?: Record<string, string>): Promise<GateAnswer> {
    const release = await this.locks.take(ids);
    let result: { docs: ArticleDoc[] } | null;
    try {
      const before = new Map<string, ArticleDoc>();
      for (const id of ids) {
        const doc = await this.api.getArticle({ id }).catch(() => undefined);
        if (doc) before.set(id, doc);
      }
      if (apply) {
        const problem = operationProblem(apply.op, who, (id) => before.get(id));
        if (problem) throw new UserError('forbidden', `${problem}.`);
        if (apply.base !== undefined) {
          for (const id of ids) {
            const hit = this.log.conflict(id, itemsChangedBy(apply.op, id), apply.base, who.name);
            if (hit) throw new UserError('conflict', `${hit.by} changed this ${hit.item.split(':')[0]} (${hit.item.split(':')[1] ?? 'the article'}) after your copy was read (your copy: revision ${apply.base}; their change: ${hit.rev}). Nothing was changed: look at the article as it is now and make your change again.`);
          }
        }
      }
      const inMemory = new Promise<void>((resolve) => ids.forEach((id) => before.has(id) && this.waiting.set(id, resolve)));
      const pending = run();
      await Promise.race([inMemory, pending.then(() => undefined, () => undefined)]);
      ids.forEach((id) => this.waiting.delete(id));
      for (const id of ids) {
        if (!before.has(id)) continue;
        const after = await this.api.getArticle({ id }).catch(() => undefined);
        const items = changedItems(before.get(id), after);
        if (items.length) this.log.record(id, items, who.name);
      }
      release();
      result = await pending;
    } finally {
      release();
    }
    if (!result) return { status: 200, body: { result: null } };
    // An article the page holds as it is now is left out of the answer (see versionOf).
    const docs = result.docs.map((d) => (have?.[d.article.id] === versionOf(d.article) ? { ...this.view(who, d), article: undefined } : this.view(who, d)));
    const articles = Object.fromEntries(result.docs.map((d) => [d.article.id, versionOf(d.article)]));
    return { status: 200, body: { result: { ...result, docs }, revisions: revisions(result.docs.map((d) => d.article.id)), articles } };
  }
}

async function fromErrorOf(f: () => Promise<unknown>): Promise<GateAnswer> {
  try {
    await f();
    return error(500, 'internal', 'The request was refused by the check and accepted by the Api.');
  } catch (e) {
    return fromError(e);
  }
}

type UserMethod = (gate: TeamGate, payload: unknown, who: AccountInfo | Who) => Promise<unknown>;
const nameOf = (p: unknown): string => {
  const name = (p as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !name) throw new UserError('bad-request', 'Name the account: {"name": "…"}.');
  return name;
};

/** The managers' account methods (the command line's `user add|list|remove|reset` in the app). */
const USER_METHODS: Record<string, UserMethod> = {
  listUsers: async (g) => g.accounts().list(),
  addUser: async (g, p) => ({ password: await g.accounts().add(nameOf(p), String((p as { role?: unknown }).role ?? 'annotator')) }),
  resetUser: async (g, p) => {
    const password = await g.accounts().reset(nameOf(p));
    g.sessions.endAll(nameOf(p));
    return { password };
  },
  setRole: async (g, p) => g.accounts().setRole(nameOf(p), String((p as { role?: unknown }).role)),
  removeUser: async (g, p, who) => {
    if (nameOf(p) === who.name) throw new UserError('bad-request', 'You cannot remove your own account: ask another manager, or use "npm run cli -- user remove".');
    await g.accounts().remove(nameOf(p));
    g.sessions.endAll(nameOf(p));
  },
};
