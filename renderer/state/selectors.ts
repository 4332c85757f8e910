/**
 * What the screens and commands read from the state, derived and never stored: a span by id,
 * the next article to do, the view's overlay, ranked sources, link targets, the local model
 * state an operation is applied to. Pure functions of a {@link WorkbenchState}; none changes it.
 */
import type { ProjectState, Source, Span } from '../../annotations/index.js';
import { linkTargets as schemaLinkTargets } from '../../annotations/edit/link-candidates.js';
import { rankSources } from '../../annotations/edit/source-ranking.js';
import type { OverlayModel } from '../editor/view-port.js';
import type { WorkbenchState } from './store.js';

/** The span `id` of the open article, if there is one. */
export function span(s: WorkbenchState, id: string | null | undefined): Span | undefined {
  return id ? s.doc?.spans.find((x) => x.id === id) : undefined;
}

/** The selected span, if any. */
export const selectedSpan = (s: WorkbenchState): Span | undefined => span(s, s.selected);

/** The project's sources (none before the project is read). */
export const sources = (s: WorkbenchState): Source[] => s.project?.sources ?? [];

/** Any merge candidates: the sources other than `id`. */
export const otherSources = (s: WorkbenchState, id: string): Source[] => sources(s).filter((x) => x.id !== id);

/** Sources ranked for the picker: matching ones, those mentioned in this article first. */
export const rankedSources = (s: WorkbenchState, query: string): Source[] => rankSources(sources(s), s.doc?.spans ?? [], query);

/** True unless the project turned snapping selections to whole words off. */
export const snapOn = (s: WorkbenchState): boolean => s.project?.settings.snapToWords !== false;

/** Link types that may start at `label`, and the labels they may reach. */
export const linkTargets = (s: WorkbenchState, label: string): { type: string; to: readonly string[] }[] =>
  schemaLinkTargets(s.project?.schema.linkTypes ?? [], label);

/** The next article (in list order) that is not done, after the open one, wrapping around. */
export function nextNotDone(s: WorkbenchState): string | undefined {
  const items = s.list?.items ?? [];
  const at = items.findIndex((a) => a.id === s.doc?.article.id);
  const order = [...items.slice(at + 1), ...items.slice(0, Math.max(0, at))];
  return order.find((a) => a.status !== 'done' && !a.damaged)?.id;
}

/** The model's state as far as this page holds it: the schema, every source, and the open article. */
export function localProjectState(s: WorkbenchState): ProjectState | null {
  const { doc, project } = s;
  if (!doc || !project) return null;
  return { schema: project.schema, sources: Object.fromEntries(project.sources.map((x) => [x.id, x])), docs: { [doc.article.id]: doc } };
}

/** What the view overlays: the selection, what it is linked to, link candidates, and find results (only while the find bar is open). */
export function overlay(s: WorkbenchState): OverlayModel {
  const sel = s.selected;
  const links = s.doc?.links ?? [];
  const related = sel ? links.filter((l) => l.from === sel || l.to === sel).map((l) => (l.from === sel ? l.to : l.from)) : [];
  return {
    ...(sel ? { selected: sel } : {}),
    related,
    ...(s.link ? { candidates: s.link.candidates, active: s.link.candidates[s.link.index]! } : {}),
    found: s.find.open ? s.find.hits : [],
    foundIndex: s.find.index,
  };
}

/** The fields {@link overlay} reads: when none of them changed, neither did the overlay. */
export const overlayInputs = (s: WorkbenchState): readonly unknown[] => [s.selected, s.link, s.find, s.doc];
