/**
 * Cold-start suggestions by rule, over wink-nlp's tokens (see `nlp.ts`): direct quotes in
 * quotation marks (straight and curly, over several sentences and paragraphs) with the cue and
 * speaker around them ("“Y,” X said", "“Y,” said X", "X said: “Y”", "“Y,” X said, “Z”"), and
 * reported speech ("X said (that) Y", "Y, X said", "according to X, Y", "Y, according to X").
 * Conventions follow the gold (`/work/shared/gold/README.md`): a direct quote includes its
 * marks, an indirect one starts after "that". Pure: text in, a {@link Proposal} out.
 */

import { analyse, type Analysis, type Tok } from './nlp.js';
import { CLOSE, OPEN, quotedStretches, titleLike, words } from './quotes.js';
import { addLink, addSpan, CUE, CUE_OF, QUOTE, SAID_BY, SPEAKER, type Proposal, type Range } from './proposal.js';

/** Lemmas of reporting verbs (and a few nouns) that introduce speech. */
export const DEFAULT_CUES: readonly string[] = [
  'say', 'tell', 'add', 'state', 'announce', 'insist', 'claim', 'argue', 'explain', 'warn', 'note', 'report',
  'declare', 'confirm', 'deny', 'suggest', 'believe', 'think', 'write', 'ask', 'reply', 'respond', 'comment',
  'call', 'urge', 'accuse', 'admit', 'acknowledge', 'allege', 'assert', 'contend', 'estimate', 'predict', 'promise',
  'threaten', 'hail', 'guarantee', 'stress', 'emphasise', 'emphasize', 'maintain', 'reveal', 'testify', 'vow',
  'indicate', 'agree', 'recall', 'conclude', 'complain', 'demand', 'tweet', 'post', 'shout', 'describe', 'predict',
  'acknowledge', 'concede', 'observe', 'remark', 'mention', 'announce', 'caution', 'point', 'proclaim', 'pledge', 'signal',
  'find', 'show', 'rule', 'rate', 'characterize', 'characterise', 'plead', 'charge', 'reason', 'propose', 'expect',
  'criticise', 'criticize', 'recommend', 'blame', 'quote', 'question', 'speculate', 'forecast', 'anticipate',
  'assertion', 'statement', 'claim', 'warning',
];

/** Cue verbs that report speech only with "that" ("photos showed bodies" is no quote). */
const WEAK_CUES = new Set(['show', 'expect', 'question', 'reason']);

/** Cue words that are nouns ("officials’ assertions that"). */
const NOUN_CUES = new Set(['assertion', 'statement', 'claim', 'warning', 'allegation', 'suggestion']);

const NP_POS = new Set(['PROPN', 'NOUN', 'ADJ', 'DET', 'NUM', 'PRON']);
const NP_JOIN = new Set(['of', 'in', 'for', "'s", '’s', '-', 'and']);
const SKIP_BEFORE_CUE = new Set(['has', 'have', 'had', 'also', 'later', 'earlier', 'previously', 'would', 'will', 'had', 'was', 'is', 'then', 'further', 'again', 'once', 'recently', 'repeatedly', 'publicly', 'had', 'did', 'not', 'never']);

export type RuleOptions = {
  /** Cue lemmas learned from the project (`hope`, `target`), added to {@link DEFAULT_CUES}. */
  extraCues?: readonly string[];
  /** The analysis of the text, when the caller has it already. */
  analysis?: Analysis;
};

type Ctx = { a: Analysis; cues: Set<string>; p: Proposal; taken: Range[] };

/** Suggested Speaker, Cue and Quote spans of `text` and their `said-by` and `cue-of` links. */
export function ruleSuggestions(text: string, opts: RuleOptions = {}): Proposal {
  const a = opts.analysis ?? analyse(text);
  const ctx: Ctx = { a, cues: new Set([...DEFAULT_CUES, ...(opts.extraCues ?? [])]), p: { spans: [], links: [] }, taken: [] };
  directQuotes(ctx, 4, Infinity);
  reportedSpeech(ctx, 'trailing');
  reportedSpeech(ctx, 'leading');
  directQuotes(ctx, 1, 3);
  standingAlone(ctx.p);
  return ctx.p;
}

/** A direct quote with no speaker goes on from the quote before it (within 600 characters) that has one. */
function standingAlone(p: Proposal): void {
  const quotes = p.spans.map((s, i) => [s, i] as const).filter(([s]) => s.label === QUOTE).sort((a, b) => a[0].fragments[0]!.start - b[0].fragments[0]!.start);
  const speakerOf = (i: number) => p.links.find((l) => l.type === SAID_BY && l.from === i)?.to;
  quotes.forEach(([q, i], n) => {
    if (speakerOf(i) !== undefined || q.attributes['QuoteType'] !== 'Direct' || p.links.some((l) => l.type === CUE_OF && l.to === i)) return;
    const prev = quotes[n - 1];
    const sp = prev ? speakerOf(prev[1]) : undefined;
    if (prev && sp !== undefined && q.fragments[0]!.start - prev[0].fragments[prev[0].fragments.length - 1]!.end < 600) addLink(p, SAID_BY, i, sp);
  });
}

/** True when token `t` is a reporting word. */
export function isCue(t: Tok, cues: ReadonlySet<string>): boolean {
  if (t.pos === 'PUNCT' || t.pos === 'DET' || t.pos === 'ADP' || t.pos === 'PROPN') return false;
  return cues.has(t.lemma) || cues.has(t.lower);
}

const inside = (r: Range, taken: readonly Range[]) => taken.some((x) => r.start < x.end && x.start < r.end);

/** The noun phrase ending just before token `i` (exclusive), skipping auxiliaries and adverbs; [first, last] or undefined. */
export function phraseBefore(tokens: readonly Tok[], i: number, floor: number): [number, number] | undefined {
  let last = i - 1;
  while (last >= floor && (SKIP_BEFORE_CUE.has(tokens[last]!.lower) || tokens[last]!.pos === 'ADV')) last--;
  if (last < floor || !NP_POS.has(tokens[last]!.pos)) return undefined;
  if (tokens[last]!.pos === 'DET' && tokens[last]!.lower !== 'this') return undefined;
  let first = last;
  if (tokens[last]!.pos === 'PRON') return [last, last];
  while (first - 1 >= floor) {
    const t = tokens[first - 1]!;
    if (NP_POS.has(t.pos) && !(t.pos === 'PRON' && tokens[first]!.pos !== 'PART' && t.lower !== 'its' && t.lower !== 'their')) first--;
    else if (NP_JOIN.has(t.lower) && first - 2 >= floor && NP_POS.has(tokens[first - 2]!.pos) && t.lower !== 'and') first--;
    else if ((t.lower === "'s" || t.lower === '’s' || t.pos === 'PART') && first - 2 >= floor) first--;
    else break;
  }
  return [first, last];
}

/** The noun phrase starting at token `i`: [first, last] or undefined. */
export function phraseAfter(tokens: readonly Tok[], i: number, ceiling: number): [number, number] | undefined {
  if (i > ceiling || !NP_POS.has(tokens[i]!.pos)) return undefined;
  let last = i;
  while (last + 1 <= ceiling) {
    const t = tokens[last + 1]!;
    if (NP_POS.has(t.pos) && !(t.pos === 'PRON' && t.lower !== 'its')) last++;
    else if ((t.lower === 'of' || t.lower === "'s" || t.lower === '’s' || t.pos === 'PART') && last + 2 <= ceiling && NP_POS.has(tokens[last + 2]!.pos)) last++;
    else break;
  }
  return [i, last];
}

const rangeOf = (tokens: readonly Tok[], [a, b]: [number, number]): Range => ({ start: tokens[a]!.start, end: tokens[b]!.end });

/** Index of the first token at or after offset `o`. */
function tokenFrom(tokens: readonly Tok[], o: number): number {
  let i = 0;
  while (i < tokens.length && tokens[i]!.start < o) i++;
  return i;
}

/** Direct quotes of `minWords` to `maxWords` words (short ones are often scare quotes inside reported speech). */
function directQuotes(ctx: Ctx, minWords: number, maxWords: number): void {
  const { a, p } = ctx;
  const { tokens, text } = a;
  const stretches = quotedStretches(text);
  let previousQuoteEnd = -1;
  for (let s = 0; s < stretches.length; s++) {
    let frags = stretches[s]!;
    const first = frags[0]!;
    const lastFrag = frags[frags.length - 1]!;
    if (inside(first, ctx.taken)) continue;
    const nWords = frags.reduce((n, f) => n + words(text, f), 0);
    if (nWords < minWords || nWords > maxWords) continue;
    const qa = tokenFrom(tokens, first.start);
    const qb = tokenFrom(tokens, lastFrag.end) - 1;
    if (qa >= tokens.length || qb < qa) continue;
    // After the quote: "“Y,” X said" or "“Y,” said X", within the sentence that follows the closing mark.
    const afterFirst = qb + 1;
    const sentEnd = afterFirst < tokens.length ? a.sentences[tokens[afterFirst]!.sentence]!.last : -1;
    let stop = Math.min(sentEnd, afterFirst + 20);
    for (let k = afterFirst; k <= stop; k++) if (OPEN.has(tokens[k]!.text) || tokens[k]!.text === '.') { stop = k - 1; break; }
    let cue: number | undefined;
    let speaker: [number, number] | undefined;
    const startsSentence = afterFirst < tokens.length && /^[,:\u2014-]?$/.test(tokens[afterFirst]!.text.replace(/[.!?]/, '')) ;
    if (startsSentence || (afterFirst < tokens.length && tokens[afterFirst]!.start - lastFrag.end <= 1)) {
      for (let k = afterFirst; k <= stop; k++) {
        if (isCue(tokens[k]!, ctx.cues) && tokens[k]!.pos !== 'NOUN') {
          cue = k;
          const lead = tokens[afterFirst]!.text === ',' ? afterFirst + 1 : afterFirst;
          speaker = phraseBefore(tokens, k, afterFirst) ?? (k > lead ? phraseAfter(tokens, lead, k - 1) : undefined) ?? phraseAfter(tokens, k + 1, stop + 1 < tokens.length ? Math.max(stop, k + 6) : stop);
          break;
        }
      }
    }
    // A short quote ("“ZSU”", "an “important victory”") counts only with its cue right before it.
    if (nWords < 4 && cue !== undefined && cue > qb && !/[.,!?]\s*[”"»]$/.test(text.slice(lastFrag.start, lastFrag.end))) {
      cue = undefined;
      speaker = undefined;
    }
    // Before the quote: "X said: “Y”", "X called it an “Y”".
    if (cue === undefined && qa > 0) {
      const sFirst = a.sentences[tokens[qa]!.sentence]!.first;
      const from = Math.max(sFirst, qa - (nWords < 4 ? 3 : 12), tokenFrom(tokens, previousQuoteEnd));
      for (let k = qa - 1; k >= from; k--) {
        if (isCue(tokens[k]!, ctx.cues) && (tokens[k]!.pos !== 'NOUN' || verbLike(tokens, k) || (tokens[k + 1]?.text === ',' && /s$/.test(tokens[k]!.lower)))) {
          cue = k;
          speaker = speakerBefore(tokens, k, sFirst);
          break;
        }
      }
    }
    if (cue === undefined && nWords < 4) continue;
    // A title in quotation marks ("The Internet Explorer 6 Countdown") is no speech; without a cue,
    // a quote must end like a sentence ("…,” or ".”") or be long enough to be one.
    const inner = frags.map((f) => text.slice(f.start, f.end)).join(' ');
    // …and neither is a citation: "Title" — Outlet, date.
    if (titleLike(inner) || (cue === undefined && /^\s*[—–-]\s/.test(text.slice(lastFrag.end, lastFrag.end + 4)))) continue;
    if (cue === undefined && !/[.,!?…:;—-]\s*[”"»]$/.test(inner) && nWords < 8) continue;
    // "“Y,” X said, “Z”": the next stretch continues this quote when only the attribution lies between.
    const nextFrags = stretches[s + 1];
    if (cue !== undefined && cue > qb && nextFrags) {
      const between = text.slice(lastFrag.end, nextFrags[0]!.start);
      if (!/[.!?]/.test(between) && between.length < 80 && /,\s*$/.test(between)) {
        frags = [...frags, ...nextFrags];
        s++;
      }
    }
    const quote = addSpan(p, QUOTE, frags, { QuoteType: 'Direct' });
    ctx.taken.push(...frags);
    if (cue !== undefined) {
      const c = addSpan(p, CUE, [rangeOf(tokens, [cue, cue])]);
      ctx.taken.push(rangeOf(tokens, [cue, cue]));
      addLink(p, CUE_OF, c, quote);
    }
    if (speaker) {
      const sp = addSpan(p, SPEAKER, [rangeOf(tokens, speaker)]);
      ctx.taken.push(rangeOf(tokens, speaker));
      addLink(p, SAID_BY, quote, sp);
    }
    previousQuoteEnd = lastFrag.end;
  }
}

/** True when the tokens after the cue, to the sentence's end, are only an adverbial ("on Friday", "in a statement"). */
function onlyAdverbial(tokens: readonly Tok[], from: number, last: number): boolean {
  if (Math.min(last, from + 10) - from > 9 && !tokens.slice(from, from + 10).some((t) => t.text === ',')) return false;
  for (let j = from; j <= last; j++) {
    if (tokens[j]!.text === ',' || tokens[j]!.text === '.') return true;
    if (tokens[j]!.pos === 'VERB' || tokens[j]!.pos === 'AUX' || tokens[j]!.lower === 'that' || OPEN.has(tokens[j]!.text)) return false;
  }
  return true;
}

/** The speaker before a cue, past a relative clause: "The statement, which offered …, guaranteed". */
function speakerBefore(tokens: readonly Tok[], k: number, floor: number): [number, number] | undefined {
  if (tokens[k - 1]?.text === ',') {
    // "X, in remarks to Y, said", "X, which offered …, said", "X, a spokesman, said": the phrase before the aside.
    for (let j = k - 2; j > floor && j >= k - 16; j--) if (tokens[j]!.text === ',') return phraseBefore(tokens, j, floor);
  }
  return phraseBefore(tokens, k, floor);
}

/** True when token `k`, tagged a noun, is a reporting verb in use: "Paris claims that", "the UN rates the". */
function verbLike(tokens: readonly Tok[], k: number): boolean {
  const t = tokens[k]!;
  if (t.pos === 'VERB') return true;
  if (t.pos !== 'NOUN' || NOUN_CUES.has(t.lemma) && !/s$/.test(t.lower)) return false;
  const before = tokens[k - 1];
  const after = tokens[k + 1];
  return !!before && !!after && /^(PROPN|NOUN|PRON)$/.test(before.pos) && /s$/.test(t.lower) && (after.lower === 'that' || /^(DET|PRON|PROPN)$/.test(after.pos));
}

/** "she was told", "they were asked": the subject is the one spoken to. */
const passive = (tokens: readonly Tok[], k: number) => /^(was|were|been|being|is|are|be)$/.test(tokens[k - 1]?.lower ?? '');

const negated = (tokens: readonly Tok[], k: number) => /^(not|n't|never)$/.test(tokens[k - 1]?.lower ?? '') || /^(not|n't)$/.test(tokens[k - 2]?.lower ?? '');

/**
 * Reported speech, sentence by sentence. `trailing` finds attributions at a sentence's end
 * ("Y, X said on Friday", "Y, said X", "Y, according to X"); `leading` the rest ("X said (that)
 * Y", "according to X, Y", "officials’ assertions that Y"), skipping what is taken.
 */
function reportedSpeech(ctx: Ctx, mode: 'trailing' | 'leading'): void {
  const { a, p } = ctx;
  const { tokens, text } = a;
  for (const sent of a.sentences) {
    let lastSpeaker: number | undefined;
    for (let k = sent.first; k <= sent.last; k++) {
      const t = tokens[k]!;
      const according = t.lower === 'according' && tokens[k + 1]?.lower === 'to';
      if (!according && !isCue(t, ctx.cues)) continue;
      if (inside({ start: t.start, end: t.end }, ctx.taken) || negated(tokens, k) || (!according && passive(tokens, k))) continue;
      const asVerb = !according && verbLike(tokens, k);
      const noun = !asVerb && t.pos === 'NOUN' && tokens[k + 1]?.lower === 'that';
      if (!according && !asVerb && !noun) continue;
      let speaker: [number, number] | undefined;
      let content: Range | undefined;
      let cueEnd = k;
      if (according) {
        cueEnd = k + 1;
        speaker = phraseAfter(tokens, k + 2, sent.last);
        if (!speaker) continue;
        const afterSpeaker = speaker[1] + 1;
        const atStart = k <= sent.first + 1;
        if (mode === 'leading' && atStart && afterSpeaker < sent.last) content = contentFrom(a, tokens[afterSpeaker]!.text === ',' ? afterSpeaker + 1 : afterSpeaker, sent.last, ctx);
        else if (mode === 'trailing' && !atStart && k > sent.first + 2) content = contentUpTo(a, sent.first, k - 1);
        // "According to the Herald, Professor Burrows said …": the verb is the cue, not "according to".
        if (content && tokens.slice(tokenFrom(tokens, content.start), tokenFrom(tokens, content.end)).some((x, j, arr) => isCue(x, ctx.cues) && x.pos === 'VERB' && /^(PROPN|NOUN|PRON)$/.test(arr[j - 1]?.pos ?? ''))) continue;
      } else if (mode === 'trailing') {
        if (noun) continue;
        speaker = phraseBefore(tokens, k, sent.first);
        if (speaker && tokens[speaker[0] - 1]?.text === ',' && speaker[0] - 1 > sent.first && onlyAdverbial(tokens, k + 1, sent.last) && tokens[sent.first]!.pos !== 'ADP') {
          content = contentUpTo(a, sent.first, speaker[0] - 2); // "Y, X said"
        } else if (!speaker && tokens[k - 1]?.text === ',' && k - 1 > sent.first) {
          speaker = phraseAfter(tokens, k + 1, sent.last); // "Y, said X"
          if (speaker && onlyAdverbial(tokens, speaker[1] + 1, sent.last)) content = contentUpTo(a, sent.first, k - 2);
        }
      } else if (noun) {
        // "officials’ assertions that Y": the owner before the noun.
        speaker = k - 1 >= sent.first && /^(’|'|'s|’s)$/.test(tokens[k - 1]!.lower) ? phraseBefore(tokens, k - 1, sent.first) : undefined;
        content = contentFrom(a, k + 2, sent.last, ctx);
      } else {
        speaker = speakerBefore(tokens, k, sent.first);
        let from = k + 1;
        // "said on Friday that", "said in a statement that": content starts after "that" when it comes soon.
        for (let j = k + 1; j <= Math.min(sent.last, k + 8); j++) if (tokens[j]!.lower === 'that' && tokens[j]!.pos === 'SCONJ') { from = j + 1; break; }
        if (from === k + 1 && tokens[from]?.lower === 'that') from++;
        if (tokens[from] && /^[:,]$/.test(tokens[from]!.text)) from++;
        content = contentFrom(a, from, sent.last, ctx);
        // "called it an “Y”", "hailed an “Y”": the quotation itself is the quote.
        if (content) {
          const q = /^(?:(?:it|them|him|her|this|an?|the|its|their)\s+){0,2}([“"«])/i.exec(text.slice(content.start, content.end));
          if (q) {
            const open = content.start + q[0].length - 1;
            const close = text.indexOf(CLOSE[q[1]!]!, open + 1);
            if (close > open && close < content.end + 2 && !text.slice(open, close).includes('\n')) content = { start: open, end: close + 1 };
          }
        }
      }
      if (!content || content.end - content.start < 5 || inside(content, ctx.taken)) continue;
      const quoted0 = text.slice(content.start, content.end);
      const direct0 = /^[“"«]/.test(quoted0) && /[”"»]$/.test(quoted0);
      // Reported speech is a clause: it has a verb ("denied these allegations" has none).
      const ct = tokens.slice(tokenFrom(tokens, content.start), tokenFrom(tokens, content.end));
      if (!direct0 && !ct.some((x) => x.pos === 'VERB' || x.pos === 'AUX')) continue;
      if (direct0 && titleLike(quoted0)) continue;
      if (WEAK_CUES.has(t.lemma) && tokens[k + 1]?.lower !== 'that') continue;
      if (!speaker && lastSpeaker === undefined && tokens[k - 1]?.lower !== 'and') continue;
      const quoted = text.slice(content.start, content.end);
      const type = /^[“"«]/.test(quoted) && /[”"»]$/.test(quoted) ? 'Direct' : /[“”"]/.test(quoted) ? 'Mixed' : 'Indirect';
      const quote = addSpan(p, QUOTE, [content], { QuoteType: type });
      const cue = addSpan(p, CUE, [{ start: t.start, end: tokens[cueEnd]!.end }]);
      addLink(p, CUE_OF, cue, quote);
      ctx.taken.push(content, { start: t.start, end: tokens[cueEnd]!.end });
      if (speaker) {
        const sp = addSpan(p, SPEAKER, [rangeOf(tokens, speaker)]);
        ctx.taken.push(rangeOf(tokens, speaker));
        addLink(p, SAID_BY, quote, sp);
        lastSpeaker = sp;
      } else if (lastSpeaker !== undefined) {
        addLink(p, SAID_BY, quote, lastSpeaker);
      }
      if (content.start > t.start) k = tokenFrom(tokens, content.end) - 1;
    }
  }
}

const END_PUNCT = /^[.!?;:,]$/;

/** The content from token `from` to the sentence's end, or to "and" + a cue (a second attribution). */
function contentFrom(a: Analysis, from: number, last: number, ctx: Ctx): Range | undefined {
  const { tokens } = a;
  if (from > last) return undefined;
  let end = last;
  for (let j = from + 1; j <= last; j++) {
    if (tokens[j]!.lower === 'and' && tokens[j + 1] && isCue(tokens[j + 1]!, ctx.cues) && tokens[j + 1]!.pos === 'VERB') { end = j - 1; break; }
    if (OPEN.has(tokens[j]!.text) && tokens[j - 1]?.text === ':') { end = j - 2; break; }
  }
  while (end > from && (END_PUNCT.test(tokens[end]!.text) || tokens[end]!.pos === 'PUNCT' && !/[”"’)\]]/.test(tokens[end]!.text))) end--;
  return { start: tokens[from]!.start, end: tokens[end]!.end };
}

/** The content from the sentence's start (after a dateline like "KYIV:") to token `last`. */
function contentUpTo(a: Analysis, first: number, last: number): Range | undefined {
  const { tokens, text } = a;
  let from = first;
  for (let j = first; j <= Math.min(last, first + 4); j++) if (tokens[j]!.text === ':' && /^[A-Z\s,.-]+$/.test(text.slice(tokens[first]!.start, tokens[j]!.start))) from = j + 1;
  while (from <= last && tokens[from]!.pos === 'PUNCT') from++;
  let end = last;
  while (end > from && tokens[end]!.pos === 'PUNCT') end--;
  if (from > end) return undefined;
  return { start: tokens[from]!.start, end: tokens[end]!.end };
}
