/**
 * The workbench's state and actions, outside the components (as excalidraw keeps its actions):
 * React subscribes with `useSyncExternalStore`; the article view is driven imperatively.
 *
 * Every change is applied to the local copy at once (the span appears in the same frame), then
 * sent to the Api in order; the save state says "Saving…" until the Api confirms it is on disk,
 * and shows the error, with a retry, when it is not.
 */
import {
  OperationError, applyOperation, makeFragment, mergeSources as mergeSourcesOp, randomId, spanEnd, spanStart,
  labelDef, linkTypeDef,
  type ArticleDoc, type ArticleStatus, type Link, type Operation, type ProjectState, type Source, type Span,
} from '../annotations/index.js';
import type { Api, ApiResults, ChangeEvent, CleaningInfo, ProjectInfo, SourceDetails } from '../app/api.js';
import type { ArticleList, ListQuery } from '../app/api.js';
import { ApiError, watchChanges } from './api-client.js';
import { snapToWords, stepEnd, stepStart } from '../annotations/word-steps.js';
import type { ArticleView } from './editor/article-view.js';

/** What the Export dialog filters by; an empty list means no filter of that kind. */
export type ExportFilterChoice = { status: ArticleStatus[]; articles: string[]; labels: string[]; annotators: string[] };

export type SaveState = { kind: 'saved' | 'saving' | 'error'; message?: string };
export type PanelTab = 'annotation' | 'sources' | 'guidelines';

export type WorkbenchState = {
  project: ProjectInfo | null;
  fatal: string | null;
  list: ArticleList | null;
  query: ListQuery;
  doc: ArticleDoc | null;
  loadError: string | null;
  selected: string | null;
  link: { from: string; candidates: string[]; index: number } | null;
  sourcePicker: { spanId: string; query: string } | null;
  save: SaveState;
  user: string;
  askUser: boolean;
  find: { open: boolean; query: string; hits: { start: number; end: number }[]; index: number };
  tab: PanelTab;
  notice: string | null;
  /** An import under way: files done of total, the current one; `cancelled` once asked to stop. */
  importing: { done: number; total: number; current: string; cancelled: boolean } | null;
  /** The last import's summary, in sentences, until dismissed. */
  importReport: string[] | null;
  sourceDetails: SourceDetails | null;
  /** Counts changes of the open article's text (its cleaning changed, or that was undone): the view is made anew. */
  textVersion: number;
  /** The last change made elsewhere (another person, tab or window) that this page now shows. */
  remote: string | null;
};

const USER_KEY = 'sourcemark.annotator';

/** Bytes as base64, in chunks (String.fromCharCode takes a limited number of arguments). */
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export class Workbench {
  private state: WorkbenchState = {
    project: null, fatal: null, list: null, query: {}, doc: null, loadError: null, selected: null, link: null, sourcePicker: null,
    save: { kind: 'saved' }, user: '', askUser: false, find: { open: false, query: '', hits: [], index: 0 }, tab: 'annotation', notice: null,
    sourceDetails: null, importing: null, importReport: null, textVersion: 0, remote: null,
  };
  private readonly listeners = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  view: ArticleView | null = null;
  /** Span ids a repeated click at one spot cycles through, innermost first. */
  private clickCycle: { ids: string[]; i: number } | null = null;

  /** This page among the others open on the project: its own changes come back as events too. */
  readonly client = randomId('c');
  private stopWatching: (() => void) | undefined;
  private remoteWork: Promise<void> | null = null;
  private remoteQueued: { articles: Set<string>; project: boolean; who: Set<string>; all: boolean } | null = null;

  /** `watch`: where changes made elsewhere come from (live updates; see api-client.ts). */
  constructor(private readonly api: Api, private readonly watch: (listener: (e: ChangeEvent | null) => void) => () => void = watchChanges) {}

  /** Who makes this page's changes, for the Api: undo takes back only this annotator's own. */
  private get author(): { annotator?: string; client: string } {
    return { ...(this.state.user ? { annotator: this.state.user } : {}), client: this.client };
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  get = (): WorkbenchState => this.state;

  private set(patch: Partial<WorkbenchState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  private message(e: unknown): string {
    return e instanceof ApiError || e instanceof OperationError || e instanceof Error ? e.message : String(e);
  }

  /** Runs Api calls one after another, so the server sees changes in the order they were made. */
  private enqueue<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  dismissRemote(): void {
    this.set({ remote: null });
  }

  notify(text: string | null): void {
    this.set({ notice: text });
  }

  // ---- project and list -------------------------------------------------------------------------

  async init(): Promise<void> {
    try {
      const project = await this.api.getProject({});
      const stored = localStorage.getItem(USER_KEY);
      this.set({ project, user: stored ?? project.user, askUser: stored === null, notice: project.messages.filter((m) => !project.problem?.includes(m)).join(' ') || null });
      await this.refreshList();
      this.stopWatching ??= this.watch((e) => this.onRemoteChange(e));
    } catch (e) {
      this.set({ fatal: this.message(e) });
    }
  }

  setUser(name: string): void {
    const user = name.trim() || this.state.project?.user || 'annotator';
    localStorage.setItem(USER_KEY, user);
    this.set({ user, askUser: false });
  }

  askForUser(): void {
    this.set({ askUser: true });
  }

  async refreshList(query: ListQuery = this.state.query): Promise<void> {
    try {
      const list = await this.api.listArticles(query);
      this.set({ list, query });
    } catch (e) {
      this.set({ notice: this.message(e) });
    }
  }

  get sources(): Source[] {
    return this.state.project?.sources ?? [];
  }

  private setSources(sources: Source[] | undefined): void {
    if (sources && this.state.project) this.set({ project: { ...this.state.project, sources } });
  }

  // ---- articles ---------------------------------------------------------------------------------

  async openArticle(id: string): Promise<void> {
    if (this.state.doc?.article.id === id) return;
    await this.queue; // the last change of the article being left is saved first
    try {
      const doc = await this.api.getArticle({ id });
      this.set({ doc, loadError: null, selected: null, link: null, sourcePicker: null, remote: null, find: { ...this.state.find, hits: [], index: 0 } });
    } catch (e) {
      this.set({ doc: null, loadError: this.message(e) });
    }
  }

  /** The next article (in list order) that is not done, after the current one. */
  nextNotDone(): string | undefined {
    const items = this.state.list?.items ?? [];
    const at = items.findIndex((a) => a.id === this.state.doc?.article.id);
    const order = [...items.slice(at + 1), ...items.slice(0, Math.max(0, at))];
    return order.find((a) => a.status !== 'done' && !a.damaged)?.id;
  }

  async setStatus(status: ArticleStatus): Promise<void> {
    const doc = this.state.doc;
    if (!doc || doc.article.status === status) return;
    this.run({ op: 'setStatus', articleId: doc.article.id, status });
  }

  async restoreBackup(id: string): Promise<void> {
    try {
      await this.api.restoreBackup({ id });
      this.set({ notice: 'The newest backup was restored; the damaged file was set aside in .sourcemark/damaged/.' });
      await this.refreshList();
    } catch (e) {
      this.set({ notice: this.message(e) });
    }
  }

  async importText(text: string): Promise<string | undefined> {
    try {
      const r = await this.api.importText({ text, origin: 'paste' });
      await this.refreshList();
      this.set({ notice: `Pasted text added as “${r.title}”.` });
      return r.id;
    } catch (e) {
      this.set({ notice: this.message(e) });
      return undefined;
    }
  }

  /**
   * Imports files one at a time (a brat .txt with its .ann together), with progress; a cancel
   * takes effect between files, so no file is half imported.
   */
  async importFiles(files: readonly File[]): Promise<void> {
    if (!files.length || this.state.importing) return;
    const byName = new Map(files.map((f) => [f.name, f]));
    const groups: File[][] = [];
    for (const f of files) {
      if (/\.ann$/i.test(f.name) && byName.has(f.name.replace(/\.ann$/i, '.txt'))) continue;
      const ann = /\.txt$/i.test(f.name) ? byName.get(f.name.replace(/\.txt$/i, '.ann')) : undefined;
      groups.push(ann ? [f, ann] : [f]);
    }
    const report = { imported: 0, duplicates: 0, failed: 0, lines: [] as string[] };
    let firstId: string | undefined;
    this.set({ importing: { done: 0, total: groups.length, current: groups[0]![0]!.name, cancelled: false }, importReport: null });
    // Read through a call: the guard above narrowed `this.state.importing` to null for TypeScript.
    const importing = (): WorkbenchState['importing'] => this.get().importing;
    for (let i = 0; i < groups.length; i++) {
      if (importing()?.cancelled) break;
      const group = groups[i]!;
      this.set({ importing: { ...importing()!, done: i, current: group[0]!.name } });
      try {
        const payload = await Promise.all(group.map(async (f) => ({ name: f.name, data: toBase64(new Uint8Array(await f.arrayBuffer())) })));
        const r = await this.enqueue(() => this.api.importFiles({ files: payload }));
        report.imported += r.imported.length;
        report.duplicates += r.duplicates.length;
        report.failed += r.failed.length;
        report.lines.push(...r.lines.slice(1));
        firstId ??= r.imported[0]?.id;
      } catch (e) {
        report.failed += group.length;
        report.lines.push(`  failed: ${group[0]!.name}: ${this.message(e)}`);
      }
    }
    const cancelled = importing()?.cancelled ?? false;
    const head = `Imported ${report.imported} article${report.imported === 1 ? '' : 's'}, skipped ${report.duplicates} duplicate${report.duplicates === 1 ? '' : 's'}, ${report.failed} failed${cancelled ? '; cancelled before the end' : ''}.`;
    this.set({ importing: null, importReport: [head, ...report.lines] });
    const project = await this.api.getProject({}).catch(() => null);
    if (project) this.set({ project: { ...project, sources: project.sources } });
    await this.refreshList();
    if (firstId && !this.state.doc) location.hash = `#/articles/${firstId}`;
  }

  /**
   * Exports through the Api (into the project's exports/ folder); waits for pending saves first.
   * `job` names the export, for {@link exportProgress} and {@link cancelExport}.
   */
  async exportProject(format: string, filter: ExportFilterChoice, unit?: 'codepoint' | 'utf16', job?: string): Promise<ApiResults['exportProject']> {
    const f = {
      ...(filter.status.length ? { status: filter.status } : {}), ...(filter.articles.length ? { articles: filter.articles } : {}),
      ...(filter.labels.length ? { labels: filter.labels } : {}), ...(filter.annotators.length ? { annotators: filter.annotators } : {}),
    };
    return this.enqueue(() => this.api.exportProject({ format: format as never, ...(Object.keys(f).length ? { filter: f } : {}), ...(unit ? { unit } : {}), ...(job ? { job } : {}) }));
  }

  /** How far a running export is (not queued behind it: it is asked while the export runs). */
  exportProgress(job: string): Promise<ApiResults['exportProgress']> {
    return this.api.exportProgress({ job });
  }

  /** Stops a running export between two articles; nothing is left at its output path. */
  async cancelExport(job: string): Promise<void> {
    await this.api.cancelExport({ job });
  }

  cancelImport(): void {
    if (this.state.importing) this.set({ importing: { ...this.state.importing, cancelled: true } });
  }

  dismissImportReport(): void {
    this.set({ importReport: null });
  }

  // ---- cleaning -----------------------------------------------------------------------------------

  /** The boilerplate cleaning found in the open article's original text. */
  async cleaning(): Promise<CleaningInfo | null> {
    const doc = this.state.doc;
    if (!doc) return null;
    try {
      return await this.api.getCleaning({ id: doc.article.id });
    } catch (e) {
      this.set({ notice: this.message(e) });
      return null;
    }
  }

  /**
   * Rebuilds the open article's text from its original with the blocks at `remove` removed (only
   * before annotation starts). Undoable with Ctrl+Z like any change of the article.
   */
  async setCleaning(remove: number[]): Promise<boolean> {
    const doc = this.state.doc;
    if (!doc) return false;
    this.saving(+1);
    try {
      const r = await this.enqueue(() => this.api.setCleaning({ id: doc.article.id, remove, ...this.author }));
      this.saving(-1);
      const mine = r.docs.find((d) => d.article.id === doc.article.id);
      if (mine) this.replaceDoc(mine);
      return true;
    } catch (e) {
      this.saving(-1);
      this.set({ notice: this.message(e) });
      return false;
    }
  }

  // ---- changes ----------------------------------------------------------------------------------

  private localState(): ProjectState | null {
    const { doc, project } = this.state;
    if (!doc || !project) return null;
    return { schema: project.schema, sources: Object.fromEntries(project.sources.map((s) => [s.id, s])), docs: { [doc.article.id]: doc } };
  }

  /**
   * Applies an operation locally at once and returns whether the model accepted it (the reason
   * is shown when not); the save to the Api follows in order, and its outcome shows in the save
   * state. Whatever the caller does next (select the new span) happens in the same frame, so a
   * key pressed while the save is on its way acts on what the user sees.
   */
  run(op: Operation, scope?: string): boolean {
    // A project open read-only (its banner says why) takes no change, not even for a moment.
    if (this.state.project?.problem) {
      this.set({ notice: 'This project is open read-only, so this change was not made (see the banner above).' });
      return false;
    }
    op = this.signed(op);
    const local = this.localState();
    const doc = this.state.doc;
    if (!local || !doc) return false;
    let applied;
    try {
      applied = applyOperation(local, op, { now: new Date().toISOString() });
    } catch (e) {
      this.set({ notice: this.message(e) });
      return false;
    }
    const nextDoc = applied.state.docs[doc.article.id]!;
    const sources = applied.sources ? Object.values(applied.state.sources) : undefined;
    this.set({ doc: nextDoc, notice: null, ...(sources && this.state.project ? { project: { ...this.state.project, sources } } : {}) });
    this.view?.sync(nextDoc);
    this.saving(+1);
    void this.enqueue(() => this.api.apply({ op, scope: scope ?? doc.article.id, ...this.author })).then(
      (result) => {
        this.afterSave(result);
        this.saving(-1);
      },
      async (e: unknown) => {
        this.saving(-1, e);
        if (e instanceof ApiError && e.code === 'invalid-operation') await this.reload();
      },
    );
    return true;
  }

  /** Records the annotator on every span edit (creations carry it already). */
  private signed(op: Operation): Operation {
    if (op.op === 'batch') return { ...op, ops: op.ops.map((o) => this.signed(o)) };
    if (op.op === 'updateSpan' && this.state.user) return { ...op, patch: { ...op.patch, updatedBy: this.state.user } };
    return op;
  }

  /** Turns snapping selections to whole words on or off for the project. */
  async setSnapToWords(on: boolean): Promise<void> {
    const before = this.state.project;
    if (!before) return;
    this.set({ project: { ...before, settings: { ...before.settings, snapToWords: on } } });
    try {
      await this.enqueue(() => this.api.updateProject({ settings: { snapToWords: on } }));
    } catch (e) {
      this.set({ project: { ...this.state.project!, settings: before.settings }, notice: this.message(e) });
    }
  }

  /** Sets the status of any article in the list (the open one goes through its own history). */
  async setStatusOf(articleId: string, status: ArticleStatus): Promise<void> {
    if (articleId === this.state.doc?.article.id) return this.setStatus(status);
    this.saving(+1);
    try {
      await this.enqueue(() => this.api.apply({ op: { op: 'setStatus', articleId, status }, scope: articleId, ...this.author }));
      this.saving(-1);
    } catch (e) {
      this.saving(-1, e);
    }
  }

  private saving(delta: number, error?: unknown): void {
    this.pending += delta;
    if (error) this.set({ save: { kind: 'error', message: this.message(error) } });
    else if (this.pending > 0) this.set({ save: { kind: 'saving' } });
    else if (this.state.save.kind !== 'error' || delta < 0) this.set({ save: { kind: 'saved' } });
    if (delta < 0 && !error) void this.refreshList();
  }

  private afterSave(result: ApiResults['apply']): void {
    this.setSources(result.sources);
    const current = this.state.doc;
    const mine = result.docs.find((d) => d.article.id === current?.article.id);
    // Take the server's copy only when nothing newer is on its way there.
    if (mine && this.pending <= 1) this.replaceDoc(mine);
  }

  /**
   * Shows a newer version of the open article from the Api. When its text changed (cleaning),
   * the view is made anew (`textVersion`); otherwise only the changed spans are redrawn.
   */
  private replaceDoc(doc: ArticleDoc, patch: Partial<WorkbenchState> = {}): void {
    const before = this.state.doc;
    const textChanged = !!before && before.article.id === doc.article.id && before.article.text !== doc.article.text;
    this.set({ doc, ...patch, ...(textChanged ? { textVersion: this.state.textVersion + 1, selected: null, find: { ...this.state.find, hits: [], index: 0 } } : {}) });
    if (!textChanged) this.view?.sync(doc);
  }

  // ---- changes made elsewhere ----------------------------------------------------------------------

  /**
   * A change made by another page, window or person (or `null`: the connection was lost, so
   * anything may have changed). Changes arriving together are handled together, after this
   * page's own pending saves, so the copy fetched includes them.
   */
  private onRemoteChange(e: ChangeEvent | null): void {
    if (e && e.client === this.client) return;
    const q = (this.remoteQueued ??= { articles: new Set(), project: false, who: new Set(), all: false });
    if (!e) q.all = true;
    else {
      e.articles.forEach((a) => q.articles.add(a));
      if (e.sources || e.schema || e.project) q.project = true;
      q.who.add(e.annotator && e.annotator !== this.state.user ? e.annotator : '');
    }
    this.scheduleRemote();
  }

  private scheduleRemote(): void {
    this.remoteWork ??= Promise.resolve().then(() => this.applyRemote()).catch(() => undefined).finally(() => {
      this.remoteWork = null;
      if (this.remoteQueued) this.scheduleRemote();
    });
  }

  private async applyRemote(): Promise<void> {
    const q = this.remoteQueued;
    this.remoteQueued = null;
    if (!q) return;
    await this.queue;
    const open = this.state.doc?.article.id;
    if (q.all || q.project) {
      const project = await this.api.getProject({}).catch(() => null);
      if (project && this.state.project) this.set({ project: { ...project } });
    }
    if (open && (q.all || q.articles.has(open))) {
      try {
        const doc = await this.enqueue(() => this.api.getArticle({ id: open }));
        // Only when nothing of this page's is still on its way: its answer carries the newer copy.
        if (this.pending === 0 && this.state.doc?.article.id === open) {
          const keep = doc.spans.some((x) => x.id === this.state.selected) ? this.state.selected : null;
          const people = [...q.who].filter(Boolean);
          const remote = people.length ? `${people.join(', ')} changed this article; it shows their changes.` : 'This article was changed in another tab or window; it shows those changes.';
          this.replaceDoc(doc, { selected: keep, remote, ...(keep ? {} : { link: null }) });
          this.refreshOverlay();
        }
      } catch (e) {
        this.set({ remote: `This article was changed elsewhere and could not be read again: ${this.message(e)}` });
      }
    }
    // Other articles' changes show in the list (counts, status) without a word.
    await this.refreshList();
  }

  async retry(): Promise<void> {
    try {
      const { unsaved } = await this.enqueue(() => this.api.retrySaves({}));
      this.set({ save: unsaved.length ? { kind: 'error', message: 'Some changes are still not saved.' } : { kind: 'saved' } });
    } catch (e) {
      this.set({ save: { kind: 'error', message: this.message(e) } });
    }
  }

  private async reload(): Promise<void> {
    const id = this.state.doc?.article.id;
    if (!id) return;
    this.replaceDoc(await this.api.getArticle({ id }));
  }

  async undo(redo = false): Promise<void> {
    const doc = this.state.doc;
    if (!doc) return;
    try {
      this.saving(+1);
      const r = await this.enqueue(() => (redo ? this.api.redo({ scope: doc.article.id, ...this.author }) : this.api.undo({ scope: doc.article.id, ...this.author })));
      this.saving(-1);
      if (!r) return this.set({ notice: redo ? 'Nothing to redo.' : 'Nothing to undo.' });
      this.setSources(r.sources);
      const mine = r.docs.find((d) => d.article.id === doc.article.id);
      if (mine) {
        this.replaceDoc(mine, { selected: mine.spans.some((s) => s.id === this.state.selected) ? this.state.selected : null });
        this.refreshOverlay();
      }
    } catch (e) {
      this.saving(-1, e);
    }
  }

  // ---- spans ------------------------------------------------------------------------------------

  span(id: string | null | undefined): Span | undefined {
    return id ? this.state.doc?.spans.find((s) => s.id === id) : undefined;
  }

  /** Creates a span of `label` over the text selection (snapped to words unless turned off). */
  async createSpan(label: string): Promise<void> {
    const doc = this.state.doc;
    if (!doc || !this.view) return;
    const sel = this.view.selection();
    const snap = this.state.project?.settings.snapToWords !== false;
    const range = snapToWords(doc.article.text, sel.start, sel.end, snap, doc.article.paragraphs);
    if (!range) return this.set({ notice: 'Select some text first, then press a label key.' });
    const now = new Date().toISOString();
    const span: Span = {
      id: randomId('s'), label, fragments: [makeFragment(doc.article.text, range.start, range.end)], attributes: {},
      annotator: this.state.user, origin: 'manual', createdAt: now, updatedAt: now,
    };
    this.view.collapse();
    if (this.run({ op: 'addSpan', articleId: doc.article.id, span })) {
      this.select(span.id);
      if (labelDef(this.state.project!.schema, label)?.refersToSource) this.set({ sourcePicker: { spanId: span.id, query: span.fragments[0]!.text } });
    }
  }

  select(id: string | null): void {
    this.set({ selected: id, link: null, tab: 'annotation' });
    this.refreshOverlay();
    if (id) this.view?.scrollToSpan(id);
  }

  /** A click on spans: the innermost, then each enclosing one on repeated clicks at the same spot. */
  clickSpans(ids: string[]): void {
    if (this.state.link && ids.length) {
      const target = ids.find((id) => this.state.link!.candidates.includes(id));
      if (target) return void this.linkTo(target);
    }
    if (!ids.length) {
      if (!this.state.link) this.select(null);
      return;
    }
    const same = this.clickCycle && this.clickCycle.ids.join() === ids.join();
    const i = same ? (this.clickCycle!.i + 1) % ids.length : 0;
    this.clickCycle = { ids, i };
    this.select(ids[i]!);
  }

  /** Tab / Shift+Tab: the next or previous annotation in reading order. */
  selectNext(step: 1 | -1): void {
    const spans = this.state.doc?.spans ?? [];
    if (!spans.length) return;
    const at = spans.findIndex((s) => s.id === this.state.selected);
    const next = at < 0 ? (step > 0 ? 0 : spans.length - 1) : (at + step + spans.length) % spans.length;
    this.select(spans[next]!.id);
  }

  async removeSelected(): Promise<void> {
    const span = this.span(this.state.selected);
    if (!span || !this.state.doc) return;
    const spans = this.state.doc.spans;
    const at = spans.indexOf(span);
    if (this.run({ op: 'removeSpan', articleId: this.state.doc.article.id, spanId: span.id })) {
      const next = this.state.doc.spans[Math.min(at, this.state.doc.spans.length - 1)];
      this.select(next?.id ?? null);
    }
  }

  /** Relabels the selected span; attributes the new label does not have are dropped (undo restores them). */
  async relabelSelected(label: string): Promise<void> {
    const span = this.span(this.state.selected);
    const schema = this.state.project?.schema;
    if (!span || !schema || span.label === label) return;
    const def = labelDef(schema, label);
    const attributes = Object.fromEntries(Object.entries(span.attributes).filter(([k, v]) => def?.attributes.some((a) => a.name === k && a.values.includes(v))));
    this.run({ op: 'updateSpan', articleId: this.state.doc!.article.id, spanId: span.id, patch: { label, attributes } });
    this.refreshOverlay();
  }

  async setAttribute(name: string, value: string | null): Promise<void> {
    const span = this.span(this.state.selected);
    if (!span) return;
    const attributes = { ...span.attributes };
    if (value === null) delete attributes[name];
    else attributes[name] = value;
    this.run({ op: 'updateSpan', articleId: this.state.doc!.article.id, spanId: span.id, patch: { attributes } });
  }

  /** Grows or shrinks the selected span by a word at its end (or its start with `atStart`). */
  async resizeSelected(direction: 'grow' | 'shrink', atStart: boolean): Promise<void> {
    const span = this.span(this.state.selected);
    const doc = this.state.doc;
    if (!span || !doc) return;
    const text = doc.article.text;
    const frags = span.fragments.map((f) => ({ start: f.start as number, end: f.end as number }));
    const f = atStart ? frags[0]! : frags[frags.length - 1]!;
    // Word boundaries from Intl.Segmenter, within the paragraph of the edge that moves.
    const paragraphs = doc.article.paragraphs;
    if (atStart) {
      const s = stepStart(text, f, direction, paragraphs);
      if (s === undefined) return;
      f.start = s;
    } else {
      const e = stepEnd(text, f, direction, paragraphs);
      if (e === undefined) return;
      f.end = e;
    }
    const trimmed = frags.map((x) => snapToWords(text, x.start, x.end, false, paragraphs) ?? x);
    this.run({ op: 'updateSpan', articleId: doc.article.id, spanId: span.id, patch: { fragments: trimmed } });
    this.refreshOverlay();
  }

  /** Adds the text selection as another fragment of the selected span (an interrupted quote). */
  async addFragment(): Promise<void> {
    const span = this.span(this.state.selected);
    const doc = this.state.doc;
    if (!span || !doc || !this.view) return;
    const sel = this.view.selection();
    const range = snapToWords(doc.article.text, sel.start, sel.end, this.state.project?.settings.snapToWords !== false, doc.article.paragraphs);
    if (!range) return this.set({ notice: 'Select the text of the other part first, then press F.' });
    const fragments = [...span.fragments.map((f) => ({ start: f.start as number, end: f.end as number })), range].sort((a, b) => a.start - b.start);
    this.view.collapse();
    this.run({ op: 'updateSpan', articleId: doc.article.id, spanId: span.id, patch: { fragments } });
    this.refreshOverlay();
  }

  // ---- links ------------------------------------------------------------------------------------

  /** Link types that may start at `label`, and the labels they may reach. */
  private linkTargets(label: string): { type: string; to: string[] }[] {
    return (this.state.project?.schema.linkTypes ?? []).filter((t) => t.from.includes(label)).map((t) => ({ type: t.name, to: t.to }));
  }

  /** L: candidates for a link from the selected span, nearest before it first. */
  startLink(): void {
    const span = this.span(this.state.selected);
    const doc = this.state.doc;
    if (!span || !doc) return;
    const labels = new Set(this.linkTargets(span.label).flatMap((t) => t.to));
    if (!labels.size) return this.set({ notice: `A ${span.label} cannot be linked to anything in this schema.` });
    const start = spanStart(span);
    const candidates = doc.spans.filter((s) => labels.has(s.label) && s.id !== span.id).sort((a, b) => {
      const da = spanEnd(a) <= start ? start - spanEnd(a) : 1e9 + spanStart(a) - start;
      const db = spanEnd(b) <= start ? start - spanEnd(b) : 1e9 + spanStart(b) - start;
      return da - db;
    }).map((s) => s.id);
    if (!candidates.length) return this.set({ notice: `There is no ${[...labels].join(' or ')} in this article to link to.` });
    this.set({ link: { from: span.id, candidates, index: 0 }, notice: 'Choose with ← →, Enter to link, Esc to cancel (or click one).' });
    this.refreshOverlay();
    this.view?.scrollToSpan(candidates[0]!);
  }

  moveLinkChoice(step: number): void {
    const link = this.state.link;
    if (!link) return;
    const index = (link.index + step + link.candidates.length) % link.candidates.length;
    this.set({ link: { ...link, index } });
    this.refreshOverlay();
    this.view?.scrollToSpan(link.candidates[index]!);
  }

  cancelLink(): void {
    this.set({ link: null, notice: null });
    this.refreshOverlay();
  }

  async confirmLink(): Promise<void> {
    const link = this.state.link;
    if (link) await this.linkTo(link.candidates[link.index]!);
  }

  /** K: links the selected span to the nearest candidate before it, at once. */
  async linkNearest(): Promise<void> {
    this.startLink();
    if (this.state.link) await this.confirmLink();
  }

  async linkTo(targetId: string): Promise<void> {
    const from = this.span(this.state.link?.from ?? this.state.selected);
    const to = this.span(targetId);
    const doc = this.state.doc;
    if (!from || !to || !doc) return;
    const type = this.linkTargets(from.label).find((t) => t.to.includes(to.label))?.type;
    if (!type) return;
    const link: Link = { id: randomId('l'), type, from: from.id, to: to.id, annotator: this.state.user, createdAt: new Date().toISOString() };
    this.set({ link: null, notice: null });
    this.run({ op: 'addLink', articleId: doc.article.id, link });
    this.select(from.id);
  }

  async removeLink(id: string): Promise<void> {
    const doc = this.state.doc;
    if (!doc) return;
    this.run({ op: 'removeLink', articleId: doc.article.id, linkId: id });
    this.refreshOverlay();
  }

  /** The overlay shows the selection, what it is linked to, and link candidates. */
  refreshOverlay(): void {
    const doc = this.state.doc;
    if (!this.view || !doc) return;
    const sel = this.state.selected;
    const related = sel ? doc.links.filter((l) => l.from === sel || l.to === sel).map((l) => (l.from === sel ? l.to : l.from)) : [];
    const find = this.state.find;
    this.view.overlay({
      ...(sel ? { selected: sel } : {}),
      related,
      ...(this.state.link ? { candidates: this.state.link.candidates, active: this.state.link.candidates[this.state.link.index]! } : {}),
      found: find.open ? find.hits.map((h) => this.view!.range(h.start, h.end)) : [],
      foundIndex: find.index,
    });
  }

  // ---- sources ----------------------------------------------------------------------------------

  setSourceQuery(query: string): void {
    if (this.state.sourcePicker) this.set({ sourcePicker: { ...this.state.sourcePicker, query } });
  }

  openSourcePicker(): void {
    const span = this.span(this.state.selected);
    if (span && labelDef(this.state.project!.schema, span.label)?.refersToSource) this.set({ sourcePicker: { spanId: span.id, query: '' } });
  }

  closeSourcePicker(): void {
    this.set({ sourcePicker: null });
    this.view?.focus();
  }

  /** Sources ranked for the picker: matching ones, those mentioned in this article first. */
  rankSources(query: string): Source[] {
    const q = query.trim().toLowerCase();
    const here = new Set((this.state.doc?.spans ?? []).map((s) => s.sourceId).filter(Boolean));
    const score = (s: Source): number => {
      const names = [s.name, ...s.aliases].map((n) => n.toLowerCase());
      const match = !q ? 1 : names.some((n) => n === q) ? 4 : names.some((n) => n.startsWith(q)) ? 3 : names.some((n) => n.includes(q)) ? 2 : q.split(/\s+/).some((w) => w.length > 2 && names.some((n) => n.includes(w))) ? 1 : 0;
      return match === 0 ? 0 : match * 10 + (here.has(s.id) ? 5 : 0);
    };
    return this.sources.map((s) => ({ s, k: score(s) })).filter((x) => x.k > 0).sort((a, b) => b.k - a.k || a.s.name.localeCompare(b.s.name)).map((x) => x.s);
  }

  /** Ties the picker's span to a source (existing, or new with the given name). */
  async assignSource(source: Source | { create: string; kind?: Source['kind'] }): Promise<void> {
    const picker = this.state.sourcePicker;
    const doc = this.state.doc;
    if (!picker || !doc) return;
    const span = this.span(picker.spanId);
    if (!span) return;
    const mention = span.fragments.map((f) => f.text).join(' ');
    let op: Operation;
    if ('create' in source) {
      const created: Source = { id: randomId('src'), name: source.create.trim(), kind: source.kind ?? 'person', aliases: mention !== source.create.trim() ? [mention] : [] };
      op = { op: 'batch', ops: [{ op: 'addSource', source: created }, { op: 'updateSpan', articleId: doc.article.id, spanId: span.id, patch: { sourceId: created.id } }] };
    } else {
      const aliases = source.name === mention || source.aliases.includes(mention) ? undefined : [...source.aliases, mention];
      op = { op: 'batch', ops: [
        ...(aliases ? [{ op: 'updateSource', sourceId: source.id, patch: { aliases } } as Operation] : []),
        { op: 'updateSpan', articleId: doc.article.id, spanId: span.id, patch: { sourceId: source.id } },
      ] };
    }
    this.set({ sourcePicker: null });
    this.run(op);
    this.view?.focus();
  }

  async clearSource(): Promise<void> {
    const span = this.span(this.state.selected);
    if (span?.sourceId) this.run({ op: 'updateSpan', articleId: this.state.doc!.article.id, spanId: span.id, patch: { sourceId: null } });
  }

  async renameSource(id: string, name: string): Promise<void> {
    if (!name.trim()) return;
    await this.runProject({ op: 'updateSource', sourceId: id, patch: { name: name.trim() } });
  }

  async setSourceKind(id: string, kind: Source['kind']): Promise<void> {
    await this.runProject({ op: 'updateSource', sourceId: id, patch: { kind } });
  }

  /** Source edits that are not tied to the open article go straight to the Api. */
  private async runProject(op: Operation): Promise<void> {
    this.saving(+1);
    try {
      const r = await this.enqueue(() => this.api.apply({ op, scope: 'sources', ...this.author }));
      this.setSources(r.sources);
      this.saving(-1);
      if (this.state.sourceDetails) await this.showSource(this.state.sourceDetails.source.id);
    } catch (e) {
      this.saving(-1, e);
    }
  }

  async mergeSources(keepId: string, goneId: string): Promise<void> {
    const local = this.localState();
    if (local) {
      try {
        mergeSourcesOp(local, keepId, goneId); // checks the pair before asking the server
      } catch (e) {
        return this.set({ notice: this.message(e) });
      }
    }
    this.saving(+1);
    try {
      const r = await this.enqueue(() => this.api.mergeSources({ keepId, goneId, ...this.author }));
      this.setSources(r.sources);
      this.saving(-1);
      const mine = r.docs.find((d) => d.article.id === this.state.doc?.article.id);
      if (mine) this.replaceDoc(mine);
      await this.showSource(keepId);
    } catch (e) {
      this.saving(-1, e);
    }
  }

  /** Moves one mention to a new source named after it. */
  async splitMention(articleId: string, spanId: string, name: string): Promise<void> {
    const source: Source = { id: randomId('src'), name, kind: 'person', aliases: [] };
    const op: Operation = { op: 'batch', ops: [{ op: 'addSource', source }, { op: 'updateSpan', articleId, spanId, patch: { sourceId: source.id } }] };
    if (articleId === this.state.doc?.article.id) this.run(op, 'sources');
    else await this.runProject(op);
    await this.showSource(source.id);
  }

  async showSource(id: string | null): Promise<void> {
    if (!id) return this.set({ sourceDetails: null });
    try {
      this.set({ sourceDetails: await this.api.getSource({ id }), tab: 'sources' });
    } catch (e) {
      this.set({ notice: this.message(e) });
    }
  }

  setTab(tab: PanelTab): void {
    this.set({ tab });
  }

  // ---- find -------------------------------------------------------------------------------------

  openFind(): void {
    this.set({ find: { ...this.state.find, open: true } });
  }

  closeFind(): void {
    this.set({ find: { ...this.state.find, open: false } });
    this.refreshOverlay();
    this.view?.focus();
  }

  setFindQuery(query: string): void {
    const text = this.state.doc?.article.text ?? '';
    const hits: { start: number; end: number }[] = [];
    const q = query.toLowerCase();
    if (q) {
      const hay = text.toLowerCase();
      for (let i = hay.indexOf(q); i !== -1 && hits.length < 10_000; i = hay.indexOf(q, i + q.length)) hits.push({ start: i, end: i + q.length });
    }
    this.set({ find: { open: true, query, hits, index: 0 } });
    this.refreshOverlay();
    if (hits[0]) this.view?.scrollToOffset(hits[0].start);
  }

  findStep(step: 1 | -1): void {
    const f = this.state.find;
    if (!f.hits.length) return;
    const index = (f.index + step + f.hits.length) % f.hits.length;
    this.set({ find: { ...f, index } });
    this.refreshOverlay();
    this.view?.scrollToOffset(f.hits[index]!.start);
  }

  /** Selects the current find result as text, ready for a label key. */
  selectFound(): void {
    const hit = this.state.find.hits[this.state.find.index];
    if (hit && this.view) {
      this.closeFind();
      this.view.select(hit.start, hit.end);
    }
  }

  // ---- keyboard ---------------------------------------------------------------------------------

  /** Keys pressed in the article. Returns true when the key was used. */
  handleArticleKey(e: KeyboardEvent): boolean {
    const s = this.state;
    const schema = s.project?.schema;
    if (!schema || !s.doc || !this.view) return false;
    const mod = e.ctrlKey || e.metaKey;
    if (mod) return false; // undo, redo, find: handled by the window
    if (s.link) {
      if (e.key === 'ArrowRight' || e.key === 'ArrowDown') this.moveLinkChoice(1);
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') this.moveLinkChoice(-1);
      else if (e.key === 'Enter') void this.confirmLink();
      else if (e.key === 'Escape') this.cancelLink();
      else return true;
      return true;
    }
    const sel = this.view.selection();
    const hasText = sel.end > sel.start;
    const label = schema.labels.find((l) => l.key && l.key === e.key && !e.altKey);
    if (label) {
      if (hasText) void this.createSpan(label.name);
      else if (s.selected) void this.relabelSelected(label.name);
      return true;
    }
    const span = this.span(s.selected);
    switch (e.key) {
      case 'Tab':
        this.selectNext(e.shiftKey ? -1 : 1);
        return true;
      case 'Escape':
        if (hasText) this.view.collapse();
        else this.select(null);
        return true;
      case 'Delete':
      case 'Backspace':
        if (span) void this.removeSelected();
        return true;
      case 'Enter':
        if (span) this.openSourcePicker();
        return true;
    }
    if (span && e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft') && !hasText) {
      const grow = e.key === 'ArrowRight' ? !e.altKey : e.altKey;
      void this.resizeSelected(grow ? 'grow' : 'shrink', e.altKey);
      return true;
    }
    const k = e.key.toLowerCase();
    if (span && !e.altKey && k.length === 1) {
      if (k === 'l') return this.startLink(), true;
      if (k === 'k') return void this.linkNearest(), true;
      if (k === 'f' && hasText) return void this.addFragment(), true;
      if (k === 's') return this.openSourcePicker(), true;
      const def = labelDef(schema, span.label);
      for (const a of def?.attributes ?? []) {
        const i = a.keys?.indexOf(k) ?? -1;
        if (i >= 0) {
          void this.setAttribute(a.name, span.attributes[a.name] === a.values[i] ? null : a.values[i]!);
          return true;
        }
      }
    }
    // Plain typing never edits the text; let navigation keys through.
    return k.length === 1 && !e.altKey;
  }

  /** Link type names for the panel. */
  linkLabel(type: string): string {
    return linkTypeDef(this.state.project!.schema, type)?.description ?? type;
  }

  /** Any merge candidates: the sources other than `id`. */
  otherSources(id: string): Source[] {
    return this.sources.filter((s) => s.id !== id);
  }

  /** Sources merged through the local model, for a preview of the result. */
  projectInfo(): ProjectInfo | null {
    return this.state.project;
  }

  /** Waits for every queued save. */
  idle(): Promise<unknown> {
    return this.queue;
  }
}
