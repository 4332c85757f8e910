/** Which spans a link may go to, per the schema, in the order the link chooser offers them. */
import type { Span } from '../model/types.js';
import { spanEnd, spanStart } from '../text/fragments.js';

type LinkTypes = readonly { name: string; from: readonly string[]; to: readonly string[] }[];

/** Link types that may start at `label`, and the labels they may reach. */
export function linkTargets(linkTypes: LinkTypes, label: string): { type: string; to: readonly string[] }[] {
  return linkTypes.filter((t) => t.from.includes(label)).map((t) => ({ type: t.name, to: t.to }));
}

/** Ids of the spans with one of `labels` other than `span`: those ending before it first, nearest first; then those after, in order. */
export function orderLinkCandidates(spans: readonly Span[], span: Span, labels: ReadonlySet<string>): string[] {
  const start = spanStart(span);
  return spans.filter((s) => labels.has(s.label) && s.id !== span.id).sort((a, b) => {
    const da = spanEnd(a) <= start ? start - spanEnd(a) : 1e9 + spanStart(a) - start;
    const db = spanEnd(b) <= start ? start - spanEnd(b) : 1e9 + spanStart(b) - start;
    return da - db;
  }).map((s) => s.id);
}
