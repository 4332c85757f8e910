/**
 * CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes; comma or semicolon
 * separated) into rows keyed by a header, with the line each row starts on.
 */
import { FormatError } from './standoff.js';

export type CsvRow = { line: number; values: Record<string, string> };

/** Parses `text` with its first row as the header (names trimmed and lower-cased). */
export function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const src = text.replace(/^\ufeff/, '');
  const firstLine = src.slice(0, src.indexOf('\n') === -1 ? src.length : src.indexOf('\n'));
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    recordLine = line;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        if (i < src.length && src[i] !== sep && src[i] !== '\n' && src[i] !== '\r') throw new FormatError('a quoted field must end at a separator or the end of the line', line);
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === sep) {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      endRecord();
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new FormatError('a quoted field is not closed before the end of the file', recordLine);
  if (field !== '' || fields.length) endRecord();
  const [head, ...body] = records;
  if (!head) throw new FormatError('the file is empty');
  const header = head.fields.map((h) => h.trim().toLowerCase());
  const rows = body.map((r) => {
    if (r.fields.length > header.length) throw new FormatError(`the row has ${r.fields.length} fields but the header has ${header.length}`, r.line);
    return { line: r.line, values: Object.fromEntries(header.map((h, k) => [h, r.fields[k] ?? ''])) };
  });
  return { header, rows };
}

/** One CSV field, quoted when it needs to be. */
export const csvField = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
