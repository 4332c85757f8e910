/**
 * Who said what, across the corpus (issue 21): each article cut down to the facts the corpus
 * pages need ({@link ArticleFacts}: speaker mentions, quotes, claims, label counts), and pure
 * aggregations over them: the sources table, a source's quotes and claims, the claims tracker
 * and the chart series. Offsets are {@link TextOffset}s (UTF-16 code units, end exclusive).
 *
 * Layers: an article's facts keep every layer's items with their layer. What is counted is
 * decided by {@link LayerChoice}: by default every layer, except that an article with a
 * `curated` layer counts only that layer (the adjudicated result replaces the annotators'
 * layers, so an adjudicated article is not counted twice or three times). A filter naming
 * layers counts exactly those.
 *
 * Mentions are speaker spans (labels with `refersToSource`) tied to a source; a source's quotes
 * and claims are Quote and Claim spans with a `said-by` / `claimed-by` link to one of its
 * mentions (each counted once, however many of its mentions it links to); its articles are
 * the distinct articles with a mention.
 */

import { CURATED_LAYER, layerOf, layersOf } from '../model/layers.js';
import type { ProjectSchema } from '../model/schema.js';
import type { ArticleDoc, ArticleStatus, Source, SourceKind, Span } from '../model/types.js';

/** A span as the corpus pages show it: where it is, its text and its layer. */
export type SpanFact = { spanId: string; text: string; start: number; end: number; layer: string };
export type MentionFact = SpanFact & { sourceId?: string };
export type QuoteFact = SpanFact & { quoteType?: string; speakers: string[] };
export type ClaimFact = SpanFact & { checkWorthy?: string; verdict?: string; speakers: string[] };

/** One article cut down to what the corpus pages aggregate (kept in memory for 10,000 articles). */
export type ArticleFacts = {
  id: string;
  title: string;
  outlet?: string;
  published?: string;
  status: ArticleStatus;
  updatedAt: string;
  layers: string[];
  mentions: MentionFact[];
  quotes: QuoteFact[];
  claims: ClaimFact[];
  /** Spans per layer and label. */
  labels: Record<string, Record<string, number>>;
  /** Spans created per day (`2026-01-31`), every layer. */
  created: Record<string, number>;
};

const QUOTE = 'Quote';
const CLAIM = 'Claim';
const SAID_BY = 'said-by';
const CLAIMED_BY = 'claimed-by';

const spanFact = (s: Span): SpanFact => ({
  spanId: s.id, text: s.fragments.map((f) => f.text).join(' … '), start: s.fragments[0]!.start, end: s.fragments[s.fragments.length - 1]!.end, layer: layerOf(s),
});

/** The facts of one article. Labels that refer to a source come from `schema` (Speaker by default). */
export function factsOf(doc: ArticleDoc, schema: ProjectSchema, updatedAt = doc.updatedAt ?? ''): ArticleFacts {
  const speakerLabels = new Set(schema.labels.filter((l) => l.refersToSource).map((l) => l.name));
  const targets = (type: string) => {
    const m = new Map<string, string[]>();
    for (const l of doc.links) if (l.type === type) m.set(l.from, [...(m.get(l.from) ?? []), l.to]);
    return m;
  };
  const saidBy = targets(SAID_BY);
  const claimedBy = targets(CLAIMED_BY);
  const facts: ArticleFacts = {
    id: doc.article.id, title: doc.article.title, status: doc.article.status, updatedAt, layers: layersOf(doc),
    mentions: [], quotes: [], claims: [], labels: {}, created: {},
    ...(doc.article.metadata.outlet ? { outlet: doc.article.metadata.outlet } : {}),
    ...(doc.article.metadata.published ? { published: doc.article.metadata.published } : {}),
  };
  for (const s of doc.spans) {
    const layer = layerOf(s);
    const perLabel = (facts.labels[layer] ??= {});
    perLabel[s.label] = (perLabel[s.label] ?? 0) + 1;
    const day = s.createdAt.slice(0, 10);
    facts.created[day] = (facts.created[day] ?? 0) + 1;
    if (speakerLabels.has(s.label)) facts.mentions.push({ ...spanFact(s), ...(s.sourceId ? { sourceId: s.sourceId } : {}) });
    else if (s.label === QUOTE) facts.quotes.push({ ...spanFact(s), speakers: saidBy.get(s.id) ?? [], ...(s.attributes.QuoteType ? { quoteType: s.attributes.QuoteType } : {}) });
    else if (s.label === CLAIM) {
      facts.claims.push({
        ...spanFact(s), speakers: claimedBy.get(s.id) ?? [],
        ...(s.attributes.CheckWorthy ? { checkWorthy: s.attributes.CheckWorthy } : {}), ...(s.attributes.Verdict ? { verdict: s.attributes.Verdict } : {}),
      });
    }
  }
  return facts;
}

/** Which layers count: every layer (curated alone where present) unless `layers` names some. */
export type LayerChoice = { layers?: string[] | undefined };

/** The layers of `facts` that count under `choice`. */
export function countedLayers(facts: Pick<ArticleFacts, 'layers'>, choice: LayerChoice = {}): Set<string> {
  if (choice.layers?.length) return new Set(choice.layers);
  return new Set(facts.layers.includes(CURATED_LAYER) ? [CURATED_LAYER] : facts.layers);
}

/** Which articles count: by outlet (exact), by publication date (ISO, inclusive) and layers. */
export type CorpusFilter = LayerChoice & { outlet?: string | undefined; from?: string | undefined; to?: string | undefined };

/** True when the article passes the outlet and date parts of `f`. */
export function articlePasses(a: Pick<ArticleFacts, 'outlet' | 'published'>, f: CorpusFilter): boolean {
  if (f.outlet && a.outlet !== f.outlet) return false;
  const day = a.published?.slice(0, 10);
  if (f.from && (!day || day < f.from)) return false;
  if (f.to && (!day || day > f.to)) return false;
  return true;
}

/** One article's facts in the counted layers only. */
function counted(a: ArticleFacts, f: LayerChoice): ArticleFacts {
  const keep = countedLayers(a, f);
  if (a.layers.every((l) => keep.has(l))) return a;
  return { ...a, mentions: a.mentions.filter((m) => keep.has(m.layer)), quotes: a.quotes.filter((q) => keep.has(q.layer)), claims: a.claims.filter((c) => keep.has(c.layer)) };
}

/** A row of the sources table. `first` and `last` are the earliest and latest publication dates. */
export type SourceRow = {
  id: string; name: string; kind: SourceKind; role?: string; aliases: string[];
  mentions: number; quotes: number; claims: number; articles: number;
  outlets: string[]; first?: string; last?: string;
};

/** Filters of the sources table: the corpus filter, the source's kind, and a label it has spans of (Quote, Claim). */
export type SourceFilter = CorpusFilter & { kind?: SourceKind | undefined; label?: string | undefined };

/** A source's spans in one article: its mention ids and the quotes and claims linked to them. */
function sourceSpans(a: ArticleFacts): Map<string, { mentions: MentionFact[]; quotes: QuoteFact[]; claims: ClaimFact[] }> {
  const bySource = new Map<string, { mentions: MentionFact[]; quotes: QuoteFact[]; claims: ClaimFact[] }>();
  const sourceOf = new Map<string, string>();
  for (const m of a.mentions) {
    if (!m.sourceId) continue;
    sourceOf.set(m.spanId, m.sourceId);
    let e = bySource.get(m.sourceId);
    if (!e) bySource.set(m.sourceId, (e = { mentions: [], quotes: [], claims: [] }));
    e.mentions.push(m);
  }
  const attach = <T extends QuoteFact | ClaimFact>(items: T[], pick: (e: { quotes: QuoteFact[]; claims: ClaimFact[] }) => T[]) => {
    for (const item of items) {
      for (const id of new Set(item.speakers.map((s) => sourceOf.get(s)).filter((x): x is string => !!x))) pick(bySource.get(id)!).push(item);
    }
  };
  attach(a.quotes, (e) => e.quotes);
  attach(a.claims, (e) => e.claims);
  return bySource;
}

/** The sources table: every registered source (with zero counts when unused), by mentions then name. */
export function sourceTable(sources: readonly Source[], articles: Iterable<ArticleFacts>, f: SourceFilter = {}): SourceRow[] {
  const rows = new Map<string, SourceRow & { labels: Set<string> }>();
  for (const s of sources) {
    rows.set(s.id, { id: s.id, name: s.name, kind: s.kind, ...(s.role ? { role: s.role } : {}), aliases: s.aliases, mentions: 0, quotes: 0, claims: 0, articles: 0, outlets: [], labels: new Set() });
  }
  const filtered = f.outlet !== undefined || f.from !== undefined || f.to !== undefined;
  for (const raw of articles) {
    if (!articlePasses(raw, f)) continue;
    for (const [id, e] of sourceSpans(counted(raw, f))) {
      const row = rows.get(id);
      if (!row) continue;
      row.mentions += e.mentions.length;
      row.quotes += e.quotes.length;
      row.claims += e.claims.length;
      row.articles++;
      if (e.quotes.length) row.labels.add(QUOTE);
      if (e.claims.length) row.labels.add(CLAIM);
      if (raw.outlet && !row.outlets.includes(raw.outlet)) row.outlets.push(raw.outlet);
      const day = raw.published?.slice(0, 10);
      if (day && (!row.first || day < row.first)) row.first = day;
      if (day && (!row.last || day > row.last)) row.last = day;
    }
  }
  return [...rows.values()]
    .filter((r) => (!f.kind || r.kind === f.kind) && (!f.label || r.labels.has(f.label)) && (!filtered || r.articles > 0))
    .map(({ labels: _labels, ...r }) => ({ ...r, outlets: r.outlets.sort() }))
    .sort((x, y) => y.mentions - x.mentions || x.name.localeCompare(y.name));
}

/** A quote or claim as the corpus pages list it, with its article. */
export type AttributedItem = {
  kind: 'quote' | 'claim'; articleId: string; title: string; outlet?: string; published?: string;
  spanId: string; text: string; start: number; end: number; layer: string;
  quoteType?: string; checkWorthy?: string; verdict?: string;
  /** The source of the linked speaker mention, and that mention's text. */
  sourceId?: string; speaker?: string;
};

/** An item, built field by field (spreads cost too much on 70,000 claims); absent fields stay absent. */
const itemOf = (a: ArticleFacts, kind: 'quote' | 'claim', x: QuoteFact | ClaimFact, mentions: Map<string, MentionFact>): AttributedItem => {
  let m: MentionFact | undefined;
  for (const s of x.speakers) if ((m = mentions.get(s))) break;
  const item: AttributedItem = { kind, articleId: a.id, title: a.title, spanId: x.spanId, text: x.text, start: x.start, end: x.end, layer: x.layer };
  if (a.outlet) item.outlet = a.outlet;
  if (a.published) item.published = a.published;
  if ('quoteType' in x && x.quoteType) item.quoteType = x.quoteType;
  if ('checkWorthy' in x && x.checkWorthy) item.checkWorthy = x.checkWorthy;
  if ('verdict' in x && x.verdict) item.verdict = x.verdict;
  if (m?.sourceId) item.sourceId = m.sourceId;
  if (m) item.speaker = m.text;
  return item;
};

/** Articles by publication date and id: items taken from them in this order, by position within each, are in {@link byDate} order. */
const articlesByDate = (articles: Iterable<ArticleFacts>): ArticleFacts[] =>
  [...articles].sort((x, y) => cmp(x.published ?? '', y.published ?? '') || cmp(x.id, y.id));

/** Plain code-unit order (ISO dates and ids sort right; `localeCompare` is far slower on 70,000 claims). */
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

const byDate = (x: AttributedItem, y: AttributedItem) =>
  cmp(x.published ?? '', y.published ?? '') || cmp(x.articleId, y.articleId) || x.start - y.start;

/** Every quote and claim attributed to `sourceId`, by date and position. */
export function sourceItems(sourceId: string, articles: Iterable<ArticleFacts>, f: CorpusFilter = {}): AttributedItem[] {
  const out: AttributedItem[] = [];
  for (const raw of articles) {
    if (!articlePasses(raw, f) || !raw.mentions.some((m) => m.sourceId === sourceId)) continue;
    const a = counted(raw, f);
    const e = sourceSpans(a).get(sourceId);
    if (!e) continue;
    const mentions = new Map(e.mentions.map((m) => [m.spanId, m]));
    for (const q of e.quotes) out.push(itemOf(a, 'quote', q, mentions));
    for (const c of e.claims) out.push(itemOf(a, 'claim', c, mentions));
  }
  return out.sort(byDate);
}

/** Filters of the claims tracker. `checked`: only claims with a verdict (true) or without (false). */
export type ClaimFilter = CorpusFilter & { sourceId?: string | undefined; verdict?: string | undefined; checkWorthy?: string | undefined; checked?: boolean | undefined };

/** Every claim with its speaker's source, article, date, check-worthiness and verdict. */
export function claimTable(articles: Iterable<ArticleFacts>, f: ClaimFilter = {}): AttributedItem[] {
  const out: AttributedItem[] = [];
  for (const raw of articlesByDate(articles)) {
    if (!raw.claims.length || !articlePasses(raw, f)) continue;
    const a = counted(raw, f);
    const mentions = new Map(a.mentions.map((m) => [m.spanId, m]));
    for (const c of [...a.claims].sort((x, y) => x.start - y.start)) {
      const item = itemOf(a, 'claim', c, mentions);
      if (f.sourceId && item.sourceId !== f.sourceId) continue;
      if (f.verdict && item.verdict !== f.verdict) continue;
      if (f.checkWorthy && item.checkWorthy !== f.checkWorthy) continue;
      if (f.checked !== undefined && !!item.verdict !== f.checked) continue;
      out.push(item);
    }
  }
  return out;
}

/** The chart series of the charts page, each also shown as a table. */
export type ChartSeries = {
  /** Spans created per day and the running total; articles done by the day they were last saved. */
  progress: { date: string; annotations: number; total: number; done: number }[];
  perLabel: { label: string; count: number }[];
  perAnnotator: { annotator: string; count: number }[];
  topSources: { id: string; name: string; quotes: number }[];
  perOutlet: { outlet: string; quotes: number; direct: number; indirect: number; mixed: number; untyped: number }[];
};

const NO_OUTLET = '(no outlet)';

/** The chart series over `articles` (the corpus filter applies; per annotator counts every layer). */
export function chartSeries(sources: readonly Source[], articles: readonly ArticleFacts[], f: CorpusFilter = {}, top = 10): ChartSeries {
  const created = new Map<string, number>();
  const doneOn = new Map<string, number>();
  const labels = new Map<string, number>();
  const annotators = new Map<string, number>();
  const outlets = new Map<string, ChartSeries['perOutlet'][number]>();
  const add = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
  const passing = articles.filter((a) => articlePasses(a, f));
  for (const a of passing) {
    for (const [day, n] of Object.entries(a.created)) add(created, day, n);
    if (a.status === 'done' && a.updatedAt) add(doneOn, a.updatedAt.slice(0, 10));
    const keep = countedLayers(a, f);
    for (const [layer, perLabel] of Object.entries(a.labels)) {
      for (const [label, n] of Object.entries(perLabel)) {
        if (f.layers?.length ? keep.has(layer) : true) add(annotators, layer, n);
        if (keep.has(layer)) add(labels, label, n);
      }
    }
    const o = a.outlet ?? NO_OUTLET;
    let row = outlets.get(o);
    if (!row) outlets.set(o, (row = { outlet: o, quotes: 0, direct: 0, indirect: 0, mixed: 0, untyped: 0 }));
    for (const q of a.quotes) {
      if (!keep.has(q.layer)) continue;
      row.quotes++;
      if (q.quoteType === 'Direct') row.direct++;
      else if (q.quoteType === 'Indirect') row.indirect++;
      else if (q.quoteType === 'Mixed') row.mixed++;
      else row.untyped++;
    }
  }
  const days = [...new Set([...created.keys(), ...doneOn.keys()])].sort();
  let total = 0;
  let done = 0;
  const progress = days.map((date) => {
    total += created.get(date) ?? 0;
    done += doneOn.get(date) ?? 0;
    return { date, annotations: created.get(date) ?? 0, total, done };
  });
  const desc = <T>(m: Map<string, number>, make: (k: string, n: number) => T) => [...m].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([k, n]) => make(k, n));
  const topSources = sourceTable(sources, passing, f).filter((r) => r.quotes > 0).sort((x, y) => y.quotes - x.quotes || x.name.localeCompare(y.name)).slice(0, top).map((r) => ({ id: r.id, name: r.name, quotes: r.quotes }));
  return {
    progress,
    perLabel: desc(labels, (label, count) => ({ label, count })),
    perAnnotator: desc(annotators, (annotator, count) => ({ annotator, count })),
    topSources,
    perOutlet: [...outlets.values()].filter((r) => r.quotes > 0).sort((x, y) => y.quotes - x.quotes || x.outlet.localeCompare(y.outlet)),
  };
}

/** A table as CSV (RFC 4180: fields with a comma, quote or line break are quoted). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cell = (v: string | number | undefined) => {
    const s = v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The sources table as CSV. */
export function sourcesCsv(rows: readonly SourceRow[]): string {
  return toCsv(['id', 'name', 'kind', 'role', 'aliases', 'mentions', 'quotes', 'claims', 'articles', 'outlets', 'first', 'last'],
    rows.map((r) => [r.id, r.name, r.kind, r.role, r.aliases.join('; '), r.mentions, r.quotes, r.claims, r.articles, r.outlets.join('; '), r.first, r.last]));
}
