/**
 * The one way a change reaches the server. Every change of the project (a span, a link, a
 * status, a source, a merge, the cleaning, undo and redo) goes through {@link Writer}:
 *
 * 1. refused at once when the project is open read-only;
 * 2. applied locally with the model, once (`applyOperation`), when the page holds everything it
 *    touches (the open article, the sources): the article, the sources and the article's row in
 *    the list change in the same `set`, so the span appears in the frame of the keypress;
 * 3. sent to the Api in order (one queue for every call), the save state "Saving…" while any is
 *    on its way;
 * 4. the answer reconciled by span, link and event (reconcile.ts): the local object is kept where
 *    the server's copy is equal, so the view redraws only what the server changed; the list row
 *    is updated from the answer, never read again. An answer is reconciled into the open article
 *    only when nothing newer is on its way (that one's answer carries the newer copy). A refused
 *    operation ('invalid-operation') reads the article again.
 *
 * Undo and redo are the server's history, so they cannot be applied locally; their answer is
 * reconciled the same way. This module does not know the view, the keys or the components.
 */
import {
  OperationError, applyOperation, mergeSources as mergeSourcesOp, summarize,
  type Applied, type ArticleDoc, type Operation,
} from '../../annotations/index.js';
import type { Api, ApplyResult } from '../../app/api/contract.js';
import { ApiError } from './api-client.js';
import { withSummary } from './article-list.js';
import { reconcileDoc, reconcileSources } from './reconcile.js';
import { localProjectState } from './selectors.js';
import type { Store, WorkbenchState } from './store.js';

/** The sentence shown when a read-only project is asked to change. */
export const READ_ONLY_NOTICE = 'This project is open read-only, so this change was not made (see the banner above).';

/** An error as the user reads it. */
export function message(e: unknown): string {
  return e instanceof ApiError || e instanceof OperationError || e instanceof Error ? e.message : String(e);
}

/** The article ids an operation names, batches included. */
function articleIds(op: Operation): string[] {
  if (op.op === 'batch') return op.ops.flatMap(articleIds);
  return 'articleId' in op ? [op.articleId] : [];
}

/** Records the annotator on every span edit (creations carry it already). */
function signed(op: Operation, user: string): Operation {
  if (op.op === 'batch') return { ...op, ops: op.ops.map((o) => signed(o, user)) };
  if (op.op === 'updateSpan' && user) return { ...op, patch: { ...op.patch, updatedBy: user } };
  return op;
}

export type WriterOptions = {
  store: Store;
  api: Api;
  /** This page among the others open on the project: its own changes come back as events too. */
  client: string;
  /** The time a local change is made at (ISO 8601); a seam for tests. */
  now?: () => string;
};

export class Writer {
  private readonly store: Store;
  private readonly api: Api;
  /** The clock of local changes (ISO 8601): a span's `createdAt`, a list row's `updatedAt`. */
  readonly now: () => string;
  readonly client: string;
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = 0;

  constructor(o: WriterOptions) {
    this.store = o.store;
    this.api = o.api;
    this.client = o.client;
    this.now = o.now ?? (() => new Date().toISOString());
  }

  /** How many changes are on their way to the Api. */
  get pending(): number {
    return this.inFlight;
  }

  /** Who makes this page's changes, for the Api: undo takes back only this annotator's own. */
  author(): { annotator?: string; client: string } {
    const user = this.store.get().user;
    return { ...(user ? { annotator: user } : {}), client: this.client };
  }

  /** Runs Api calls one after another, so the server sees them in the order they were made. */
  enqueue<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued call has been answered. */
  idle(): Promise<unknown> {
    return this.queue;
  }

  /** True (after saying why) when the project is open read-only: no change is made, not even for a moment. */
  private readOnly(): boolean {
    if (!this.store.get().project?.problem) return false;
    this.store.set({ notice: READ_ONLY_NOTICE });
    return true;
  }

  /**
   * Makes a change: applied locally at once when the page holds what it touches, then saved in
   * order. `patch` is set together with the local result (the new span selected, say), so the
   * keypress costs one notification. Returns false, with the reason as the notice, when the
   * change is refused (read-only project, or the model refuses it); the save's own outcome
   * shows in the save state.
   */
  change(op: Operation, opts: { scope?: string; patch?: Partial<WorkbenchState> } = {}): boolean {
    if (this.readOnly()) return false;
    const s = this.store.get();
    op = signed(op, s.user);
    const ids = articleIds(op);
    const open = s.doc;
    let patch: Partial<WorkbenchState> = { notice: null, ...opts.patch };
    const local = localProjectState(s);
    if (local && ids.every((id) => id === open!.article.id)) {
      try {
        patch = { ...this.localPatch(applyOperation(local, op, { now: this.now() })), ...patch };
      } catch (e) {
        this.store.set({ notice: message(e) });
        return false;
      }
    } else if (op.op === 'setStatus' && s.list) {
      // Another article's status: its row shows the new one at once.
      const row = s.list.items.find((a) => a.id === op.articleId);
      if (row) patch.list = withSummary(s.list, s.query, { ...row, status: op.status }, row);
    }
    const scope = opts.scope ?? ids[0] ?? 'sources';
    void this.submit(() => this.api.apply({ op, scope, ...this.author() }), patch, (r) => this.answered(r));
    return true;
  }

  /**
   * Merges source `goneId` into `keepId`: checked and applied to what this page holds by the
   * model, then done by the server for every article. False when refused.
   */
  mergeSources(keepId: string, goneId: string): Promise<boolean> {
    if (this.readOnly()) return Promise.resolve(false);
    const local = localProjectState(this.store.get());
    let patch: Partial<WorkbenchState> = {};
    if (local) {
      try {
        patch = this.localPatch(applyOperation(local, mergeSourcesOp(local, keepId, goneId), { now: this.now() }));
      } catch (e) {
        this.store.set({ notice: message(e) });
        return Promise.resolve(false);
      }
    }
    return this.submit(() => this.api.mergeSources({ keepId, goneId, ...this.author() }), patch, (r) => this.answered(r)).then((r) => r !== undefined);
  }

  /**
   * Undo (or redo) of this annotator's last change of the open article or of the sources
   * (whichever came last; with no article open, of the sources), reconciled like any answer. A
   * step the server refuses (changed since by someone else) is a notice, not a save error:
   * nothing is left unsaved.
   */
  history(redo: boolean): Promise<void> {
    const doc = this.store.get().doc;
    if (this.readOnly()) return Promise.resolve();
    const params = { scope: doc?.article.id ?? 'sources', ...this.author() };
    return this.submit(() => (redo ? this.api.redo(params) : this.api.undo(params)), {}, (r) => {
      if (!r) return { notice: redo ? 'Nothing to redo.' : 'Nothing to undo.' };
      const patch = this.answered(r);
      const selected = this.store.get().selected;
      if (patch.doc && !('selected' in patch)) patch.selected = patch.doc.spans.some((x) => x.id === selected) ? selected : null;
      return patch;
    }, { refusalAs: 'notice' }).then(() => undefined);
  }

  /**
   * Rebuilds the open article's text from its original without the blocks at `remove` (before
   * annotation starts). True once saved; the notice says why not otherwise.
   */
  setCleaning(remove: number[]): Promise<boolean> {
    const doc = this.store.get().doc;
    if (!doc || this.readOnly()) return Promise.resolve(false);
    return this.submit(() => this.api.setCleaning({ id: doc.article.id, remove, ...this.author() }), {}, (r) => this.answered(r), { errorAs: 'notice' })
      .then((r) => r !== undefined);
  }

  /** Asks the Api to write what it could not save before; the save state says how it went. */
  async retry(): Promise<void> {
    try {
      const { unsaved } = await this.enqueue(() => this.api.retrySaves({}));
      this.store.set({ save: unsaved.length ? { kind: 'error', message: 'Some changes are still not saved.' } : { kind: 'saved' } });
    } catch (e) {
      this.store.set({ save: { kind: 'error', message: message(e) } });
    }
  }

  /**
   * The fields that show `server`, a newer copy of the open article: reconciled by span when its
   * text is the same; when the text changed (cleaning), the view is made anew (`textVersion`).
   */
  showServerDoc(server: ArticleDoc): Partial<WorkbenchState> {
    const s = this.store.get();
    const before = s.doc;
    const textChanged = !!before && before.article.id === server.article.id && before.article.text !== server.article.text;
    if (textChanged) return { doc: server, textVersion: s.textVersion + 1, selected: null, find: { ...s.find, hits: [], index: 0 } };
    return { doc: reconcileDoc(before, server) };
  }

  /** The state after an operation the model applied locally: the open article, the sources, its list row. */
  private localPatch(applied: Applied): Partial<WorkbenchState> {
    const s = this.store.get();
    const open = s.doc!;
    const doc = applied.state.docs[open.article.id]!;
    const patch: Partial<WorkbenchState> = {};
    if (doc !== open) {
      patch.doc = doc;
      if (s.list) patch.list = withSummary(s.list, s.query, summarize(doc, this.now()), open.article);
    }
    if (applied.sources && s.project) patch.project = { ...s.project, sources: Object.values(applied.state.sources) };
    return patch;
  }

  /**
   * The state after the server's answer to a change: its sources (the local objects kept where
   * equal), the rows of the articles it changed, and the open article reconciled by span, the
   * last two only when nothing of this page's is still on its way (its answer is newer).
   */
  private answered(r: ApplyResult): Partial<WorkbenchState> {
    const s = this.store.get();
    const patch: Partial<WorkbenchState> = {};
    if (r.sources && s.project) {
      const sources = reconcileSources(s.project.sources, r.sources);
      if (sources !== s.project.sources) patch.project = { ...s.project, sources };
    }
    if (this.inFlight > 0) return patch;
    let list = s.list;
    for (const d of r.docs) if (list) list = withSummary(list, s.query, summarize(d, d.updatedAt ?? this.now()));
    if (list !== s.list) patch.list = list;
    const mine = r.docs.find((d) => d.article.id === s.doc?.article.id);
    if (mine) Object.assign(patch, this.showServerDoc(mine));
    return patch;
  }

  /**
   * Queues `call`, with `patch` (the local result) set at once together with "Saving…"; on the
   * answer sets what `answer` returns with the save state, in one `set`. A failure shows in the
   * save state (or as the notice: every failure with `errorAs: 'notice'`, only a refusal,
   * 'invalid-operation', with `refusalAs: 'notice'`) and resolves to undefined.
   */
  private async submit<R>(call: () => Promise<R>, patch: Partial<WorkbenchState>, answer: (r: R) => Partial<WorkbenchState>, opts: { errorAs?: 'save' | 'notice'; refusalAs?: 'notice' } = {}): Promise<R | undefined> {
    this.inFlight++;
    this.store.set({ ...patch, save: this.saveState('saving') });
    let r: R;
    try {
      r = await this.enqueue(call);
    } catch (e) {
      this.inFlight--;
      const refused = e instanceof ApiError && e.code === 'invalid-operation';
      if (opts.errorAs === 'notice' || (refused && opts.refusalAs === 'notice')) this.store.set({ notice: message(e), save: this.settled() });
      else this.store.set({ save: { kind: 'error', message: message(e) } });
      if (e instanceof ApiError && e.code === 'invalid-operation') await this.reload();
      return undefined;
    }
    this.inFlight--;
    this.store.set({ ...answer(r), save: this.settled() });
    return r;
  }

  /** The save state once an answer came: still saving while others are on their way (the same object when unchanged, so no notification). */
  private settled(): WorkbenchState['save'] {
    return this.saveState(this.inFlight > 0 ? 'saving' : 'saved');
  }

  private saveState(kind: 'saving' | 'saved'): WorkbenchState['save'] {
    const current = this.store.get().save;
    return current.kind === kind ? current : { kind };
  }

  /** Reads the open article again (the server refused a change this page had already shown). */
  private async reload(): Promise<void> {
    const id = this.store.get().doc?.article.id;
    if (!id) return;
    try {
      const doc = await this.enqueue(() => this.api.getArticle({ id }));
      if (this.store.get().doc?.article.id === id) this.store.set(this.showServerDoc(doc));
    } catch (e) {
      this.store.set({ notice: message(e) });
    }
  }
}
