/**
 * The Agreement page's side of the state (issue 18): its routes (`#/agreement`, a pair's
 * articles `#/agreement/<a>/<b>`, one article's differing spans `#/agreement/<a>/<b>/<id>`),
 * its Api calls, the figure a matrix cell shows, and the cell's colour: a light scale from
 * red-ish (0 and below) to green (1) under dark text, so every cell reads at WCAG AA contrast
 * and the value is always written in it (colour is never the only cue).
 */
import type { AcceptAgreedResult, AgreementReport, ApiResults } from '../../app/api/contract.js';
import type { Workbench } from './workbench.js';

export type AgreementRoute = { page: 'matrix' } | { page: 'pair'; a: string; b: string } | { page: 'spans'; a: string; b: string; article: string };

/** The Agreement page an address names, or undefined for every other address. */
export function agreementRouteOf(hash: string): AgreementRoute | undefined {
  const m = /^#\/agreement(?:\/([^/]+)\/([^/]+)(?:\/([A-Za-z0-9_-]+))?)?\/?$/.exec(hash);
  if (!m) return undefined;
  if (!m[1] || !m[2]) return { page: 'matrix' };
  try {
    const a = decodeURIComponent(m[1]);
    const b = decodeURIComponent(m[2]);
    return m[3] ? { page: 'spans', a, b, article: m[3] } : { page: 'pair', a, b };
  } catch {
    return { page: 'matrix' };
  }
}

/** The address of a route. */
export function agreementHash(r: AgreementRoute): string {
  if (r.page === 'matrix') return '#/agreement';
  const pair = `#/agreement/${encodeURIComponent(r.a)}/${encodeURIComponent(r.b)}`;
  return r.page === 'pair' ? pair : `${pair}/${r.article}`;
}

/** The measures the matrix can show. */
export const MEASURES = [
  { key: 'exactF1', text: 'Exact F1' },
  { key: 'overlapF1', text: 'Overlap F1' },
  { key: 'kappa', text: "Cohen's kappa (characters)" },
  { key: 'alphaU', text: "Krippendorff's αu (pair)" },
] as const;
export type Measure = (typeof MEASURES)[number]['key'];

/** The figure of pair (a, b) for `label` under `measure`, either way round; undefined when they share no article. */
export function cellValue(report: AgreementReport, a: string, b: string, label: string, measure: Measure): number | null | undefined {
  const row = pairRow(report, a, b, label);
  return row ? row[measure] : undefined;
}

/** The report's row of pair (a, b) for `label`, either way round. */
export const pairRow = (report: AgreementReport, a: string, b: string, label: string): AgreementReport['pairs'][number] | undefined =>
  report.pairs.find((p) => p.label === label && ((p.annotators[0] === a && p.annotators[1] === b) || (p.annotators[0] === b && p.annotators[1] === a)));

/** A figure in words: two decimals, "—" for nothing to compare. */
export const formatFigure = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(2));

/**
 * The background of a cell showing `x`: hue from 0 (red, agreement 0 or below) to 130 (green,
 * agreement 1) at 88% lightness, light enough for #1a1a1a text at more than 12:1 contrast.
 */
export function cellColour(x: number | null | undefined): string {
  if (x === null || x === undefined) return '#f2f2f2';
  const v = Math.max(0, Math.min(1, x));
  return `hsl(${Math.round(130 * v)} 70% 86%)`;
}

export function loadAgreement(wb: Workbench, params: { label?: string; withCurated?: boolean }): Promise<AgreementReport> {
  return wb.api.agreement(params);
}

export function loadAgreementDetail(wb: Workbench, a: string, b: string, article?: string): Promise<ApiResults['agreementDetail']> {
  return wb.api.agreementDetail({ annotators: [a, b], ...(article ? { article } : {}) });
}

/** Accepts what the annotators agree on (all of them, or at least `min`) into the curated layer, as the page's user. */
export function acceptAgreedSpans(wb: Workbench, min?: number): Promise<AcceptAgreedResult> {
  const s = wb.store.get();
  return wb.api.acceptAgreed({ ...(min ? { min } : {}), ...(s.user ? { annotator: s.user } : {}) });
}

/** What accepting did, in a sentence. */
export function describeAccepted(r: AcceptAgreedResult): string {
  if (!r.articles) return 'Nothing to accept: every agreed span is in the curated layer already.';
  return `Accepted ${r.spans} agreed span${r.spans === 1 ? '' : 's'} and ${r.links} link${r.links === 1 ? '' : 's'} into the curated layer of ${r.articles} article${r.articles === 1 ? '' : 's'} (Ctrl+Z in an article takes its part back).`;
}
