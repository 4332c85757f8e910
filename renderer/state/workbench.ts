/**
 * The workbench's state and actions, outside the components (as excalidraw keeps its actions):
 * React subscribes with `useSyncExternalStore`; the article view is driven imperatively.
 *
 * Every change is applied to the local copy at once (the span appears in the same frame), then
 * sent to the Api in order; the save state says "Saving…" until the Api confirms it is on disk,
 * and shows the error, with a retry, when it is not.
 *
 * It stays over 450 lines because what remains is the one state and its save queue: every action
 * reads and sets the same state and sends its change through the same ordered queue and pending count.
 */
import {
  OperationError, applyOperation, makeFragment, mergeSources as mergeSourcesOp, randomId,
  labelDef, linkTypeDef,
  type ArticleDoc, type ArticleStatus, type Link, type Operation, type ProjectState, type Source, type Span,
} from '../../annotations/index.js';
import type { Api, ApiResults, ChangeEvent, CleaningInfo, ProjectInfo } from '../../app/api/contract.js';
import type { ListQuery } from '../../app/api/contract.js';
import { ApiError, watchChanges } from './api-client.js';
import { snapToWords } from '../../annotations/text/word-steps.js';
import type { ArticleView } from '../editor/article-view.js';
import { findHits } from '../../annotations/text/find.js';
import { importSummary, pairImportFiles, toBase64 } from '../commands/import-files.js';
import { handleArticleKey } from '../commands/keymap.js';
import { linkTargets, orderLinkCandidates } from '../../annotations/edit/link-candidates.js';
import { LiveUpdates } from './live-updates.js';
import { rankSources } from '../../annotations/edit/source-ranking.js';
import { assignSourceOp, attributesKept, resizedFragments } from '../../annotations/edit/span-edits.js';
import { initialState, type ExportFilterChoice, type PanelTab, type WorkbenchState } from './workbench-state.js';

export type { ExportFilterChoice, PanelTab, SaveState, WorkbenchState } from './workbench-state.js';

const USER_KEY = 'sourcemark.annotator';

export class Workbench {
  private state: WorkbenchState = initialState();
  private readonly listeners = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  view: ArticleView | null = null;
  /** Span ids a repeated click at one spot cycles through, innermost first. */
  private clickCycle: { ids: string[]; i: number } | null = null;

  /** This page among the others open on the project: its own changes come back as events too. */
  readonly client = randomId('c');
  private stopWatching: (() => void) | undefined;
  private readonly live: LiveUpdates;

  /** `watch`: where changes made elsewhere come from (live updates; see api-client.ts). */
  constructor(private readonly api: Api, private readonly watch: (listener: (e: ChangeEvent | null) => void) => () => void = watchChanges) {
    this.live = new LiveUpdates({
      client: this.client, api,
      get: () => this.state, set: (patch) => this.set(patch), idle: () => this.queue, pending: () => this.pending,
      enqueue: (f) => this.enqueue(f), replaceDoc: (doc, patch) => this.replaceDoc(doc, patch),
      refreshOverlay: () => this.refreshOverlay(), refreshList: () => this.refreshList(), message: (e) => this.message(e),
    });
  }

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
      this.stopWatching ??= this.watch((e) => this.live.onChange(e));
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
    const groups = pairImportFiles(files);
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
    const head = importSummary(report, cancelled);
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
    const attributes = attributesKept(schema, span, label);
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
    const trimmed = resizedFragments(doc, span, direction, atStart);
    if (!trimmed) return;
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
  private linkTargets(label: string): { type: string; to: readonly string[] }[] {
    return linkTargets(this.state.project?.schema.linkTypes ?? [], label);
  }

  /** L: candidates for a link from the selected span, nearest before it first. */
  startLink(): void {
    const span = this.span(this.state.selected);
    const doc = this.state.doc;
    if (!span || !doc) return;
    const labels = new Set(this.linkTargets(span.label).flatMap((t) => t.to));
    if (!labels.size) return this.set({ notice: `A ${span.label} cannot be linked to anything in this schema.` });
    const candidates = orderLinkCandidates(doc.spans, span, labels);
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
    return rankSources(this.sources, this.state.doc?.spans ?? [], query);
  }

  /** Ties the picker's span to a source (existing, or new with the given name). */
  async assignSource(source: Source | { create: string; kind?: Source['kind'] }): Promise<void> {
    const picker = this.state.sourcePicker;
    const doc = this.state.doc;
    if (!picker || !doc) return;
    const span = this.span(picker.spanId);
    if (!span) return;
    const op = assignSourceOp(doc.article.id, span, source);
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
    const hits = findHits(this.state.doc?.article.text ?? '', query);
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
    return handleArticleKey(this, e);
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
