/**
 * schema.org ClaimReview JSON-LD, for fact checks: one review per Claim span whose Verdict is on
 * the project's scale, with the claimant (the span a `claimed-by` link points to, and its
 * source) and the article it appeared in. Export only. Verdicts off the scale, and a missing
 * publisher URL, are said in warnings.
 */
import { articleIri, type Exporter } from './core.js';
import type { ArticleDoc, Span } from '../model/types.js';
import { spanText } from '../text/fragments.js';

/** The linked speaker of a claim (claimed-by). */
function claimant(doc: ArticleDoc, claim: Span): Span | undefined {
  const l = doc.links.find((x) => x.type === 'claimed-by' && x.from === claim.id);
  return l ? doc.spans.find((s) => s.id === l.to) : undefined;
}

/** Said when reviews go out without `url`, which Google requires on every ClaimReview. */
export const NO_PUBLISHER_URL = 'ClaimReview: the project setting publisherUrl (settings.publisherUrl in sourcemark.json, or updateProject in the Api) is not set, so the reviews were written without the url that Google requires on each ClaimReview; set it to the address of your fact checks (each review gets <publisherUrl>/claims/<claim id>) and export again.';

/**
 * schema.org ClaimReview, one per claim with a verdict on the project's scale. The claim's
 * `appearance` is the article: its own URL when it has one (`metadata.url`), else its URN.
 */
export const claimReviewExporter: Exporter = {
  name: 'claimreview', description: 'schema.org ClaimReview JSON-LD for claims with a verdict', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonld',
  header: () => '[\n',
  chunk: (doc, ctx, first) => {
    const scale = ctx.schema.verdictScale;
    const reviews: unknown[] = [];
    for (const c of doc.spans.filter((s) => s.label === 'Claim' && s.attributes.Verdict)) {
      const verdict = c.attributes.Verdict!;
      const at = scale.indexOf(verdict);
      if (at < 0) {
        ctx.warn(`Some verdicts are not on the project's scale (${scale.join(', ')}); their claims were left out.`);
        continue;
      }
      const who = claimant(doc, c);
      const source = who?.sourceId ? ctx.sources[who.sourceId] : undefined;
      const base = ctx.settings.publisherUrl?.trim().replace(/\/$/, '');
      if (!base) ctx.warn(NO_PUBLISHER_URL);
      reviews.push({
        '@context': 'https://schema.org', '@type': 'ClaimReview',
        ...(base ? { url: `${base}/claims/${c.id}` } : {}),
        claimReviewed: spanText(c),
        datePublished: c.updatedAt.slice(0, 10),
        author: { '@type': 'Organization', name: ctx.settings.publisherName ?? ctx.projectName, ...(base ? { url: base } : {}) },
        reviewRating: { '@type': 'Rating', ratingValue: at + 1, bestRating: scale.length, worstRating: 1, alternateName: verdict },
        itemReviewed: {
          '@type': 'Claim',
          ...(source || who ? { author: { '@type': source?.kind === 'person' ? 'Person' : 'Organization', name: source?.name ?? spanText(who!) } } : {}),
          ...(doc.article.metadata.published ? { datePublished: doc.article.metadata.published } : {}),
          appearance: { '@type': 'CreativeWork', url: articleIri(doc), headline: doc.article.title },
        },
      });
    }
    if (!reviews.length) return '';
    return (first ? '' : ',\n') + reviews.map((r) => JSON.stringify(r)).join(',\n');
  },
  footer: () => '\n]\n',
};
