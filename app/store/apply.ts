/**
 * Edits of an open project: applying an operation (checked by the model, the limits and the
 * schema's usage before anything changes, then saved in an order that never leaves a file naming
 * what is not on disk), undo and redo per annotator and scope, merging sources, and changes of
 * the project's name or settings. Every edit runs alone through the store's edit queue.
 *
 * Must not: write a file itself (it queues saves through articles.ts and registry.ts), nor apply
 * an operation the model has not checked.
 */

import {
  OperationError, ProjectFileSchema, applyOperation, articlesOf, mergeSources, schemaChangeProblems,
  type ArticleDoc, type Operation, type ProjectSettings,
} from '../../annotations/index.js';
import { articleLimitProblem, articleLinkProblem } from '../../annotations/model/limits.js';
import { UserError } from '../errors.js';
import type { ProjectArticles } from './articles.js';
import type { StoreCore } from './core.js';
import { Histories, type Author } from './history.js';
import { schemaUsageOf } from './listing.js';
import { bySourceName, type ProjectRegistry } from './registry.js';
import type { ApplyResult } from './types.js';

type Applied = { result: ApplyResult; inverse: Operation; saved: Promise<void> };

export class ProjectEditor {
  private readonly histories = new Histories();

  constructor(private readonly core: StoreCore, private readonly articles: ProjectArticles, private readonly registry: ProjectRegistry) {}

  /**
   * Applies an operation: loads the articles it touches, checks it with the model, then saves
   * what changed. Resolves once every change is on disk. `scope` names the undo history it joins
   * (the article being edited, or "sources"), kept per annotator of `author`.
   */
  async apply(op: Operation, scope: string, author: Author): Promise<ApplyResult> {
    const { result, saved } = await this.core.serial(async () => {
      const applied = await this.applyInMemory(op, author);
      this.histories.record(scope, author, op, applied.inverse);
      return applied;
    });
    await saved;
    return result;
  }

  /**
   * Applies the inverse on top of one stack and moves the step to the other, as one step of the
   * edit queue: two undos at once take back two steps, never one step twice. In an article the
   * step is the author's latest of that article or of the sources, whichever came last (see
   * history.ts: a merge made while the article is open is undone before the article's older
   * steps, which may name the merged source). A step that no longer applies (someone else
   * changed or removed what it touched) is dropped with a message.
   */
  async step(scope: string, from: 'undo' | 'redo', author: Author): Promise<ApplyResult | undefined> {
    const done = await this.core.serial(async () => {
      const h = this.histories.latest(scope, from, author);
      const last = h?.[from].at(-1);
      if (!h || !last) return undefined;
      let applied;
      try {
        applied = await this.applyInMemory(last.inverse, author);
      } catch (e) {
        if (!(e instanceof UserError) || e.code !== 'invalid-operation') throw e;
        h[from].pop();
        throw new UserError('invalid-operation', `Your last change can no longer be ${from === 'undo' ? 'undone' : 'redone'}: it was changed since, in another tab or by another person (${e.message})`);
      }
      this.histories.move(h, from, last.inverse, applied.inverse);
      return applied;
    });
    if (!done) return undefined;
    await done.saved;
    return done.result;
  }

  /** How many steps `author` can undo and redo from `scope` (an article's count includes the sources' steps). */
  historyDepth(scope: string, author: Author): { undo: number; redo: number } {
    const hs = this.histories.reached(scope, author);
    return { undo: hs.reduce((n, h) => n + h.undo.length, 0), redo: hs.reduce((n, h) => n + h.redo.length, 0) };
  }

  /** Merges two sources across every article that mentions the one that goes. */
  async mergeSources(keepId: string, goneId: string, scope: string, author: Author): Promise<ApplyResult> {
    const state = await this.articles.stateFor(this.articles.mentioning(goneId));
    return this.apply(wrap(() => mergeSources(state, keepId, goneId)), scope, author);
  }

  /** Changes the project's name or settings (checked like every write of `sourcemark.json`). */
  async updateProject(patch: { name?: string | undefined; settings?: { [K in keyof ProjectSettings]?: ProjectSettings[K] | undefined } | undefined }, author: Author): Promise<void> {
    const { core } = this;
    const saved = await core.serial(async () => {
      core.assertWritable();
      const p = core.project.data;
      const next = this.registry.checkedProject({ ...p, name: patch.name?.trim() || p.name, settings: { ...p.settings, ...definedOnly(patch.settings ?? {}) } });
      core.project.data = next;
      const done = this.registry.saveProject(next);
      core.announce({ project: true }, author);
      return { done };
    });
    await saved.done;
  }

  /** Refuses a schema change that would orphan labels, link types or values in use anywhere. */
  private checkSchemaChanges(op: Operation): void {
    if (op.op === 'batch') return op.ops.forEach((o) => this.checkSchemaChanges(o));
    if (op.op !== 'setSchema') return;
    const problems = schemaChangeProblems(op.schema, schemaUsageOf(this.articles.liveEntries()));
    if (problems.length) throw new UserError('invalid-operation', `This schema change would orphan annotations: ${problems.join(' ')}`);
  }

  /**
   * Loads what `op` needs and applies it in memory (the caller runs it through the edit queue),
   * then queues the saves and returns the inverse and a promise of the saves.
   *
   * The saves are queued so that no file on disk ever names what is not on disk yet: a registry
   * (sources, schema) that gains entries is written before the articles, one that loses entries
   * after them; one that does both is written as the union first and as the result last.
   */
  private async applyInMemory(op: Operation, author: Author): Promise<Applied> {
    const { core, registry } = this;
    core.assertWritable();
    const ids = new Set(articlesOf(op));
    // Removing a source needs every article that still mentions it, to refuse if any does.
    const walk = (o: Operation): void => {
      if (o.op === 'batch') o.ops.forEach(walk);
      if (o.op === 'removeSource') this.articles.mentioning(o.sourceId).forEach((a) => ids.add(a));
    };
    walk(op);
    this.checkSchemaChanges(op);
    const state = await this.articles.stateFor([...ids]);
    const applied = wrap(() => applyOperation(state, op, { now: core.now() }));
    // The limits per article and the http(s) rule for its link (annotations/model/limits.ts), checked before anything changes (IMPORT).
    for (const id of applied.articles) {
      const problem = articleLimitProblem(applied.state.docs[id]!, state.docs[id]) ?? articleLinkProblem(applied.state.docs[id]!, state.docs[id]);
      if (problem) throw new UserError('invalid-operation', `The change was not made to "${applied.state.docs[id]!.article.title}": ${problem}.`);
    }
    // Everything is checked before anything changes, in memory or on disk.
    const project = applied.schema ? registry.checkedProject({ ...core.project.data, schema: applied.state.schema }) : undefined;
    const sources = applied.sources ? registry.checkedSources(Object.values(applied.state.sources).sort(bySourceName)) : undefined;

    const before: (() => Promise<void>)[] = [];
    const after: (() => Promise<void>)[] = [];
    if (sources) {
      const old = core.sources;
      const kept = new Set(sources.map((x) => x.id));
      const gone = old.filter((x) => !kept.has(x.id));
      core.sourcesDb.data = { ...core.sourcesDb.data, sources };
      if (!gone.length) before.push(() => registry.saveSources(sources, author.annotator));
      else {
        const grows = sources.some((x) => !old.includes(x));
        if (grows) before.push(() => registry.saveSources([...sources, ...gone].sort(bySourceName), author.annotator));
        after.push(() => registry.saveSources(sources, author.annotator));
      }
    }
    if (project) {
      const old = core.project.data.schema;
      const goneLabels = old.labels.filter((l) => !project.schema.labels.some((n) => n.name === l.name));
      const goneLinks = old.linkTypes.filter((l) => !project.schema.linkTypes.some((n) => n.name === l.name));
      core.project.data = project;
      if (!goneLabels.length && !goneLinks.length) before.push(() => registry.saveProject(project));
      else {
        const union = { ...project, schema: { ...project.schema, labels: [...project.schema.labels, ...goneLabels], linkTypes: [...project.schema.linkTypes, ...goneLinks] } };
        if (ProjectFileSchema.safeParse(union).success) before.push(() => registry.saveProject(union));
        after.push(() => registry.saveProject(project));
      }
    }
    const saves = before.map((f) => f());
    const docs: ArticleDoc[] = [];
    for (const id of applied.articles) {
      const doc = applied.state.docs[id]!;
      core.docs.set(id, doc);
      docs.push(doc);
      saves.push(this.articles.save(doc, author.annotator));
    }
    saves.push(...after.map((f) => f()));
    const result: ApplyResult = { docs, ...(sources ? { sources } : {}), ...(project ? { schema: project.schema } : {}) };
    core.announce({ articles: [...applied.articles], sources: !!sources, schema: !!project }, author);
    const saved = Promise.allSettled(saves).then((outcomes) => {
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    });
    return { result, inverse: applied.inverse, saved };
  }
}

/** Runs a model function, its {@link OperationError} as an `invalid-operation` for the user. */
function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OperationError) throw new UserError('invalid-operation', e.message);
    throw e;
  }
}

/** The entries of a patch that set a value (a key present with `undefined` changes nothing). */
function definedOnly<T extends object>(patch: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
