/**
 * The article view's ProseMirror schema: a document of sections of paragraphs of plain text,
 * one paragraph node per paragraph of the article (a transaction costs in proportion to the
 * textblock it touches). Paragraphs are grouped {@link SECTION_SIZE} to a section so that a
 * change of decorations visits a few dozen nodes, not every paragraph of a 1,000-paragraph
 * article, and so that a long article can be shown a section at a time. The text is never
 * edited here; annotations are decorations.
 */
import { Schema, type Node } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import type { Article, Paragraph } from '../../annotations/index.js';

/** Paragraphs per section node. 32 keeps both levels of the tree near √1000 for long articles. */
export const SECTION_SIZE = 32;

export const articleSchema = new Schema({
  nodes: {
    doc: { content: 'section+' },
    section: {
      content: 'paragraph+',
      toDOM: () => ['div', { class: 'article-section' }, 0],
    },
    paragraph: {
      content: 'text*',
      attrs: { index: { default: 0 } },
      // dir=auto: each paragraph takes its direction from its first strong character (an Arabic or
      // Hebrew paragraph lays out right to left, its final "." and «» at the right end).
      toDOM: (node) => ['p', { 'data-paragraph': String(node.attrs.index), dir: 'auto' }, 0],
    },
    text: {},
  },
});

/** The paragraphs the view shows: the article's, or one covering the whole text when it has none. */
export const viewParagraphs = (article: Article): readonly Paragraph[] =>
  article.paragraphs.length ? article.paragraphs : [{ start: 0, end: article.text.length } as Paragraph];

/** Paragraphs `[from, to)` of an article as paragraph nodes. */
export function paragraphNodes(article: Article, paragraphs: readonly Paragraph[], from: number, to: number): Node[] {
  const out: Node[] = [];
  for (let i = from; i < to; i++) {
    const p = paragraphs[i]!;
    const text = article.text.slice(p.start, p.end);
    out.push(articleSchema.node('paragraph', { index: i }, text ? [articleSchema.text(text)] : []));
  }
  return out;
}

/**
 * Sections holding paragraphs `[from, to)`, where `from` starts a section: whole sections of
 * {@link SECTION_SIZE}, the last one possibly partial (more paragraphs are put into it later).
 */
export function sectionNodes(article: Article, paragraphs: readonly Paragraph[], from: number, to: number): Node[] {
  const out: Node[] = [];
  for (let i = from; i < to; i += SECTION_SIZE) {
    out.push(articleSchema.node('section', null, paragraphNodes(article, paragraphs, i, Math.min(to, i + SECTION_SIZE))));
  }
  return out;
}

/** The ProseMirror document of an article's first `count` paragraphs (all by default). */
export function articleToDoc(article: Article, count?: number): Node {
  const paragraphs = viewParagraphs(article);
  return articleSchema.node('doc', null, sectionNodes(article, paragraphs, 0, Math.max(1, Math.min(count ?? Infinity, paragraphs.length))));
}

/**
 * Appends paragraphs `[shown, to)` to a document that holds the first `shown`: into its last
 * section first when that one is partial (before its closing token), then as new sections.
 */
export function appendParagraphs(tr: Transaction, article: Article, paragraphs: readonly Paragraph[], shown: number, to: number): Transaction {
  let at = shown;
  if (at < to && at % SECTION_SIZE) {
    const fill = Math.min(to, at + SECTION_SIZE - (at % SECTION_SIZE));
    tr.insert(tr.doc.content.size - 1, paragraphNodes(article, paragraphs, at, fill));
    at = fill;
  }
  if (at < to) tr.insert(tr.doc.content.size, sectionNodes(article, paragraphs, at, to));
  return tr;
}
