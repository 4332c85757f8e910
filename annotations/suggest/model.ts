/**
 * The learned suggester: one BIO tagger per label (averaged perceptrons over `features.ts`, which
 * include the rules' own tags, so the model learns where the desk's conventions differ from the
 * rules), the linker of `linker.ts`, and the cue words the project's annotations use. A model is
 * versioned plain data (`SuggestModel`), kept in the project by app/suggest. Without a model,
 * {@link suggestFor} is the rules alone (cold start).
 */

import type { ArticleDoc } from '../model/types.js';
import { layerOf, layersOf, layerView, CURATED_LAYER } from '../model/layers.js';
import { bioTags, prepare, stretchesOf, TAGS, tokenFeatures, type Prepared, type Tag } from './features.js';
import { applyLinker, trainLinker, type LinkerJson } from './linker.js';
import { Perceptron, type PerceptronJson } from './perceptron.js';
import { shuffled } from '../model/random.js';
import { DEFAULT_CUES } from './rules.js';
import { addLink, addSpan, CUE, CUE_OF, QUOTE, SUGGESTED_LABELS, type Proposal, type ProposedLink, type ProposedSpan } from './proposal.js';
import { isPendingSuggestion } from './build.js';

export const MODEL_TYPE = 'sourcemark-suggest-model';
export const MODEL_VERSION = 1;
/** How many annotated articles the suggester needs before it trains a model (issue 20). */
export const MIN_TRAINING_ARTICLES = 5;

export type SuggestModel = {
  type: typeof MODEL_TYPE;
  version: number;
  /** The articles it learned from (ids), and when. */
  trainedOn: string[];
  trainedAt: string;
  /** Cue lemmas learned from the project, beyond the defaults. */
  cues: string[];
  taggers: Record<string, PerceptronJson>;
  linker: LinkerJson;
};

/** The annotations of `doc` a model may learn from: one layer (curated if present, else the largest), no pending suggestions. */
export function trainingView(doc: ArticleDoc): ArticleDoc | undefined {
  const people = { ...doc, spans: doc.spans.filter((s) => !isPendingSuggestion(s) && !s.orphaned) };
  const counts = new Map<string, number>();
  for (const s of people.spans) if ((SUGGESTED_LABELS as readonly string[]).includes(s.label)) counts.set(layerOf(s), (counts.get(layerOf(s)) ?? 0) + 1);
  if (!counts.size) return undefined;
  const layers = layersOf(people);
  const layer = layers.includes(CURATED_LAYER) && counts.has(CURATED_LAYER) ? CURATED_LAYER : [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  return layerView(people, layer);
}

/** `doc`'s spans and links as a proposal (the gold a model learns from). */
function goldProposal(doc: ArticleDoc): Proposal {
  const p: Proposal = { spans: [], links: [] };
  const index = new Map<string, number>();
  for (const s of doc.spans) if ((SUGGESTED_LABELS as readonly string[]).includes(s.label)) index.set(s.id, addSpan(p, s.label, s.fragments.map((f) => ({ start: f.start, end: f.end })), s.attributes));
  for (const l of doc.links) {
    const from = index.get(l.from);
    const to = index.get(l.to);
    if (from !== undefined && to !== undefined) p.links.push({ type: l.type, from, to });
  }
  return p;
}

/** Cue lemmas the annotations use that the defaults lack ("hope", "target"). */
function learnedCues(docs: readonly { prepared: Prepared; gold: Proposal }[]): string[] {
  const known = new Set(DEFAULT_CUES);
  const seen = new Map<string, number>();
  for (const d of docs) {
    for (const s of d.gold.spans.filter((x) => x.label === CUE)) {
      const toks = d.prepared.analysis.tokens.filter((t) => t.start < s.fragments[0]!.end && s.fragments[0]!.start < t.end && t.pos !== 'PUNCT');
      if (toks.length !== 1) continue;
      const lemma = toks[0]!.lemma;
      if (!known.has(lemma)) seen.set(lemma, (seen.get(lemma) ?? 0) + 1);
    }
  }
  // Seen at least twice: one odd cue ("rated") would otherwise turn the rules loose on every use.
  return [...seen].filter(([, n]) => n >= 2).map(([l]) => l).sort();
}

/** What the app shows of the suggester (the Api's `suggestStatus`). */
export type SuggestStatus = {
  /** Articles with annotations people made or accepted. */
  annotated: number;
  /** How many it needs before it learns. */
  threshold: number;
  model: { articles: number; trainedAt: string; cues: string[] } | null;
  training: boolean;
  /** Why the last training failed, when it did. */
  error?: string;
};

export type TrainOptions = { now: string; epochs?: number; onProgress?: (done: number, total: number) => void };

/** Trains a model on `docs` (their people's annotations; docs without any are skipped). */
export function trainModel(docs: readonly ArticleDoc[], opts: TrainOptions): SuggestModel {
  const views = docs.map(trainingView).filter((d): d is ArticleDoc => d !== undefined);
  const labels = SUGGESTED_LABELS;
  // Cues first (from a plain analysis), so the features and the rules know them.
  const first = views.map((d) => ({ prepared: prepare(d.article.text, labels), gold: goldProposal(d), doc: d }));
  const cues = learnedCues(first);
  const data = cues.length ? first.map((x) => ({ ...x, prepared: prepare(x.doc.article.text, labels, cues, x.prepared.analysis) })) : first;
  // Six passes: on the dev set (tests/bench/suggest.bench.ts) eight gave the same F1 figures, slower.
  const epochs = opts.epochs ?? 6;
  const taggers: Record<string, PerceptronJson> = {};
  const total = labels.length * epochs;
  let done = 0;
  for (const label of labels) {
    const model = new Perceptron(TAGS);
    const samples = data.map((d) => ({ p: d.prepared, tags: bioTags(d.prepared.analysis.tokens, d.gold.spans.filter((s) => s.label === label)) }));
    for (let e = 0; e < epochs; e++) {
      for (const { p, tags } of shuffled(samples, e + 1)) {
        let prev: Tag = 'O';
        let prev2: Tag = 'O';
        for (let i = 0; i < tags.length; i++) {
          const f = tokenFeatures(p, label, i, prev, prev2);
          const guess = model.predict(f);
          model.update(TAGS.indexOf(tags[i]!), guess, f);
          prev2 = prev;
          prev = TAGS[guess]!;
        }
      }
      opts.onProgress?.(++done, total);
    }
    model.average();
    taggers[label] = model.toJSON();
  }
  const linker = trainLinker(data.map((d) => ({ analysis: d.prepared.analysis, rules: d.prepared.rules, gold: d.gold })));
  return { type: MODEL_TYPE, version: MODEL_VERSION, trainedOn: views.map((d) => d.article.id), trainedAt: opts.now, cues, taggers, linker };
}

/** Models parsed once per model object. */
const loaded = new WeakMap<SuggestModel, Map<string, Perceptron>>();

/** Suggested spans and links for `text`: the model's when given, else the rules'. */
export function suggestFor(text: string, model?: SuggestModel): Proposal {
  const labels = SUGGESTED_LABELS;
  const prepared = prepare(text, labels, model?.cues ?? []);
  if (!model) return prepared.rules;
  let taggers = loaded.get(model);
  if (!taggers) {
    taggers = new Map(Object.entries(model.taggers).map(([l, j]) => [l, Perceptron.fromJSON(j)]));
    loaded.set(model, taggers);
  }
  const out: Proposal = { spans: [], links: [] };
  for (const label of labels) {
    const tagger = taggers.get(label);
    if (!tagger) continue;
    const tags: Tag[] = [];
    for (let i = 0; i < prepared.analysis.tokens.length; i++) tags.push(TAGS[tagger.predict(tokenFeatures(prepared, label, i, tags[i - 1] ?? 'O', tags[i - 2] ?? 'O'))]!);
    for (const r of stretchesOf(prepared.analysis.tokens, tags)) {
      const t = text.slice(r.start, r.end);
      const attributes: Record<string, string> = label === QUOTE ? { QuoteType: /^[“"«]/.test(t) && /[”"»]$/.test(t) ? 'Direct' : /[“”"]/.test(t) ? 'Mixed' : 'Indirect' } : {};
      addSpan(out, label, [r], attributes);
    }
  }
  return combine(prepared.rules, out, applyLinker(model.linker, prepared.analysis, prepared.rules, out));
}

const overlapping = (a: ProposedSpan, b: ProposedSpan) => a.label === b.label && a.fragments.some((f) => b.fragments.some((g) => f.start < g.end && g.start < f.end));

/**
 * The rules' proposal (with the cues the project taught them), plus what the model finds that
 * the rules do not: a learned span that overlaps no rule span of its label is added, with the
 * linker's links. Measured on the dev set (tests/bench/suggest.bench.ts), the tagger alone
 * placed boundaries worse than the rules after 20 articles; this way learning adds recall
 * without costing the rules' precision.
 */
function combine(rules: Proposal, learned: Proposal, links: readonly ProposedLink[]): Proposal {
  const out: Proposal = { spans: rules.spans.map((s) => ({ ...s })), links: rules.links.map((l) => ({ ...l })) };
  const same = learned.spans.map((s) => rules.spans.findIndex((r) => overlapping(r, s)));
  // A learned span alone (no cue, quote or speaker linked to it) is more often wrong than not.
  const linked = new Set(links.flatMap((l) => [l.from, l.to]));
  const index = learned.spans.map((s, i) => (same[i]! >= 0 ? same[i]! : linked.has(i) ? addSpan(out, s.label, s.fragments, s.attributes) : -1));
  const fresh = new Set(index.filter((i) => i >= rules.spans.length));
  for (const l of links) {
    const from = index[l.from]!;
    const to = index[l.to]!;
    if (from < 0 || to < 0 || (!fresh.has(from) && !fresh.has(to))) continue;
    // A quote the rules gave no cue or speaker may take the learned one; never a second.
    if (out.links.some((x) => x.type === l.type && (l.type === CUE_OF ? x.to === to : x.from === from))) continue;
    addLink(out, l.type, from, to);
  }
  return out;
}

/** True when `x` looks like a model this code can use (the type, a version it knows). */
export function isSuggestModel(x: unknown): x is SuggestModel {
  const m = x as Partial<SuggestModel> | null;
  return !!m && m.type === MODEL_TYPE && m.version === MODEL_VERSION && typeof m.taggers === 'object' && !!m.linker && Array.isArray(m.cues);
}
