/**
 * CSV, read and written. Reading: rows keyed by a header, with the line each row starts on;
 * parsed by papaparse (RFC 4180 quoting, line breaks inside quotes, CRLF/LF/CR, a BOM; comma,
 * semicolon, tab or pipe separated). Writing: the `csv` export, one row per attribution (and per
 * quote without one) for spreadsheets, UTF-8 with a BOM, fields quoted by {@link csvField}.
 * Pure: no I/O, so the renderer may bundle it too.
 */
// papaparse has no types of its own; see papaparse.d.ts for why @types/papaparse is not used.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./papaparse.d.ts" />
import Papa from 'papaparse';
import { FormatError } from './standoff.js';
import { fragmentsIn, sourceName, type Exporter } from './core.js';
import { attributionsOf } from '../model/attribution.js';
import { OffsetConverter } from '../model/offsets.js';
import type { Span } from '../model/types.js';
import { spanText } from '../text/fragments.js';

export type CsvRow = { line: number; values: Record<string, string> };

/** What {@link parseCsv} found: the header, the rows, and notes on quoting it repaired (each naming its line). */
export type CsvTable = { header: string[]; rows: CsvRow[]; delimiter: string; warnings: string[] };

const DELIMITERS = [',', ';', '\t', '|'];

/** The header line's separator when exactly one of the candidates occurs in it; else papaparse guesses. */
function headerDelimiter(src: string): string | undefined {
  const end = src.search(/\r|\n/);
  const first = end === -1 ? src : src.slice(0, end);
  const found = DELIMITERS.filter((d) => first.includes(d));
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    // Several candidates in the header (`title;text,with comma`): the most frequent one.
    return [...found].sort((a, b) => first.split(b).length - first.split(a).length)[0];
  }
  return undefined;
}

/**
 * Parses `text` with its first row as the header (names trimmed and lower-cased). Throws a
 * {@link FormatError} with the line for a quoted field that is never closed, a row with more
 * fields than the header, or an empty file. A stray quote inside a quoted field
 * (`"He said "no" twice"`) is read as papaparse repairs it, with a warning naming the line.
 */
export function parseCsv(text: string): CsvTable {
  const src = text.replace(/^\ufeff/, '');
  // Line numbers: papaparse reports where each row ends (meta.cursor); lines are counted
  // incrementally from there, so a file is scanned once however many rows it has.
  let counted = 0;
  let line = 1;
  const lineAt = (index: number): number => {
    for (; counted < index && counted < src.length; counted++) {
      const c = src.charCodeAt(counted);
      if (c === 10 || (c === 13 && src.charCodeAt(counted + 1) !== 10)) line++;
    }
    return line;
  };
  const records: { line: number; fields: string[] }[] = [];
  const warnings: string[] = [];
  let failure: FormatError | undefined;
  let start = 0;
  // A header without any separator is a one-column file: its rows are read whole (a "text"
  // column full of commas is not split), with a separator that no text uses (ASCII's unit separator).
  const delimiter = headerDelimiter(src) ?? (src.includes('\u001f') ? undefined : '\u001f');
  let used = delimiter ?? ',';
  Papa.parse(src, {
    ...(delimiter ? { delimiter } : { delimitersToGuess: DELIMITERS }),
    skipEmptyLines: true,
    step: (res, parser) => {
      used = res.meta.delimiter;
      // The row starts after the line breaks of the blank lines skipped before it.
      while (start < src.length && (src[start] === '\n' || src[start] === '\r')) start++;
      const rowLine = lineAt(start);
      for (const e of res.errors) {
        if (e.type !== 'Quotes') continue;
        const at = e.index !== undefined ? lineAt(Math.max(start, Math.min(e.index, src.length))) : rowLine;
        if (e.code === 'MissingQuotes') {
          failure = new FormatError('a quoted field is not closed before the end of the file', rowLine);
          parser.abort();
          return;
        }
        warnings.push(`line ${at}: a quoted field has a stray quote inside it (${e.message.toLowerCase()}); it was read as ${JSON.stringify(res.data.join(used).slice(0, 80))}`);
      }
      records.push({ line: rowLine, fields: res.data });
      start = res.meta.cursor;
    },
  });
  if (failure) throw failure;
  const [head, ...body] = records;
  if (!head) throw new FormatError('the file is empty');
  const header = head.fields.map((h) => h.trim().toLowerCase());
  const rows = body.map((r) => {
    if (r.fields.length > header.length) throw new FormatError(`the row has ${r.fields.length} fields but the header has ${header.length}`, r.line);
    return { line: r.line, values: Object.fromEntries(header.map((h, k) => [h, r.fields[k] ?? ''])) };
  });
  return { header, rows, delimiter: used, warnings: [...new Set(warnings)] };
}

/** One CSV field, quoted when it needs to be (RFC 4180: quotes doubled). */
export const csvField = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const CSV_COLUMNS = ['article_id', 'article_title', 'article_url', 'quote', 'quote_type', 'speaker_mention', 'source', 'source_kind', 'cue', 'claims', 'offsets', 'offset_unit', 'attribution', 'content_label', 'source_offsets', 'cue_offsets'];

export const csvExporter: Exporter = {
  name: 'csv', description: 'one row per attribution (source, cue, content), and per quote without one, for spreadsheets (UTF-8 with BOM)', kind: 'file', defaultUnit: 'codepoint', extension: '.csv',
  header: () => '\ufeff' + CSV_COLUMNS.join(',') + '\r\n',
  chunk: (doc, ctx) => {
    const conv = new OffsetConverter(doc.article.text);
    const rows: string[] = [];
    const offsets = (s: Span | undefined) => (s ? fragmentsIn(doc, s, ctx.unit, conv).map((f) => `${f.start}-${f.end}`).join(';') : '');
    const row = (id: string, q: Span | undefined, speaker: Span | undefined, cue: Span | undefined) => {
      const inside = (c: Span) => !!q && c !== q && c.label === 'Claim' && c.fragments.every((f) => q.fragments.some((g) => f.start >= g.start && f.end <= g.end));
      const claims = doc.spans.filter(inside).map(spanText);
      const source = speaker?.sourceId ? ctx.sources[speaker.sourceId] : undefined;
      rows.push([
        doc.article.id, doc.article.title, doc.article.metadata.url ?? '', q ? spanText(q) : '', q?.attributes.QuoteType ?? '', speaker ? spanText(speaker) : '',
        sourceName(ctx, speaker), source?.kind ?? '', cue ? spanText(cue) : '', claims.join(' | '),
        offsets(q), ctx.unit, id, q?.label ?? '', offsets(speaker), offsets(cue),
      ].map(csvField).join(','));
    };
    const attributions = attributionsOf(doc);
    const covered = new Set(attributions.flatMap((a) => (a.content ? [a.content.id] : [])));
    // In text order: each attribution at its content (or first part), then quotes that have none.
    const at = (s: Span | undefined) => s?.fragments[0]?.start ?? Number.MAX_SAFE_INTEGER;
    const items = [
      ...attributions.filter((a) => a.content?.label !== 'Claim' || a.eventId).map((a) => ({ pos: at(a.content ?? a.trigger ?? a.args[0]?.span), emit: () => row(a.eventId ?? '', a.content, a.source, a.cue) })),
      ...doc.spans.filter((s) => s.label === 'Quote' && !covered.has(s.id)).map((q) => ({ pos: at(q), emit: () => row('', q, undefined, undefined) })),
    ];
    items.sort((x, y) => x.pos - y.pos).forEach((i) => i.emit());
    return rows.map((r) => r + '\r\n').join('');
  },
};
