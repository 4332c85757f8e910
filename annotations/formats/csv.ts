/**
 * CSV into rows keyed by a header, with the line each row starts on; parsed by papaparse
 * (RFC 4180 quoting, line breaks inside quotes, CRLF/LF/CR, a BOM; comma, semicolon, tab or
 * pipe separated). Pure: no I/O, so the renderer may bundle it too. `csvField` is the writer's
 * half, used by the exporters.
 */
// papaparse has no types of its own; see papaparse.d.ts for why @types/papaparse is not used.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./papaparse.d.ts" />
import Papa from 'papaparse';
import { FormatError } from './standoff.js';

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
