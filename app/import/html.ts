/**
 * Articles from web pages: the body extracted with Mozilla's Readability, paragraphs rebuilt
 * from block elements, metadata from the page itself (JSON-LD NewsArticle, Open Graph and
 * `article:` meta tags, canonical link, language). The page is parsed with linkedom, which
 * never runs scripts; script elements are removed before anything reads the page. A page's link
 * is kept only when it is an http(s) URL (a `javascript:` og:url is dropped with a warning); a
 * fragment without `<html>` is parsed as a body; a file with no tags at all is plain text.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArticleMetadata } from '../../annotations/index.js';
import { isWebLink } from '../../annotations/model/limits.js';

export type ExtractedPage = {
  title: string;
  text: string;
  metadata: ArticleMetadata;
  /** What was dropped or guessed, in words (a link that is not http or https, a page with no tags). */
  warnings: string[];
  /** True when the file had no HTML tags: `text` is the file itself, to import as plain text. */
  plain?: boolean;
};

/**
 * True for an absolute http: or https: URL, the only links an article may keep: the model's rule
 * ({@link isWebLink}, which `apply` and the page also use), and a URL that parses.
 */
export function isWebUrl(u: string): boolean {
  return isWebLink(u) && URL.canParse(u);
}

/**
 * linkedom parses markup without an `<html>` element into a document whose root is the first
 * element and whose body is empty (and whose `head`/`body` getters throw when there is no
 * element at all: "Cannot destructure property 'firstElementChild'"), so such a fragment is
 * parsed again inside `<html>` (and `<body>`, unless it has its own head or body).
 */
function parsePage(html: string): LinkedDocument {
  const parsed = parseHTML(html).document;
  if (parsed.documentElement?.tagName.toUpperCase() === 'HTML') return parsed;
  const inner = html.replace(/^\s*<!doctype[^>]*>/i, '');
  return parseHTML(`<!doctype html><html>${/<(head|body)[\s>]/i.test(inner) ? inner : `<body>${inner}</body>`}</html>`).document;
}

type El = { tagName: string; textContent: string | null; childNodes: ArrayLike<Node>; getAttribute(n: string): string | null };
type Node = { nodeType: number; textContent: string | null };

const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'FIGCAPTION', 'DD', 'DT', 'TD', 'TH', 'CAPTION']);

/** The text of block elements, one paragraph each, in document order. */
function blocksToText(root: El): string {
  const out: string[] = [];
  let inline = '';
  const flush = () => {
    const t = inline.replace(/\s+/g, ' ').trim();
    if (t) out.push(t);
    inline = '';
  };
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as unknown as El;
    const tag = el.tagName.toUpperCase();
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') return;
    if (tag === 'BR') {
      inline += '\n';
      return;
    }
    const block = BLOCKS.has(tag) || tag === 'DIV' || tag === 'SECTION' || tag === 'ARTICLE' || tag === 'UL' || tag === 'OL' || tag === 'TABLE' || tag === 'TR' || tag === 'FIGURE' || tag === 'HEADER';
    if (block) flush();
    for (const child of Array.from(el.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root as unknown as Node);
  flush();
  return out.join('\n\n');
}

type LinkedDocument = ReturnType<typeof parseHTML>['document'];

function jsonLdArticle(doc: LinkedDocument): Record<string, unknown> | undefined {
  const isArticle = (o: unknown): o is Record<string, unknown> => {
    if (!o || typeof o !== 'object') return false;
    const t = (o as Record<string, unknown>)['@type'];
    const types = Array.isArray(t) ? t : [t];
    return types.some((x) => typeof x === 'string' && /(News|Reportage|Analysis|Opinion|)Article$|^BlogPosting$/.test(x));
  };
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]')) as { textContent: string | null }[]) {
    try {
      const data = JSON.parse(s.textContent ?? '') as unknown;
      const items = (Array.isArray(data) ? data : [data]).flatMap((d) => (d && typeof d === 'object' && Array.isArray((d as Record<string, unknown>)['@graph']) ? ((d as Record<string, unknown>)['@graph'] as unknown[]) : [d]));
      const found = items.find(isArticle);
      if (found) return found;
    } catch {
      // A broken JSON-LD block is ignored; the other sources of metadata still apply.
    }
  }
  return undefined;
}

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join(', ') || undefined;
  if (v && typeof v === 'object') return str((v as Record<string, unknown>).name) ?? str((v as Record<string, unknown>)['@id']);
  return undefined;
};

/** Extracts an article from HTML. `pageUrl` resolves relative canonical links. */
export function extractArticle(html: string, pageUrl?: string): ExtractedPage {
  if (!/<[a-z!/?]/i.test(html)) {
    return { title: '', text: html, metadata: {}, plain: true, warnings: ['it has no HTML tags; it was imported as plain text'] };
  }
  const warnings: string[] = [];
  const document = parsePage(html);
  for (const s of Array.from(document.querySelectorAll('script:not([type="application/ld+json"]), noscript, iframe, object, embed')) as { remove(): void }[]) s.remove();
  const meta = (...names: string[]): string | undefined => {
    for (const n of names) {
      const el = document.querySelector(`meta[property="${n}"], meta[name="${n}"], meta[itemprop="${n}"]`);
      const v = el?.getAttribute('content')?.trim();
      if (v) return v;
    }
    return undefined;
  };
  const ld = jsonLdArticle(document);
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const resolve = (u: string | undefined) => {
    if (!u) return undefined;
    try {
      return new URL(u, pageUrl).href;
    } catch {
      return u;
    }
  };
  const date = str(ld?.datePublished) ?? meta('article:published_time', 'og:published_time', 'datePublished', 'date', 'pubdate', 'publishdate', 'DC.date.issued');
  const metadata: ArticleMetadata = {};
  const outlet = str(ld?.publisher) ?? meta('og:site_name', 'application-name');
  const byline = str(ld?.author) ?? meta('author', 'article:author', 'byl');
  // The first candidate that is a web link; any other (javascript:, data:…) is named and dropped.
  const candidates: [string, string | undefined][] = [['JSON-LD url', str(ld?.url)], ['JSON-LD mainEntityOfPage', str(ld?.mainEntityOfPage)], ['og:url', meta('og:url')], ['canonical link', canonical]];
  let url: string | undefined;
  for (const [where, raw] of candidates) {
    const u = resolve(raw);
    if (!u) continue;
    if (isWebUrl(u)) {
      url ??= u;
      continue;
    }
    warnings.push(`its ${where} ${JSON.stringify(u.slice(0, 80))} is not an http or https link; it was not kept`);
  }
  url ??= pageUrl;
  const language = str(ld?.inLanguage) ?? document.documentElement?.getAttribute('lang') ?? meta('og:locale', 'language');
  if (outlet) metadata.outlet = outlet;
  if (byline) metadata.byline = byline.replace(/^by\s+/i, '');
  if (date) metadata.published = /^\d{4}-\d\d-\d\d/.test(date) ? date.slice(0, 10) : date;
  if (url) metadata.url = url;
  if (language) metadata.language = language.replace('_', '-');
  const headline = str(ld?.headline) ?? meta('og:title', 'twitter:title');

  let readable: ReturnType<Readability['parse']> = null;
  try {
    // Readability throws on a page without a root element (an empty or broken file).
    readable = document.documentElement ? new Readability(document as never, { charThreshold: 200 }).parse() : null;
  } catch {
    readable = null;
  }
  let text = '';
  if (readable?.content) {
    const { document: inner } = parseHTML(`<!doctype html><html><body><div id="r">${readable.content}</div></body></html>`);
    text = blocksToText(inner.getElementById('r') as unknown as El);
  }
  if (!text.trim()) {
    const again = parsePage(html);
    for (const s of Array.from(again.querySelectorAll('script, style, noscript, nav, header, footer, aside, form')) as { remove(): void }[]) s.remove();
    text = again.body ? blocksToText(again.body as unknown as El) : again.documentElement ? blocksToText(again.documentElement as unknown as El) : '';
  }
  const title = headline ?? readable?.title?.trim() ?? document.querySelector('title')?.textContent?.trim() ?? '';
  // A headline repeated as the first paragraph is the title, not the text.
  const paras = text.split('\n\n');
  if (title && paras[0]?.trim() === title.trim()) text = paras.slice(1).join('\n\n');
  return { title, text, metadata, warnings };
}
