/**
 * Curation commands (issue 18): Alt+C opens the curation view of the open article (when it has
 * two layers or more), and in that view N / P go to the next / previous open disagreement,
 * ↓ / ↑ (J / K) to any unit, 1–9 accept that layer's version into the curated layer, X rejects
 * the unit (or takes the rejection back; a curated version there is removed), E accepts the
 * first version and selects it so Shift+arrows adjust its boundaries (the span commands'
 * resize), Enter or Escape ends that, A accepts every agreed unit at once, Escape leaves.
 * Ctrl+Z is the window's undo, as everywhere. Every change is one operation through the write
 * path; an annotator's own layer is never changed.
 */
import { CURATED_LAYER, layersOf, type ArticleDoc } from '../../annotations/index.js';
import { curationUnits, findUnit, isHandled, isOpenDisagreement, type CurationUnit } from '../../annotations/analysis/curation-diff.js';
import { acceptAgreedOp, acceptOp, clearOp, curationOf, type CurationState } from '../state/curation.js';
import type { WorkbenchState } from '../state/store.js';
import type { Workbench } from '../state/workbench.js';
import { NO_ARGS, command, isCharacter, withMod, type Command, type KeyPress } from './command.js';
import { resizeSelected } from './spans.js';

/** The address of an article's curation view. */
export const curationHash = (id: string): string => `#/curate/${id}`;

/** The article a curation address names, if it is one. */
export const curationRoute = (hash: string): string | undefined => /^#\/curate\/([A-Za-z0-9_-]+)/.exec(hash)?.[1];

/** The annotator layers of an article (the curated one left out), in the order 1–9 pick them. */
export const annotatorLayers = (doc: ArticleDoc): string[] => layersOf(doc).filter((l) => l !== CURATED_LAYER);

/** True when an article has something to curate: two annotator layers or more. */
export const canCurate = (doc: ArticleDoc | null): boolean => !!doc && annotatorLayers(doc).length >= 2;

const unitCache = new WeakMap<ArticleDoc, CurationUnit[]>();

/** The units of `doc` (curation-diff.ts), computed once per state of the article. */
export function unitsOf(doc: ArticleDoc): CurationUnit[] {
  let u = unitCache.get(doc);
  if (!u) unitCache.set(doc, (u = curationUnits(doc)));
  return u;
}

/** The situation a key is pressed in, in the curation view. */
export type CurationKeyContext = { state: WorkbenchState; curation: CurationState; layers: readonly string[]; unit: CurationUnit | undefined };

/** A command with its key in the curation view. */
export type CurationCommand<A extends unknown[] = []> = Command<A> & { readonly curationKey: (e: KeyPress, k: CurationKeyContext) => A | null };

const plain = (e: KeyPress): boolean => !withMod(e) && !e.altKey;
const letter = (e: KeyPress, l: string): boolean => plain(e) && isCharacter(e) && e.key.toLowerCase() === l;

/** The index of the current unit in `units`, or -1. */
const currentIndex = (units: readonly CurationUnit[], key: string | null): number => (key === null ? -1 : units.findIndex((u) => u.key === key));

/** The current unit of the open article, if any. */
export function currentUnit(wb: Workbench): CurationUnit | undefined {
  const doc = wb.store.get().doc;
  if (!doc) return undefined;
  const units = unitsOf(doc);
  return units[currentIndex(units, curationOf(wb).get().current)];
}

/** Makes unit `key` current (a click on it); ends an adjustment. */
export const selectUnit = command<[key: string]>({
  name: 'selectUnit',
  perform: (wb, key) => curationOf(wb).set({ current: key, editing: false }),
});

/** Steps to the next or previous unit `wanted` accepts; says so when there is none. */
function step(wb: Workbench, dir: 1 | -1, wanted: (u: CurationUnit, rejected: ReadonlySet<string>) => boolean, none: string): void {
  const doc = wb.store.get().doc;
  if (!doc) return;
  const c = curationOf(wb);
  const units = unitsOf(doc);
  const i = findUnit(units, currentIndex(units, c.get().current), dir, (u) => wanted(u, c.get().rejected));
  if (i < 0) return wb.store.set({ notice: none });
  c.set({ current: units[i]!.key, editing: false });
}

/** Alt+C: the curation view of the open article. */
export const openCuration = command({
  name: 'openCuration',
  windowKey: (e) => (e.altKey && !e.shiftKey && !withMod(e) && e.code === 'KeyC' ? NO_ARGS : null),
  perform: (wb) => {
    const doc = wb.store.get().doc;
    if (!doc) return;
    if (!canCurate(doc)) return wb.store.set({ notice: 'Curation compares the layers of two annotators or more; this article has fewer.' });
    wb.env.navigate(curationHash(doc.article.id));
  },
});

/** Escape (when not adjusting): back to the article. */
export const closeCuration = command<[], void>({
  name: 'closeCuration',
  perform: (wb) => {
    const doc = wb.store.get().doc;
    curationOf(wb).set({ editing: false });
    if (doc) wb.env.navigate(`#/articles/${doc.article.id}`);
  },
});

/** N / P: the next / previous disagreement still open (neither curated nor rejected). */
export const nextDisagreement: CurationCommand<[dir: 1 | -1]> = {
  name: 'nextDisagreement',
  curationKey: (e) => (letter(e, 'n') ? [1] : letter(e, 'p') ? [-1] : null),
  perform: (wb, dir) => step(wb, dir, isOpenDisagreement, 'No open disagreement left in this article.'),
};

/** ↓ / ↑ or J / K: the next / previous unit of any kind. */
export const nextUnit: CurationCommand<[dir: 1 | -1]> = {
  name: 'nextUnit',
  curationKey: (e) => (plain(e) && !e.shiftKey && (e.key === 'ArrowDown' || letter(e, 'j')) ? [1] : plain(e) && !e.shiftKey && (e.key === 'ArrowUp' || letter(e, 'k')) ? [-1] : null),
  perform: (wb, dir) => step(wb, dir, () => true, 'This article has no annotations to curate.'),
};

/** 1–9: the version of layer k (in the article's layer order) becomes the curated one for this unit. */
export const acceptLayer: CurationCommand<[layer: string]> = {
  name: 'acceptLayer',
  curationKey: (e, k) => {
    if (!plain(e) || !/^[1-9]$/.test(e.key)) return null;
    const layer = k.layers[Number(e.key) - 1];
    return layer ? [layer] : null;
  },
  perform: (wb, layer) => accept(wb, layer),
};

/** Accepts `layer`'s version of the current unit; true when made. With `edit`, its copy is selected for adjusting. */
function accept(wb: Workbench, layer: string, edit = false): boolean {
  const s = wb.store.get();
  const unit = currentUnit(wb);
  if (!s.doc || !unit) {
    wb.store.set({ notice: 'Choose a unit first: N goes to the next disagreement.' });
    return false;
  }
  const r = acceptOp(s.doc, unit, layer, s.user, wb.writer.now());
  if (!r) {
    wb.store.set({ notice: `${layer} has nothing here; X rejects the unit if it needs no annotation.` });
    return false;
  }
  const c = curationOf(wb);
  if (c.get().rejected.has(unit.key)) c.toggleRejected(unit.key);
  const ok = wb.writer.change(r.op, { patch: { selected: r.spanIds[0] ?? null } });
  if (ok) c.set({ editing: edit });
  return ok;
}

/** X: the unit needs no curated annotation (what the curated layer held there is removed); X again takes that back. */
export const rejectUnit: CurationCommand = {
  name: 'rejectUnit',
  curationKey: (e) => (letter(e, 'x') ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    const unit = currentUnit(wb);
    if (!s.doc || !unit) return;
    const op = clearOp(s.doc, unit);
    if (op && !wb.writer.change(op, { patch: { selected: null } })) return;
    const rejected = curationOf(wb).toggleRejected(unit.key);
    curationOf(wb).set({ editing: false });
    if (!op) wb.store.set({ notice: rejected ? 'Rejected: the curated layer gets nothing here (X again takes it back).' : 'No longer rejected.' });
  },
};

/** E: accept the first version (unless something is curated here already) and adjust it with Shift+arrows. */
export const editUnit: CurationCommand = {
  name: 'editUnit',
  curationKey: (e) => (letter(e, 'e') ? NO_ARGS : null),
  perform: (wb) => {
    const unit = currentUnit(wb);
    if (!unit) return;
    if (unit.curated.length) {
      wb.store.set({ selected: unit.curated[0]!.id });
      curationOf(wb).set({ editing: true });
      return;
    }
    const first = unit.versions[0];
    if (first) accept(wb, first.layer, true);
  },
};

/** While adjusting: Shift+→ / Shift+← the end by a word, Alt+Shift+← / → the start (the span commands' resize). */
export const adjustCurated: CurationCommand<[direction: 'grow' | 'shrink', atStart: boolean]> = {
  name: 'adjustCurated',
  curationKey: (e, k) => {
    if (!k.curation.editing || !e.shiftKey || withMod(e) || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return null;
    const grow = e.key === 'ArrowRight' ? !e.altKey : e.altKey;
    return [grow ? 'grow' : 'shrink', e.altKey];
  },
  perform: (wb, direction, atStart) => resizeSelected.perform(wb, direction, atStart),
};

/** Enter or Escape while adjusting: done. */
export const finishEditing: CurationCommand = {
  name: 'finishEditing',
  curationKey: (e, k) => (k.curation.editing && plain(e) && (e.key === 'Enter' || e.key === 'Escape') ? NO_ARGS : null),
  perform: (wb) => curationOf(wb).set({ editing: false }),
};

/** A (or the button): every agreed unit not curated yet is accepted, in one change (one Ctrl+Z). */
export const acceptAllAgreed: CurationCommand = {
  name: 'acceptAllAgreed',
  curationKey: (e) => (letter(e, 'a') ? NO_ARGS : null),
  perform: (wb) => {
    const s = wb.store.get();
    if (!s.doc) return;
    const r = acceptAgreedOp(s.doc, unitsOf(s.doc), curationOf(wb).get().rejected, s.user, wb.writer.now());
    if (!r) return wb.store.set({ notice: 'Every agreed unit is curated already.' });
    wb.writer.change(r.op, { patch: { notice: `Accepted ${r.count} agreed annotation${r.count === 1 ? '' : 's'} (Ctrl+Z takes them all back).` } });
  },
};

/** Escape (when not adjusting): back to the article. */
const leave: CurationCommand = { ...closeCuration, curationKey: (e, k) => (!k.curation.editing && plain(e) && e.key === 'Escape' ? NO_ARGS : null) };

/** The curation view's keys, first match wins. */
export const CURATION_COMMANDS: readonly CurationCommand<never[]>[] = [
  finishEditing, adjustCurated, nextDisagreement, nextUnit, acceptLayer, rejectUnit, editUnit, acceptAllAgreed, leave,
] as unknown as readonly CurationCommand<never[]>[];

/** A key pressed in the curation view: true (and done) when it is one of its keys. */
export function handleCurationKey(wb: Workbench, e: KeyPress): boolean {
  const state = wb.store.get();
  if (!state.doc) return false;
  const k: CurationKeyContext = { state, curation: curationOf(wb).get(), layers: annotatorLayers(state.doc), unit: currentUnit(wb) };
  for (const c of CURATION_COMMANDS) {
    const args = c.curationKey(e, k);
    if (args) {
      c.perform(wb, ...args);
      return true;
    }
  }
  return false;
}

/** True when `unit` needs nothing more (curated or rejected), for the view's marks. */
export const unitHandled = (wb: Workbench, unit: CurationUnit): boolean => isHandled(unit, curationOf(wb).get().rejected);
