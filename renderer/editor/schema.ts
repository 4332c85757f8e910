/**
 * The article view's ProseMirror schema: a document of paragraphs of plain text, one paragraph
 * node per paragraph of the article (a transaction costs in proportion to the textblock it
 * touches). The text is never edited here; annotations are decorations.
 */
import { Schema, type Node } from 'prosemirror-model';
import type { Article } from '../../annotations/index.js';

export const articleSchema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: {
      content: 'text*',
      attrs: { index: { default: 0 } },
      toDOM: (node) => ['p', { 'data-paragraph': String(node.attrs.index) }, 0],
    },
    text: {},
  },
});

/** The ProseMirror document of an article: one paragraph node per paragraph. */
export function articleToDoc(article: Article): Node {
  const paras = article.paragraphs.length ? article.paragraphs : [{ start: 0, end: article.text.length }];
  return articleSchema.node('doc', null, paras.map((p, index) => {
    const text = article.text.slice(p.start, p.end);
    return articleSchema.node('paragraph', { index }, text ? [articleSchema.text(text)] : []);
  }));
}
