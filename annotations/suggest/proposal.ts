/**
 * What every suggester proposes, before it becomes spans and links of a document: spans as
 * labelled character ranges (UTF-16 offsets into the article's text, end exclusive) and links
 * between them by index. Plain data, no ids, no times: `build.ts` turns it into Sourcemark's
 * model.
 */

export type Range = { start: number; end: number };

export type ProposedSpan = {
  label: string;
  /** Ascending and not overlapping. */
  fragments: Range[];
  attributes: Record<string, string>;
};

/** `said-by` goes from a Quote to a Speaker, `cue-of` from a Cue to a Quote (the default schema's directions). */
export type ProposedLink = { type: string; from: number; to: number };

export type Proposal = { spans: ProposedSpan[]; links: ProposedLink[] };

/** Adds a span (or finds the same one already there) and returns its index. */
export function addSpan(p: Proposal, label: string, fragments: Range[], attributes: Record<string, string> = {}): number {
  const key = `${label}@${fragments.map((f) => `${f.start}-${f.end}`).join(',')}`;
  const i = p.spans.findIndex((s) => `${s.label}@${s.fragments.map((f) => `${f.start}-${f.end}`).join(',')}` === key);
  if (i >= 0) return i;
  p.spans.push({ label, fragments, attributes });
  return p.spans.length - 1;
}

/** Adds a link once. */
export function addLink(p: Proposal, type: string, from: number, to: number): void {
  if (!p.links.some((l) => l.type === type && l.from === from && l.to === to)) p.links.push({ type, from, to });
}

export const SPEAKER = 'Speaker';
export const CUE = 'Cue';
export const QUOTE = 'Quote';
export const SAID_BY = 'said-by';
export const CUE_OF = 'cue-of';
/** The labels the suggesters propose, in this order. */
export const SUGGESTED_LABELS = [SPEAKER, CUE, QUOTE] as const;
