/**
 * Exporters for the web: a W3C Web Annotation collection (each span an Annotation with a
 * TextPositionSelector and a TextQuoteSelector, each link an Annotation with motivation
 * `linking`) and schema.org ClaimReview for claims that have a verdict.
 */
import type { ExportContext, Exporter } from './export-core.js';
import { fragmentsIn, sourceName } from './export-core.js';
import type { ArticleDoc, Span } from '../model/types.js';
import { OffsetConverter } from '../model/offsets.js';
import { linkTypeDef } from '../model/schema.js';
import { spanText } from '../text/fragments.js';

const articleIri = (doc: ArticleDoc) => doc.article.metadata.url ?? `urn:sourcemark:article:${doc.article.id}`;
const spanIri = (id: string) => `urn:sourcemark:span:${id}`;

/**
 * A fragment's context without the half of a surrogate pair its cut may have left at either end
 * (it keeps 32 UTF-16 units): a lone surrogate is not text, and a reader that compares the
 * prefix with the text (in code points, as Python does) would find no match.
 */
export const wholeCharacters = (s: string): string => s.replace(/^[\udc00-\udfff]/, '').replace(/[\ud800-\udbff]$/, '');

export const w3cExporter: Exporter = {
  name: 'w3c', description: 'W3C Web Annotation collection (JSON-LD)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonld',
  header: (ctx) => {
    if (ctx.unit !== 'codepoint') ctx.warn('W3C TextPositionSelector counts code points; the export uses code points whatever --offsets says.');
    return `{\n"@context": ["http://www.w3.org/ns/anno.jsonld", {"sourcemark": "urn:sourcemark:vocab#"}],\n"id": "urn:sourcemark:collection:${encodeURIComponent(ctx.projectName)}",\n"type": "AnnotationCollection",\n"label": ${JSON.stringify(ctx.projectName)},\n"sourcemark:offsets": "codepoint",\n"first": {"type": "AnnotationPage", "items": [\n`;
  },
  chunk: (doc, ctx, first) => {
    const conv = new OffsetConverter(doc.article.text);
    const items: unknown[] = [];
    for (const s of doc.spans) {
      const body: Record<string, unknown>[] = [{ type: 'TextualBody', purpose: 'tagging', value: s.label }];
      for (const [k, v] of Object.entries(s.attributes)) body.push({ type: 'TextualBody', purpose: 'classifying', value: v, 'sourcemark:attribute': k });
      if (s.sourceId) body.push({ type: 'TextualBody', purpose: 'identifying', value: sourceName(ctx, s), 'sourcemark:source': s.sourceId, ...(ctx.sources[s.sourceId]?.externalId ? { 'sourcemark:externalId': ctx.sources[s.sourceId]!.externalId } : {}) });
      if (s.note) body.push({ type: 'TextualBody', purpose: 'commenting', value: s.note });
      const targets = fragmentsIn(doc, s, 'codepoint', conv).map((f, k) => ({
        source: articleIri(doc),
        selector: [
          { type: 'TextPositionSelector', start: f.start, end: f.end },
          { type: 'TextQuoteSelector', exact: s.fragments[k]!.text, prefix: wholeCharacters(s.fragments[k]!.prefix), suffix: wholeCharacters(s.fragments[k]!.suffix) },
        ],
      }));
      items.push({
        id: spanIri(s.id), type: 'Annotation', motivation: 'tagging', creator: s.annotator || undefined, created: s.createdAt, modified: s.updatedAt,
        body, target: targets.length === 1 ? targets[0] : targets,
      });
    }
    for (const l of doc.links) {
      items.push({
        id: `urn:sourcemark:link:${l.id}`, type: 'Annotation', motivation: 'linking',
        body: { type: 'TextualBody', purpose: 'tagging', value: linkTypeDef(ctx.schema, l.type)?.exportName ?? l.type },
        target: [spanIri(l.from), spanIri(l.to)],
      });
    }
    if (!items.length) return '';
    return (first ? '' : ',\n') + items.map((i) => JSON.stringify(i)).join(',\n');
  },
  footer: () => '\n]}\n}\n',
};

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

export type { ExportContext };
