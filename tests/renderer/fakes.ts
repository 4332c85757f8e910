/**
 * Fakes for the renderer's state and commands in Node: an Api that keeps a project in memory
 * and applies operations with the real model (so its answers look like the server's: its own
 * clock on what it changed, every object new, as after JSON), records every call, and can hold
 * its answers, fail a call or refuse an operation; a view that records what it was asked; and
 * a workbench opened on one article, with both attached.
 */
import {
  applyOperation, defaultSchema, emptyDoc, createArticle, makeFragment, summarize, textOffset,
  type ArticleDoc, type Operation, type ProjectState, type Source, type Span, type TextOffset,
} from '../../annotations/index.js';
import type { Api, ApiMethod, ApiParams, ApiResults, ApplyResult, ChangeEvent, ProjectInfo } from '../../app/api/contract.js';
import { ApiError } from '../../renderer/state/api-client.js';
import type { OverlayModel, ViewPort } from '../../renderer/editor/view-port.js';
import { createWorkbench, type Workbench } from '../../renderer/state/workbench.js';
import { init } from '../../renderer/commands/project.js';
import { openArticle } from '../../renderer/commands/articles.js';

export const LOCAL_NOW = '2026-03-01T10:00:00.000Z';
export const SERVER_NOW = '2026-03-01T10:00:01.000Z';
export const TEXT = 'Alice Smith said the budget was late. Bob Jones denied it firmly. The minister spoke later.';

/** `[start, end)` of the n-th `needle` in {@link TEXT}. */
export function range(needle: string, text = TEXT, n = 0): [TextOffset, TextOffset] {
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`"${needle}" is not in the text`);
  return [textOffset(i), textOffset(i + needle.length)];
}

export function articleDoc(id: string, text = TEXT, title = `Article ${id}`): ArticleDoc {
  return emptyDoc(createArticle({ id, title, text, provenance: { origin: 'test', importedAt: LOCAL_NOW } }));
}

export function spanIn(doc: ArticleDoc, id: string, label: string, needle: string, extra: Partial<Span> = {}): Span {
  const [s, e] = range(needle, doc.article.text);
  return { id, label, fragments: [makeFragment(doc.article.text, s, e)], attributes: {}, annotator: 'alice', origin: 'manual', createdAt: LOCAL_NOW, updatedAt: LOCAL_NOW, ...extra };
}

type Call = { method: ApiMethod; params: unknown };
type Handler = (params: never) => unknown;

/** The project of {@link FakeApi}: what its server holds. */
export type FakeProject = { state: ProjectState; problem?: string; user?: string };

export class FakeApi {
  readonly calls: Call[] = [];
  state: ProjectState;
  problem: string | undefined;
  private held: (() => void)[] | null = null;
  private readonly failures = new Map<ApiMethod, Error[]>();
  private readonly undoStack = new Map<string, Operation[]>();
  private readonly redoStack = new Map<string, Operation[]>();

  constructor(project: FakeProject) {
    this.state = project.state;
    this.problem = project.problem;
  }

  /** The calls of `method` so far. */
  callsOf(method: ApiMethod): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** From now on, answers wait for {@link release}. */
  hold(): void {
    this.held ??= [];
  }

  /** Answers the held calls, in the order they were made, and stops holding. */
  async release(): Promise<void> {
    const held = this.held ?? [];
    this.held = null;
    for (const run of held) run();
    await settle();
  }

  /** The next call of `method` fails with `error`. */
  failNext(method: ApiMethod, error: Error): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** From now on, `method` is answered by `answer` (which may take its time), not by the project. */
  intercept<M extends ApiMethod>(method: M, answer: (params: ApiParams<M>) => Promise<ApiResults[M]>): void {
    this.intercepted.set(method, answer as (params: unknown) => Promise<unknown>);
  }

  private readonly intercepted = new Map<ApiMethod, (params: unknown) => Promise<unknown>>();

  readonly api: Api = new Proxy({} as Api, {
    get: (_t, method: string) => (params: unknown) => {
      const answer = this.intercepted.get(method as ApiMethod);
      if (!answer) return this.call(method as ApiMethod, params);
      this.calls.push({ method: method as ApiMethod, params });
      return answer(params);
    },
  });

  private call(method: ApiMethod, params: unknown): Promise<unknown> {
    this.calls.push({ method, params });
    return new Promise((resolve, reject) => {
      const run = () => {
        const failure = this.failures.get(method)?.shift();
        if (failure) return reject(failure);
        try {
          // A copy, as after JSON: no object of the answer is one the page holds.
          resolve(structuredClone((this.handlers[method] as Handler)(params as never)));
        } catch (e) {
          reject(e);
        }
      };
      if (this.held) this.held.push(run);
      else queueMicrotask(run);
    });
  }

  private applyOp(op: Operation, scope: string, record = true): ApplyResult {
    if (this.problem) throw new ApiError('read-only', 'Nothing can be changed.');
    let applied;
    try {
      applied = applyOperation(this.state, op, { now: SERVER_NOW });
    } catch (e) {
      throw new ApiError('invalid-operation', (e as Error).message);
    }
    this.state = applied.state;
    if (record) {
      this.undoStack.set(scope, [...(this.undoStack.get(scope) ?? []), applied.inverse]);
      this.redoStack.set(scope, []);
    }
    return { docs: [...applied.articles].map((id) => this.state.docs[id]!), ...(applied.sources ? { sources: Object.values(this.state.sources) } : {}) };
  }

  private history(scope: string, from: Map<string, Operation[]>, to: Map<string, Operation[]>): ApplyResult | null {
    const op = from.get(scope)?.pop();
    if (!op) return null;
    const applied = applyOperation(this.state, op, { now: SERVER_NOW });
    this.state = applied.state;
    to.set(scope, [...(to.get(scope) ?? []), applied.inverse]);
    return { docs: [...applied.articles].map((id) => this.state.docs[id]!), ...(applied.sources ? { sources: Object.values(this.state.sources) } : {}) };
  }

  private project(): ProjectInfo {
    return {
      id: 'p', name: 'Test project', schema: this.state.schema, settings: { snapToWords: true }, user: 'alice', messages: [],
      sources: Object.values(this.state.sources), shell: 'browser', ...(this.problem ? { problem: this.problem } : {}),
    };
  }

  private readonly handlers: { [M in ApiMethod]?: (p: ApiParams<M>) => ApiResults[M] } = {
    getProject: () => this.project(),
    listArticles: (q) => {
      const all = Object.values(this.state.docs).map((d) => summarize(d, SERVER_NOW));
      const items = all.filter((e) => !q.status || e.status === q.status).sort((a, b) => a.title.localeCompare(b.title));
      const count = (s: string) => all.filter((e) => e.status === s).length;
      return { total: items.length, items, progress: { todo: count('todo'), inProgress: count('in-progress'), done: count('done'), damaged: 0 } };
    },
    getArticle: ({ id }) => {
      const doc = this.state.docs[id];
      if (!doc) throw new ApiError('not-found', `Article ${id} does not exist in this project.`);
      return doc;
    },
    apply: ({ op, scope }) => this.applyOp(op as Operation, scope ?? 'project'),
    undo: ({ scope }) => this.history(scope ?? 'project', this.undoStack, this.redoStack),
    redo: ({ scope }) => this.history(scope ?? 'project', this.redoStack, this.undoStack),
    mergeSources: ({ keepId, goneId }) => {
      const keep = this.state.sources[keepId]!;
      const gone = this.state.sources[goneId]!;
      const mentions = Object.values(this.state.docs).flatMap((d) => d.spans.filter((s) => s.sourceId === goneId).map((s) => ({ articleId: d.article.id, spanId: s.id })));
      return this.applyOp({ op: 'batch', ops: [
        { op: 'updateSource', sourceId: keepId, patch: { aliases: [...new Set([...keep.aliases, gone.name, ...gone.aliases])] } },
        ...mentions.map((m): Operation => ({ op: 'updateSpan', ...m, patch: { sourceId: keepId } })),
        { op: 'removeSource', sourceId: goneId },
      ] }, 'sources');
    },
    getSource: ({ id }) => ({ source: this.state.sources[id]!, mentions: [] }),
    importFiles: ({ files }) => {
      const imported = files.filter((f) => !f.name.endsWith('.ann')).map((f, i) => {
        const id = `imported-${Object.keys(this.state.docs).length + i}`;
        this.state = { ...this.state, docs: { ...this.state.docs, [id]: articleDoc(id, Buffer.from(f.data, 'base64').toString('utf8'), f.name) } };
        return { name: f.name, id, title: f.name, spans: 0 };
      });
      return { imported, duplicates: [], failed: [], warnings: [], cancelled: false, lines: ['summary', ...files.map((f) => `  read: ${f.name}`)] };
    },
    retrySaves: () => ({ unsaved: [] }),
  };
}

/** Lets every queued microtask and answer run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** A view that records what it is asked; its text selection is set by the test. */
export class FakeView implements ViewPort {
  sel: { start: TextOffset; end: TextOffset } = { start: textOffset(0), end: textOffset(0) };
  readonly synced: ArticleDoc[] = [];
  readonly overlays: OverlayModel[] = [];
  readonly scrolledTo: (string | number)[] = [];
  selected: [number, number] | null = null;
  focused = 0;

  selection() {
    return this.sel;
  }
  /** Selects the n-th `needle` of the open article's text. */
  selectText(needle: string, text = TEXT, n = 0): void {
    const [start, end] = range(needle, text, n);
    this.sel = { start, end };
  }
  select(start: TextOffset, end: TextOffset): void {
    this.selected = [start, end];
    this.sel = { start, end };
  }
  collapse(): void {
    this.sel = { start: this.sel.end, end: this.sel.end };
  }
  scrollToSpan(id: string): void {
    this.scrolledTo.push(id);
  }
  scrollToOffset(offset: TextOffset): void {
    this.scrolledTo.push(offset);
  }
  sync(doc: ArticleDoc): void {
    this.synced.push(doc);
  }
  overlay(model: OverlayModel): void {
    this.overlays.push(model);
  }
  focus(): void {
    this.focused++;
  }
}

export type Setup = {
  api: FakeApi;
  wb: Workbench;
  view: FakeView;
  /** Where the page was sent (`#/articles/…`). */
  navigated: string[];
  storage: Map<string, string>;
  /** The live-updates listener the workbench registered. */
  live: () => ((e: ChangeEvent | null) => void) | undefined;
};

/**
 * A workbench on a project with the given articles (the first opened) and sources, its view
 * attached; the annotator's name is already kept, so no dialog asks for it.
 */
export async function setup(o: { docs?: ArticleDoc[]; sources?: Source[]; problem?: string; open?: string | null } = {}): Promise<Setup> {
  const docs = o.docs ?? [articleDoc('a-1')];
  const api = new FakeApi({
    state: { schema: defaultSchema(), sources: Object.fromEntries((o.sources ?? []).map((s) => [s.id, s])), docs: Object.fromEntries(docs.map((d) => [d.article.id, d])) },
    ...(o.problem ? { problem: o.problem } : {}),
  });
  const storage = new Map<string, string>([['sourcemark.annotator', 'alice']]);
  const navigated: string[] = [];
  let listener: ((e: ChangeEvent | null) => void) | undefined;
  const wb = createWorkbench(api.api, {
    env: { storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) }, navigate: (h) => void navigated.push(h) },
    watch: (l) => {
      listener = l;
      return () => undefined;
    },
    now: () => LOCAL_NOW,
    client: 'c-test',
  });
  await init.perform(wb);
  const view = new FakeView();
  const open = o.open === undefined ? docs[0]!.article.id : o.open;
  if (open) {
    await openArticle.perform(wb, open);
    wb.attachView(view);
  }
  api.calls.length = 0;
  return { api, wb, view, navigated, storage, live: () => listener };
}

/** A keyboard event as the article view passes it on. */
export function key(k: string, mods: Partial<Record<'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) {
  return { key: k, code: '', altKey: false, shiftKey: false, ctrlKey: false, metaKey: false, defaultPrevented: false, ...mods };
}

/** Counts the store's notifications from now on. */
export function countNotifications(wb: Workbench): { readonly count: number } {
  const counter = { count: 0 };
  wb.store.subscribe(() => counter.count++);
  return counter;
}
