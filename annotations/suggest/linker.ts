/**
 * The learned linker: for each quote, which cue introduces it (`cue-of`) and which speaker said
 * it (`said-by`), chosen among the spans within two sentences by a perceptron over the pair
 * (order, distance in tokens and sentences, what lies between, the cue's lemma, whether the
 * rules linked the two). A quote gets the best candidate when its score says yes, else none.
 */

import type { Analysis } from './nlp.js';
import { tokenAt } from './nlp.js';
import { Perceptron, type PerceptronJson } from './perceptron.js';
import { CUE, CUE_OF, QUOTE, SAID_BY, SPEAKER, type Proposal, type ProposedLink, type ProposedSpan } from './proposal.js';

export type LinkerJson = { cue: PerceptronJson; speaker: PerceptronJson };

type Placed = { span: ProposedSpan; first: number; last: number; sentence: number };

const place = (a: Analysis, s: ProposedSpan): Placed => {
  const first = Math.min(tokenAt(a.tokens, s.fragments[0]!.start), a.tokens.length - 1);
  const last = Math.max(first, Math.min(tokenAt(a.tokens, s.fragments[s.fragments.length - 1]!.end - 1), a.tokens.length - 1));
  return { span: s, first, last, sentence: a.tokens[first]?.sentence ?? 0 };
};

const overlapsAny = (x: ProposedSpan, y: ProposedSpan) => x.fragments.some((f) => y.fragments.some((g) => f.start < g.end && g.start < f.end));

/** True when the rules linked spans overlapping `from` and `to` with `type`. */
function ruleLinked(rules: Proposal, type: string, from: ProposedSpan, to: ProposedSpan): boolean {
  return rules.links.some((l) => l.type === type && overlapsAny(rules.spans[l.from]!, from) && overlapsAny(rules.spans[l.to]!, to));
}

function pairFeatures(a: Analysis, rules: Proposal, q: Placed, c: Placed, kind: 'cue' | 'speaker', rank: number): string[] {
  const before = c.last < q.first;
  const insideQ = c.first >= q.first && c.last <= q.last;
  const gap = before ? q.first - c.last : c.first - q.last;
  const between = a.tokens.slice(before ? c.last + 1 : q.last + 1, before ? q.first : c.first);
  const dist = gap <= 1 ? '1' : gap <= 3 ? '3' : gap <= 6 ? '6' : gap <= 12 ? '12' : 'far';
  const sd = Math.min(3, Math.abs(q.sentence - c.sentence));
  const o = insideQ ? 'in' : before ? 'bef' : 'aft';
  const head = a.tokens[c.last]!;
  const linked = kind === 'cue' ? ruleLinked(rules, CUE_OF, c.span, q.span) : ruleLinked(rules, SAID_BY, q.span, c.span);
  return [
    'b', `o=${o}`, `d=${dist}`, `od=${o}|${dist}`, `sd=${sd}`, `osd=${o}|${sd}`, `rank=${Math.min(rank, 3)}`, `orank=${o}|${Math.min(rank, 3)}`,
    `punct=${between.some((t) => t.text === '.') ? '.' : between.some((t) => t.text === ',') ? ',' : '-'}`,
    `qm=${between.some((t) => /[“”"«»]/.test(t.text)) ? 1 : 0}`, `verb=${between.some((t) => t.pos === 'VERB') ? 1 : 0}`,
    `head=${head.lemma}`, `hpos=${head.pos}`, `rule=${linked ? 1 : 0}`, `rule-o=${linked ? 1 : 0}|${o}`, `qt=${q.span.attributes['QuoteType'] ?? '-'}`,
  ];
}

/** The candidates of quote `q` among `others`, nearest first. */
function candidates(q: Placed, others: readonly Placed[]): Placed[] {
  const d = (c: Placed) => (c.last < q.first ? q.first - c.last : c.first > q.last ? c.first - q.last : 0);
  return others.filter((c) => Math.abs(c.sentence - q.sentence) <= 2).sort((x, y) => d(x) - d(y));
}

/** Trains both linkers on documents' gold spans and links (`epochs` passes). */
export function trainLinker(docs: readonly { analysis: Analysis; rules: Proposal; gold: Proposal }[], epochs = 6): LinkerJson {
  const cue = new Perceptron(['no', 'yes']);
  const speaker = new Perceptron(['no', 'yes']);
  for (let e = 0; e < epochs; e++) {
    for (const d of docs) {
      const placed = d.gold.spans.map((s) => place(d.analysis, s));
      const quotes = placed.map((p, i) => [p, i] as const).filter(([p]) => p.span.label === QUOTE);
      for (const [kind, label, type] of [['cue', CUE, CUE_OF], ['speaker', SPEAKER, SAID_BY]] as const) {
        const model = kind === 'cue' ? cue : speaker;
        const others = placed.map((p, i) => [p, i] as const).filter(([p]) => p.span.label === label);
        for (const [q, qi] of quotes) {
          const cands = candidates(q, others.map(([p]) => p));
          cands.forEach((c, rank) => {
            const ci = others.find(([p]) => p === c)![1];
            const yes = d.gold.links.some((l) => l.type === type && (kind === 'cue' ? l.from === ci && l.to === qi : l.from === qi && l.to === ci));
            const f = pairFeatures(d.analysis, d.rules, q, c, kind, rank);
            model.update(yes ? 1 : 0, model.predict(f), f);
          });
        }
      }
    }
  }
  cue.average();
  speaker.average();
  return { cue: cue.toJSON(), speaker: speaker.toJSON() };
}

/** Linkers parsed once per model object. */
const parsed = new WeakMap<LinkerJson, { cue: Perceptron; speaker: Perceptron }>();

/** Links for the spans of `p` (replacing its links), by the trained linker. */
export function applyLinker(json: LinkerJson, a: Analysis, rules: Proposal, p: Proposal): ProposedLink[] {
  let models = parsed.get(json);
  if (!models) parsed.set(json, (models = { cue: Perceptron.fromJSON(json.cue), speaker: Perceptron.fromJSON(json.speaker) }));
  const placed = p.spans.map((s) => place(a, s));
  const links: ProposedLink[] = [];
  placed.forEach((q, qi) => {
    if (q.span.label !== QUOTE) return;
    for (const [kind, label, type] of [['cue', CUE, CUE_OF], ['speaker', SPEAKER, SAID_BY]] as const) {
      const others = placed.filter((x) => x.span.label === label);
      let best: Placed | undefined;
      let bestMargin = 0;
      candidates(q, others).forEach((c, rank) => {
        const s = models[kind].scores(pairFeatures(a, rules, q, c, kind, rank));
        if (s[1]! - s[0]! > bestMargin) {
          bestMargin = s[1]! - s[0]!;
          best = c;
        }
      });
      if (best) {
        const ci = placed.indexOf(best);
        links.push(kind === 'cue' ? { type, from: ci, to: qi } : { type, from: qi, to: ci });
      }
    }
  });
  return links;
}
