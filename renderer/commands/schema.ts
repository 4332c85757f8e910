/**
 * Schema commands: the schema editor opened (Alt+S, or the topbar's Labels… button), and saving
 * or undoing a schema change (the keys a label may not take are keymap.ts's `reservedKey`). A change is checked first against the
 * project's usage, read afresh from the article list after this page's own saves: one that
 * would orphan annotations (a used label, link type, event type or attribute value removed, or
 * a used label renamed) is refused with a sentence naming how many use it and in which
 * articles, and nothing is sent. The server checks it again (annotations/model/schema.ts,
 * app/store/apply.ts), so a change made elsewhere meanwhile is refused there too.
 *
 * Schema changes have their own undo history (scope "schema"), taken back from the editor
 * (its Undo button, or Ctrl+Z while it is open). They go through the writer's one queue.
 * Must not: touch the article view or change articles.
 */
import { schemaEditProblems, schemaUsageOfRows, type ProjectSchema, type SchemaUsage, type SchemaUsageWhere } from '../../annotations/index.js';
import type { ApplyResult } from '../../app/api/contract.js';
import { message } from '../state/write-path.js';
import type { Workbench } from '../state/workbench.js';
import { NO_ARGS, command, withMod } from './command.js';

/** The undo history schema changes join (per annotator, on the server). */
export const SCHEMA_SCOPE = 'schema';

/** Whether the editor is open, per workbench (the store's fields are the project's; this is the page's). */
class Toggle {
  private open = false;
  private readonly listeners = new Set<() => void>();
  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  readonly get = (): boolean => this.open;
  set(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    for (const fn of this.listeners) fn();
  }
}
const toggles = new WeakMap<Workbench, Toggle>();

/** The editor's open state of `wb`, for `useSyncExternalStore(t.subscribe, t.get)`. */
export function schemaEditorToggle(wb: Workbench): Toggle {
  let t = toggles.get(wb);
  if (!t) toggles.set(wb, (t = new Toggle()));
  return t;
}

/** Alt+S (e.code: on a Mac Alt+S types "ß"): opens the schema editor. */
export const openSchemaEditor = command({
  name: 'openSchemaEditor',
  windowKey: (e) => (e.altKey && !withMod(e) && !e.shiftKey && e.code === 'KeyS' ? NO_ARGS : null),
  perform: (wb) => {
    if (wb.store.get().project) schemaEditorToggle(wb).set(true);
  },
});

export const closeSchemaEditor = command({
  name: 'closeSchemaEditor',
  perform: (wb) => {
    schemaEditorToggle(wb).set(false);
    wb.view?.focus();
  },
});

/** Every page of the article list (the rows carry each article's usage of the schema). */
async function allRows(wb: Workbench) {
  const rows = [];
  for (let offset = 0; ; ) {
    const page = await wb.writer.enqueue(() => wb.api.listArticles({ offset, limit: 20_000 }));
    rows.push(...page.items);
    offset += page.items.length;
    if (!page.items.length || offset >= page.total) return rows;
  }
}

/** How the project uses its schema and where, read afresh once this page's own changes are saved. */
export const loadSchemaUsage = command<[], Promise<{ usage: SchemaUsage; where: SchemaUsageWhere }>>({
  name: 'loadSchemaUsage',
  perform: async (wb) => {
    await wb.writer.idle();
    return schemaUsageOfRows((await allRows(wb)).filter((r) => !r.damaged));
  },
});

/** What a schema change is checked with besides the usage: renamed labels (new name → the saved one) and the keys the app keeps (keymap.ts's `reservedKey`). */
export type SchemaChange = { renamed: Readonly<Record<string, string>>; reservedKey: (key: string) => string | undefined };

/** The problems of saving `next`, with the usage read afresh; empty when it may be saved. */
export const checkSchema = command<[next: ProjectSchema, change: SchemaChange], Promise<string[]>>({
  name: 'checkSchema',
  perform: async (wb, next, change) => {
    const { usage, where } = await loadSchemaUsage.perform(wb);
    return schemaEditProblems(next, { usage, where, ...change });
  },
});

/** Sets the project's schema from an answer (or reads it again when the answer does not carry it). */
async function showSchema(wb: Workbench, r: ApplyResult): Promise<void> {
  const schema = r.schema ?? (await wb.writer.enqueue(() => wb.api.getProject({}))).schema;
  const project = wb.store.get().project;
  if (project) wb.store.set({ project: { ...project, schema } });
}

/**
 * Saves `next` as the project's schema, one undoable `setSchema` (scope "schema"), once
 * {@link checkSchema} finds nothing against it. Resolves to the problems (empty once saved);
 * nothing is sent or changed when there are any.
 */
export const saveSchema = command<[next: ProjectSchema, change: SchemaChange], Promise<string[]>>({
  name: 'saveSchema',
  perform: async (wb, next, change) => {
    const s = wb.store.get();
    if (!s.project) return ['The project is not open yet.'];
    if (s.project.problem) return ['This project is open read-only, so its schema cannot change (see the banner above).'];
    try {
      const problems = await checkSchema.perform(wb, next, change);
      if (problems.length) return problems;
      const r = await wb.writer.enqueue(() => wb.api.apply({ op: { op: 'setSchema', schema: next }, scope: SCHEMA_SCOPE, ...wb.writer.author() }));
      await showSchema(wb, r);
      return [];
    } catch (e) {
      return [message(e)];
    }
  },
});

/**
 * Takes back (or redoes) this annotator's last schema change. Resolves to what happened, in a
 * sentence; `refused` when the server would not (a label that change added is used now, say).
 */
export const undoSchema = command<[redo: boolean], Promise<{ text: string; refused: boolean }>>({
  name: 'undoSchema',
  perform: async (wb, redo) => {
    if (wb.store.get().project?.problem) return { text: 'This project is open read-only, so its schema cannot change.', refused: true };
    const params = { scope: SCHEMA_SCOPE, ...wb.writer.author() };
    try {
      const r = await wb.writer.enqueue(() => (redo ? wb.api.redo(params) : wb.api.undo(params)));
      if (!r) return { text: redo ? 'No schema change to redo.' : 'No schema change to undo.', refused: false };
      await showSchema(wb, r);
      return { text: redo ? 'The schema change was redone.' : 'The last schema change was undone.', refused: false };
    } catch (e) {
      return { text: message(e), refused: true };
    }
  },
});
