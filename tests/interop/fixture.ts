/**
 * The corpus the interop tests export and hand to the real readers (spaCy, Hugging Face
 * datasets, Python's csv and json, brat's standoff rules, a strict IOB2 reader): six articles
 * with what breaks readers — emoji with modifiers and joiners, a flag, combining accents (texts
 * kept in NFD, as an annotated document is), curly quotes, Chinese, French with its spaces,
 * double spaces, a leading space, a tab, CRLF, paragraph breaks; nested spans, discontinuous
 * spans, quotes that cross a sentence break, a span that is not on token boundaries, links, an
 * attribution event, sources, attributes, a note and verdicts. Spans are placed by the text they
 * cover, never by counted offsets.
 */
import {
  OffsetConverter, createArticle, emptyDoc, makeFragment, splitOf, textOffset, withEventType,
  type ArticleDoc, type ArticleMetadata, type Link, type Source, type Span, type SplitOptions,
} from '../../annotations/index.js';
import type { ProjectStore } from '../../app/store/project-store.js';
import { T0 } from '../helpers/project.js';

/** A span to place: its label and the text of each fragment (the `nth` occurrence, from `after`). */
type SpanSpec = {
  id: string;
  label: string;
  parts: (string | { text: string; nth?: number })[];
  attributes?: Record<string, string>;
  sourceId?: string;
  note?: string;
};

type ArticleSpec = {
  id: string;
  title: string;
  text: string;
  metadata?: ArticleMetadata;
  spans: SpanSpec[];
  links?: [from: string, type: string, to: string][];
  events?: { id: string; type: string; args: [role: string, spanId: string][] }[];
};

export const SOURCES: Source[] = [
  { id: 'src-alvarez', name: 'José Álvarez', kind: 'person', aliases: ['the health minister'], externalId: 'Q000001' },
  { id: 'src-mfa', name: '外交部发言人', kind: 'organization', aliases: [] },
  { id: 'src-insee', name: 'INSEE', kind: 'organization', aliases: [] },
];

const NFD = (s: string) => s.normalize('NFD');

/** The articles. `misaligned` below names the one span that is deliberately not on token boundaries. */
export const ARTICLES: ArticleSpec[] = [
  {
    id: 'a-emoji', title: 'Minister: “We will go on” 👩🏽‍⚕️',
    // Leading space, a quote that crosses a sentence break, NFD accents, an emoji with a skin
    // tone and a joiner, two spaces, a tab, a flag, a paragraph break.
    text: ` “We will not stop. We will go on,” said ${NFD('José Álvarez')} 👩🏽‍⚕️, the health minister, on Tuesday.\n\n“First part,” she said,  “second part.”\tThe ministry’s 1,000 pro-Russian critics 🇺🇦 disagreed.\n`,
    metadata: { language: 'en', url: 'https://news.example/2026/minister', published: '2026-03-01', outlet: 'News Example' },
    spans: [
      { id: 'q1', label: 'Quote', parts: ['“We will not stop. We will go on,”'], attributes: { QuoteType: 'Direct' } },
      { id: 'c1', label: 'Claim', parts: ['We will go on'], attributes: { Verdict: 'Mostly true' } },
      { id: 'cue1', label: 'Cue', parts: ['said'] },
      { id: 's1', label: 'Speaker', parts: [NFD('José Álvarez')], sourceId: 'src-alvarez' },
      { id: 's1b', label: 'Speaker', parts: ['the health minister'], sourceId: 'src-alvarez', note: 'the same person, by role' },
      { id: 'q2', label: 'Quote', parts: ['“First part,”', '“second part.”'], attributes: { QuoteType: 'Direct' } },
      { id: 's2', label: 'Speaker', parts: ['she'] },
      { id: 'cue2', label: 'Cue', parts: [{ text: 'said', nth: 1 }] },
      { id: 'c2', label: 'Claim', parts: ['The ministry’s 1,000 pro-Russian critics 🇺🇦 disagreed'], attributes: { Verdict: 'Mostly false' } },
      { id: 's3', label: 'Speaker', parts: ['Russia'] },
    ],
    links: [['q1', 'said-by', 's1'], ['cue1', 'cue-of', 'q1'], ['c1', 'claimed-by', 's1'], ['q2', 'said-by', 's2'], ['cue2', 'cue-of', 'q2']],
    events: [{ id: 'ev1', type: 'Attribution', args: [['Source', 's1'], ['Cue', 'cue1'], ['Content', 'q1']] }],
  },
  {
    id: 'a-zh', title: '外交部：“我们坚决反对”',
    text: '外交部发言人说：“我们坚决反对。这不是事实。”他还表示，中方将继续关注。\n\n记者问：😀是什么意思？',
    metadata: { language: 'zh' },
    spans: [
      { id: 'zs1', label: 'Speaker', parts: ['外交部发言人'], sourceId: 'src-mfa' },
      { id: 'zcue', label: 'Cue', parts: ['说'] },
      { id: 'zq1', label: 'Quote', parts: ['“我们坚决反对。这不是事实。”'], attributes: { QuoteType: 'Direct' } },
      { id: 'zc1', label: 'Claim', parts: ['这不是事实'] },
      { id: 'zs2', label: 'Speaker', parts: ['他'], sourceId: 'src-mfa' },
      { id: 'zq2', label: 'Quote', parts: ['中方将继续关注'], attributes: { QuoteType: 'Indirect' } },
    ],
    links: [['zq1', 'said-by', 'zs1'], ['zcue', 'cue-of', 'zq1'], ['zq2', 'said-by', 'zs2']],
  },
  {
    id: 'a-fr', title: NFD('Le taux, selon l’INSEE'),
    text: NFD('L’homme a déclaré : « Le taux est de 3,5 % cette année. Il baissera. » selon l’INSEE.\n\nCafé crème 😀 👍🏽.'),
    metadata: { language: 'fr', url: 'https://news.example/fr/taux' },
    spans: [
      { id: 'fs1', label: 'Speaker', parts: ['L’homme'], sourceId: 'src-insee' },
      { id: 'fcue', label: 'Cue', parts: [NFD('déclaré')] },
      { id: 'fq1', label: 'Quote', parts: [NFD('« Le taux est de 3,5 % cette année. Il baissera. »')], attributes: { QuoteType: 'Direct' } },
      { id: 'fc1', label: 'Claim', parts: [NFD('Le taux est de 3,5 % cette année')], attributes: { Verdict: 'True' } },
    ],
    links: [['fq1', 'said-by', 'fs1'], ['fcue', 'cue-of', 'fq1'], ['fc1', 'claimed-by', 'fs1']],
  },
  {
    id: 'a-crlf', title: 'Windows line ends',
    text: 'The mayor said the bridge would reopen.\r\nOfficials disagreed.\r\n',
    spans: [
      { id: 'ws1', label: 'Speaker', parts: ['The mayor'] },
      { id: 'wq1', label: 'Quote', parts: ['the bridge would reopen'], attributes: { QuoteType: 'Indirect' } },
      { id: 'wc1', label: 'Claim', parts: ['the bridge would reopen'], attributes: { Verdict: 'False' } },
    ],
    links: [['wq1', 'said-by', 'ws1'], ['wc1', 'claimed-by', 'ws1']],
  },
  { id: 'a-plain', title: 'Plain', text: 'Nobody is quoted here. It rained.', spans: [] },
  {
    // A fragment's 32-unit context cuts through an emoji on both sides (33 units of emoji and "x").
    id: 'a-astral', title: 'Astral', text: `${'😀'.repeat(16)}x“Fine.”y${'😀'.repeat(16)}`,
    spans: [{ id: 'aq1', label: 'Quote', parts: ['“Fine.”'] }],
  },
  {
    id: 'a-short', title: 'Short', text: '“Yes.” “No.”',
    spans: [{ id: 'hq1', label: 'Quote', parts: ['“Yes.”'] }, { id: 'hq2', label: 'Quote', parts: ['“No.”'] }],
  },
];

/** The span made, deliberately, of part of a token ("Russia" in "pro-Russian"): exporters widen it. */
export const MISALIGNED = new Set(['s3']);

function place(text: string, part: SpanSpec['parts'][number]): [number, number] {
  const { text: want, nth = 0 } = typeof part === 'string' ? { text: part } : part;
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(want, at + 1);
    if (at < 0) throw new Error(`fixture: "${want}" (occurrence ${nth + 1}) is not in the text`);
  }
  return [at, at + want.length];
}

/** The article documents, texts kept exactly as written (no NFC). */
export function fixtureDocs(): ArticleDoc[] {
  return ARTICLES.map((a) => {
    const article = createArticle({ id: a.id, title: a.title, text: a.text, keepText: true, metadata: a.metadata ?? {}, provenance: { origin: 'interop fixture', importedAt: T0.toISOString() } });
    const spans: Span[] = a.spans.map((s) => ({
      id: s.id, label: s.label, fragments: s.parts.map((p) => makeFragment(a.text, ...place(a.text, p))), attributes: s.attributes ?? {},
      ...(s.sourceId ? { sourceId: s.sourceId } : {}), ...(s.note ? { note: s.note } : {}),
      annotator: 'fixture', origin: 'manual', createdAt: T0.toISOString(), updatedAt: T0.toISOString(),
    }));
    const links: Link[] = (a.links ?? []).map(([from, type, to], i) => ({ id: `${a.id}-l${i + 1}`, type, from, to }));
    const events = (a.events ?? []).map((e) => ({ id: e.id, type: e.type, args: e.args.map(([role, spanId]) => ({ role, spanId })) }));
    return { ...emptyDoc(article), spans, links, events };
  });
}

/** Ratios for the dataset export, and the first seed that puts an article in each split. */
export function fixtureSplit(): SplitOptions {
  const ratios: [number, number, number] = [0.5, 0.25, 0.25];
  for (let seed = 1; ; seed++) {
    const got = new Set(ARTICLES.map((a) => splitOf(a.id, { seed, ratios })));
    if (got.size === 3) return { seed, ratios };
  }
}

/** Fills a new project with the fixture: the attribution event type, the sources, the articles. */
export async function fillProject(store: ProjectStore): Promise<ArticleDoc[]> {
  await store.apply({ op: 'setSchema', schema: withEventType(store.schema, 'Attribution', ['Source', 'Cue', 'Content']) });
  for (const source of SOURCES) await store.apply({ op: 'addSource', source });
  const docs = fixtureDocs();
  for (const d of docs) await store.addArticle(d);
  return docs;
}

/**
 * What the Python checks compare against, in code points (Python's string indices): each
 * article's text and every fragment, with whether it lies on token boundaries by design (all but
 * the `misaligned` spans).
 */
export function expectations(docs: readonly ArticleDoc[], misaligned: ReadonlySet<string> = MISALIGNED) {
  return {
    articles: docs.map((d) => {
      const conv = new OffsetConverter(d.article.text);
      const cp = (n: number) => conv.toCodePoint(textOffset(n));
      const byId = new Map(d.spans.map((s) => [s.id, s]));
      return {
        id: d.article.id, text: d.article.text, url: d.article.metadata.url ?? null,
        fragments: d.spans.flatMap((s) => s.fragments.map((f) => ({ span: s.id, label: s.label, start: cp(f.start), end: cp(f.end), text: f.text, aligned: !misaligned.has(s.id) }))),
        spans: d.spans.map((s) => ({ id: s.id, label: s.label, fragments: s.fragments.map((f) => [cp(f.start), cp(f.end)]), text: s.fragments.map((f) => f.text) })),
        links: d.links.length,
        events: (d.events ?? []).map((e) => ({ type: e.type, args: e.args.map((a) => ({ role: a.role, text: byId.get(a.spanId)!.fragments.map((f) => f.text) })) })),
        quotes: d.spans.filter((s) => s.label === 'Quote').map((s) => s.fragments.map((f) => f.text)),
      };
    }),
  };
}
