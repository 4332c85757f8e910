import { describe, expect, it } from 'vitest';
import { csvExporter, csvField, parseCsv } from '../../../annotations/index.js';
import { exportContext, runFile, smallDoc } from './small-doc.js';

const HEADER = '\ufeffarticle_id,article_title,article_url,quote,quote_type,speaker_mention,source,source_kind,cue,claims,offsets,offset_unit,attribution,content_label,source_offsets,cue_offsets\r\n';

describe('csv exporter: a small article', () => {
  it('writes a BOM and the header, then one row per attribution in text order (the claim inside the quote in its claims), CRLF', () => {
    const warnings: string[] = [];
    expect(runFile(csvExporter, [smallDoc()], exportContext(warnings))).toBe(HEADER + 'a-1,Taxes,,taxes fell,Direct,Ana,Ana Ruiz,person,said,taxes fell,12-22,codepoint,,Quote,0-3,6-10\r\n');
    expect(warnings).toEqual([]);
  });

  it('a quote without an attribution still gets its row; offsets in the unit asked for; fields with commas or quotes are quoted', () => {
    const d = smallDoc();
    const lone = { ...d, article: { ...d.article, title: 'Taxes, "again"' }, links: [], spans: d.spans.filter((s) => s.label === 'Quote') };
    expect(runFile(csvExporter, [lone], exportContext([], { unit: 'utf16' }))).toBe(HEADER + 'a-1,"Taxes, ""again""",,taxes fell,Direct,,,,,,13-23,utf16,,Quote,,\r\n');
  });

  it('what it writes, the reader reads back', () => {
    const table = parseCsv(runFile(csvExporter, [smallDoc()], exportContext()));
    expect(table.delimiter).toBe(',');
    expect(table.rows.map((r) => [r.line, r.values.quote, r.values.source, r.values.offsets])).toEqual([[2, 'taxes fell', 'Ana Ruiz', '12-22']]);
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField(undefined)).toBe('');
  });
});
