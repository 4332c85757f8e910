/**
 * W3C Web Annotation, for the web: a collection (JSON-LD) in which each span is an Annotation
 * with a TextPositionSelector (code points, whatever unit was asked for) and a
 * TextQuoteSelector, and each link an Annotation with motivation `linking`. Export only.
 */
import { articleIri, fragmentsIn, sourceName, type Exporter } from './core.js';
import { OffsetConverter } from '../model/offsets.js';
import { linkTypeDef } from '../model/schema.js';

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
