/**
 * A generator of brat collections like the public attribution corpus of issue 13: political news
 * articles with Source / Cue / Content spans (many Contents discontinuous, their fragments often
 * written out of text order, some touching), an `Attribution` trigger span on each cue and an
 * `E	Attribution:T Source:T Cue:T Content:T` event per attribution; texts with accents (some
 * precomposed, some with combining marks, which NFC would change), curly quotes, emoji, and CRLF
 * line ends in some files. Deterministic for a seed. Test code, not committed data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rng as random } from '../../bench/generate.js';

const NAMES = ['Zoë Kovač', 'Zoe\u0308 Kovac\u030c', 'José Álvarez', 'Jose\u0301 A\u0301lvarez', 'François Müller', 'Søren Ødegård', 'Ayşe Yılmaz', 'Łukasz Wróbel', 'Nguyễn Thị Hà', 'Renée Dubois'];
const ROLES = ['the minister', 'a spokesperson for the ministry', 'the opposition leader', 'officials', 'the mayor of Kherson', 'a senior diplomat', 'the governor’s office', 'analysts'];
const CUES = ['said', 'told reporters', 'warned', 'insisted', 'added', 'claimed', 'stated', 'argued'];
const CLAUSES = [
  'the budget will be approved before the summer recess', 'the talks in Genève had stalled', 'the café owners on Rue de l’Église would be compensated',
  'nobody had been informed 😕 about the decision', 'the reform is “long overdue”', 'the coalition remains stable despite the vote',
  'the figures published on Tuesday were wrong', 'the bridge 🚧 would reopen in spring', 'the naïve plan had failed', 'turnout was higher than in 2019',
];
const FILLER = [
  'Parliament met again on Wednesday after a two-week break.', 'The vote is expected later this month.', 'Protesters gathered outside the building in the rain ☔.',
  'The ministry did not respond to a request for comment.', 'Earlier this year the government lost its majority in the Senate.', 'Résumés of the candidates were published online.',
];

type Ann = { label: string; frags: [number, number][] };

export type Corpus = { dir: string; files: number; discontinuous: number; outOfOrder: number; events: number };

/**
 * Writes `n` brat documents (`<prefix>NNN.txt` + `.ann`) into `dir`, with an `annotation.conf`.
 * Offsets are code points into the `.txt` as written (CRLF counted), as brat counts them.
 */
export function writeBratCorpus(dir: string, n: number, seed = 13): Corpus {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  mkdirSync(dir, { recursive: true });
  let discontinuous = 0;
  let outOfOrder = 0;
  let events = 0;
  for (let d = 0; d < n; d++) {
    const crlf = rnd() < 0.25;
    const nl = crlf ? '\r\n' : '\n';
    let text = '';
    const cp = () => [...text].length;
    const anns: Ann[] = [];
    const attributions: { source: number; cue: number; content: number; trigger: number }[] = [];
    const push = (label: string, frags: [number, number][]) => anns.push({ label, frags }) - 1;
    const put = (s: string): [number, number] => {
      const start = cp();
      text += s;
      return [start, cp()];
    };
    text += `${pick(NAMES)} under pressure as ${pick(['budget', 'reform', 'coalition', 'summit'])} talks drag on${nl}${nl}`;
    const paragraphs = 8 + Math.floor(rnd() * 10);
    for (let p = 0; p < paragraphs; p++) {
      const kind = rnd();
      const who = rnd() < 0.5 ? pick(NAMES) : pick(ROLES);
      const cue = pick(CUES);
      if (kind < 0.45) {
        // “Part one,” Source cue, “part two.”  (a discontinuous Content)
        const c1 = put(`“${cap(pick(CLAUSES))},”`);
        text += ' ';
        const src = put(who);
        text += ' ';
        const cu = put(cue);
        text += ', ';
        const c2 = put(`“${pick(CLAUSES)}.”`);
        const frags: [number, number][] = [c1, c2];
        discontinuous++;
        // Touching pieces, as some tools split a fragment at a character.
        if (rnd() < 0.2) frags.splice(1, 1, [c2[0], c2[0] + 3], [c2[0] + 3, c2[1]]);
        if (rnd() < 0.5) {
          frags.reverse();
          outOfOrder++;
        }
        const content = push('Content', frags);
        attributions.push({ source: push('Source', [src]), cue: push('Cue', [cu]), content, trigger: push('Attribution', [cu]) });
      } else if (kind < 0.8) {
        // Source cue that content.
        const src = put(cap(who));
        text += ' ';
        const cu = put(cue);
        text += ' that ';
        const content = put(pick(CLAUSES));
        text += '.';
        attributions.push({ source: push('Source', [src]), cue: push('Cue', [cu]), content: push('Content', [content]), trigger: push('Attribution', [cu]) });
      } else {
        text += pick(FILLER);
      }
      text += ' ' + pick(FILLER) + nl + nl;
    }
    const cps = [...text];
    const spanText = (a: Ann) => a.frags.map(([s, e]) => cps.slice(s, e).join('')).join(' ');
    // T ids in a shuffled order, as corpora merged from several annotators have them.
    const order = anns.map((_, i) => i).sort(() => rnd() - 0.5);
    const tid = new Map(order.map((a, k) => [a, `T${k + 1}`]));
    const lines = order.map((i) => `${tid.get(i)}\t${anns[i]!.label} ${anns[i]!.frags.map(([s, e]) => `${s} ${e}`).join(';')}\t${spanText(anns[i]!)}`);
    attributions.forEach((a, k) => {
      lines.push(`E${k + 1}\tAttribution:${tid.get(a.trigger)} Source:${tid.get(a.source)} Cue:${tid.get(a.cue)} Content:${tid.get(a.content)}`);
      events++;
    });
    const stem = `polnews_${String(d).padStart(3, '0')}`;
    writeFileSync(path.join(dir, `${stem}.txt`), text);
    writeFileSync(path.join(dir, `${stem}.ann`), lines.join('\n') + '\n');
  }
  writeFileSync(path.join(dir, 'annotation.conf'), '[entities]\nSource\nCue\nContent\n[relations]\n[events]\nAttribution\tSource:<ENTITY>, Cue:<ENTITY>, Content:<ENTITY>\n[attributes]\n');
  return { dir, files: n, discontinuous, outOfOrder, events };
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
