import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FormatError, annotationsToBrat, bratExporter, bratToAnnotations, counterIds, documentName, defaultSchema, parseAnn, spanText,
  type BratImportOptions,
} from '../../../annotations/index.js';
import { NOW } from '../../helpers/model.js';
import { TEXT, exportContext, smallDoc } from './small-doc.js';

const opts = (extra: Partial<BratImportOptions> = {}): BratImportOptions => ({ schema: defaultSchema(), newId: counterIds(), now: NOW, annotator: 'a', ...extra });

describe('brat import', () => {
  it('lands code point offsets on the right characters after CRLF, BOM, emoji and accents, keeping the text exactly', () => {
    // Offsets are code points into the raw file: BOM(1) 😀(1) e+◌́(2) CRLF(2).
    const raw = '\ufeff😀 Cafe\u0301 team\r\n“We won,” she said.';
    const cps = [...raw];
    const find = (s: string) => {
      const i = cps.join('').indexOf(s);
      const start = [...raw.slice(0, i)].length;
      return `${start} ${start + [...s].length}`;
    };
    const ann = `T1\tQuote ${find('“We won,”')}\t“We won,”\nT2\tSpeaker ${find('she')}\tshe\nT3\tCue ${find('said')}\tsaid\nT4\tSpeaker ${find('Cafe\u0301 team')}\tCafe\u0301 team\n`;
    const r = bratToAnnotations(raw, ann, opts());
    // An annotated text is kept character for character (issue 13, item 2): no NFC, CRLF and BOM kept.
    expect(r.text).toBe(raw);
    expect(r.spans.map(spanText)).toEqual(['“We won,”', 'she', 'said', 'Cafe\u0301 team']);
    for (const s of r.spans) expect(r.text.slice(s.fragments[0]!.start, s.fragments[0]!.end)).toBe(s.fragments[0]!.text);
  });

  it('warns of an edge inside a word by the segmenter’s words: "T|he" and 建|国 warn, 王建国 in 局长王建国周一 does not', () => {
    const cp = (text: string, s: string) => {
      const i = text.indexOf(s);
      return `${[...text.slice(0, i)].length} ${[...text.slice(0, i + s.length)].length}`;
    };
    const en = 'Speaking to The Independent, he said so.';
    const slip = bratToAnnotations(en, `T1\tSpeaker 13 15\the\nT2\tSpeaker ${cp(en, 'he said')}\the said\n`, opts());
    expect(slip.warnings).toEqual([expect.stringMatching(/^line 1: span T1 \(Speaker\) begins or ends inside a word: "…peaking to T\[he\] Independent…"/)]);
    const zh = '北京市环境局局长王建国周一表示，今年空气质量将明显改善。';
    expect(bratToAnnotations(zh, `T1\tSpeaker ${cp(zh, '王建国')}\t王建国\nT2\tCue ${cp(zh, '表示')}\t表示\n`, opts()).warnings).toEqual([]);
    const cut = bratToAnnotations(zh, `T1\tSpeaker ${cp(zh, '王建')}\t王建\n`, opts());
    expect(cut.warnings).toEqual([expect.stringMatching(/span T1 \(Speaker\) begins or ends inside a word: "…北京市环境局局长\[王建\]国周一表示/)]);
  });

  it('reads discontinuous spans, attributes, normalisations and notes', () => {
    const text = '“First part,” he said, “second part.”';
    const ann = 'T1\tQuote 0 13;23 37\t“First part,” “second part.”\nA1\tQuoteType T1 Direct\nT2\tSpeaker 14 16\the\nN1\tReference T2 wikidata:Q1\tSomebody\n#1\tAnnotatorNotes T1\tcheck this\nR1\tSaidBy Arg1:T1 Arg2:T2\n';
    const r = bratToAnnotations(text, ann, opts());
    const quote = r.spans[0]!;
    expect(quote.fragments.map((f) => f.text)).toEqual(['“First part,”', '“second part.”']);
    expect(quote.attributes).toEqual({ QuoteType: 'Direct' });
    expect(quote.note).toBe('check this');
    expect(r.sources).toMatchObject([{ name: 'Somebody', externalId: 'wikidata:Q1', aliases: ['he'] }]);
    expect(r.links).toMatchObject([{ type: 'said-by', from: quote.id, to: r.spans[1]!.id }]);
  });

  it('turns events into links and maps labels; unknown labels are added, never dropped', () => {
    const text = 'Officials said the city fell.';
    const ann = 'T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 28\tthe city fell\nT4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\nT5\tPlace 19 23\tcity\n';
    const r = bratToAnnotations(text, ann, opts({ labelMap: { Source: 'Speaker', Content: 'Quote' } }));
    expect(r.spans.map((s) => s.label)).toEqual(['Speaker', 'Cue', 'Quote', 'Attribution', 'Place']);
    expect(r.links.map((l) => l.type).sort()).toEqual(['cue-of', 'said-by']);
    expect(r.schema.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['Attribution', 'Place']));
    expect(r.warnings.join(' ')).toMatch(/Label "Place" was not in the schema and has been added/);
  });

  it('reports malformed lines, spans past the text, mismatched text and missing targets with their line', () => {
    const text = 'Hello world';
    expect(() => bratToAnnotations(text, 'T1\tSpeaker 0 x\tHello', opts())).toThrow(/line 1: expected "Label start end"/);
    expect(() => bratToAnnotations(text, 'T1\tSpeaker 0 5\tHello\nT2\tSpeaker 6 99\tworld', opts())).toThrow(/line 2: span T2 .* ends after the text/);
    expect(() => bratToAnnotations(text, 'T1\tSpeaker 0 5\tHullo', opts())).toThrow(/line 1: span T1 says "Hullo" but the text at 0–5 is "Hello"/);
    expect(() => bratToAnnotations(text, 'T1\tSpeaker 0 5\tHello\nR1\tSaidBy Arg1:T1 Arg2:T9', opts())).toThrow(/line 2: T9 does not name/);
    expect(() => parseAnn('X1\tfoo')).toThrow(FormatError);
    expect(() => parseAnn('T1\tSpeaker 5 2\tx')).toThrow(/empty or reversed/);
  });

  it('export then import gives back the same spans, labels, attributes, sources and links', () => {
    const piece = fc.constantFrom('word', ' ', 'é', 'e\u0301', '😀', '“', '”', ', ', '中文');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 5, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { maxLength: 8 }), (pieces, raw) => {
        const text = pieces.join('').normalize('NFC');
        const bounds = [...Array(text.length + 1).keys()].filter((i) => !(text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff));
        const ann: string[] = [];
        raw.forEach(([a, b, c, two], i) => {
          const s = bounds[a % bounds.length]!;
          const e = bounds[Math.min(bounds.length - 1, bounds.indexOf(s) + 1 + (b % 5))]!;
          if (e <= s) return;
          const frags = [[s, e]];
          const k = bounds.indexOf(e);
          if (two && k + 2 < bounds.length) frags.push([bounds[k + 1]!, bounds[k + 2]!]);
          const cp = (o: number) => [...text.slice(0, o)].length;
          ann.push(`T${i + 1}\t${['Speaker', 'Quote', 'Claim', 'Cue'][c % 4]} ${frags.map(([x, y]) => `${cp(x!)} ${cp(y!)}`).join(';')}\t${frags.map(([x, y]) => text.slice(x, y)).join(' ')}`);
        });
        const first = bratToAnnotations(text, ann.join('\n'), opts());
        const sources = Object.fromEntries(first.sources.map((s) => [s.id, s]));
        const out = annotationsToBrat(first.text, first.spans, first.links, { schema: first.schema, sources });
        const second = bratToAnnotations(first.text, out, opts());
        const shape = (r: typeof first) => r.spans.map((s) => [s.label, s.fragments.map((f) => [f.start, f.end, f.text]), s.attributes]);
        expect(shape(second)).toEqual(shape(first));
      }),
    );
  });
});

describe('brat exporter: a small article', () => {
  it('writes the .txt as it is and the .ann in code points: spans, attributes, the source as a normalisation, notes and relations', () => {
    const warnings: string[] = [];
    const files = bratExporter.files!(smallDoc({ discontinuous: true }), exportContext(warnings));
    expect(files).toEqual([
      { name: 'story.txt', content: TEXT },
      {
        name: 'story.ann', content: [
          'T1\tSpeaker 0 3\tAna', 'N1\tReference T1 wikidata:Q1\tAna Ruiz', 'T2\tCue 6 10\tsaid', 'T3\tQuote 12 22\ttaxes fell', 'A1\tQuoteType T3 Direct',
          'T4\tClaim 12 22\ttaxes fell', 'A2\tVerdict T4 False', '#1\tAnnotatorNotes T4\tchecked', 'T5\tSpeaker 25 27;36 41\tBo again',
          'R1\tSaidBy Arg1:T3 Arg2:T1', 'R2\tCueOf Arg1:T2 Arg2:T3', 'R3\tClaimedBy Arg1:T4 Arg2:T1', '',
        ].join('\n'),
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('names files after the file an article came from, unique within one export whatever the case; UTF-16 asked for is refused with a warning', () => {
    const warnings: string[] = [];
    const ctx = exportContext(warnings, { unit: 'utf16' });
    const d = smallDoc();
    const upper = { ...d, article: { ...d.article, id: 'a-2', provenance: { ...d.article.provenance, origin: 'other/STORY.txt' } } };
    const pasted = { ...d, article: { ...d.article, id: 'a-3', provenance: { ...d.article.provenance, origin: 'https://news.example/story.txt' } } };
    expect([d, upper, pasted].map((x) => bratExporter.files!(x, ctx)[0]!.name)).toEqual(['story.txt', 'STORY-2.txt', 'a-3.txt']);
    expect(documentName(d, exportContext())).toBe('story');
    expect(new Set(warnings)).toEqual(new Set(['brat counts code points; the export uses code points whatever --offsets says.']));
  });

  it('writes annotation.conf and visual.conf for the schema', () => {
    const [conf, visual] = bratExporter.extra!(exportContext());
    expect(conf!.name).toBe('annotation.conf');
    expect(conf!.content.split('\n').slice(0, 8)).toEqual(['# brat annotation configuration written by Sourcemark', '[entities]', 'Speaker', 'Quote', 'Claim', 'Cue', '', '[relations]']);
    expect(conf!.content).toContain('SaidBy\tArg1:Quote, Arg2:Speaker\n');
    expect(conf!.content).toContain('QuoteType\tArg:Quote, Value:Direct|Indirect|Mixed\n');
    expect(visual!.name).toBe('visual.conf');
    expect(visual!.content.startsWith('[labels]\nSpeaker | Speaker | ')).toBe(true);
  });
});
