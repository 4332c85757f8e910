/**
 * doccano's JSONL, read (`doccanoRecord`) and written (the `doccano` export): one document per line, `text` with `entities` (`id`, `label`,
 * `start_offset`, `end_offset`) and `relations` (`from_id`, `to_id`, `type`), or the older
 * `label: [[start, end, label], …]`. Offsets count code points (doccano's backend is Python).
 */
import { FormatError, type StandoffDoc } from './standoff.js';
import { fragmentsIn, splitDiscontinuous, type Exporter } from './core.js';
import { OffsetConverter } from '../model/offsets.js';
import { labelExportName, linkTypeDef } from '../model/schema.js';

export type DoccanoRecord = { text: string; standoff: StandoffDoc; meta: Record<string, unknown>; line: number };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one parsed JSONL line of a doccano export. */
export function doccanoRecord(data: unknown, line: number): DoccanoRecord {
  if (!isObj(data)) throw new FormatError('a doccano line must be a JSON object', line);
  const text = data.text ?? data.data;
  if (typeof text !== 'string') throw new FormatError('a doccano line needs a "text" string', line);
  const entities: StandoffDoc['entities'] = [];
  const relations: StandoffDoc['relations'] = [];
  if (Array.isArray(data.entities)) {
    data.entities.forEach((e: unknown, i) => {
      if (!isObj(e) || typeof e.start_offset !== 'number' || typeof e.end_offset !== 'number' || typeof e.label !== 'string') {
        throw new FormatError(`entity ${i + 1} needs "label", "start_offset" and "end_offset"`, line);
      }
      entities.push({ key: String(e.id ?? `e${i}`), label: e.label, fragments: [{ start: e.start_offset, end: e.end_offset }], line });
    });
  } else if (Array.isArray(data.label)) {
    data.label.forEach((l: unknown, i) => {
      if (!Array.isArray(l) || typeof l[0] !== 'number' || typeof l[1] !== 'number' || typeof l[2] !== 'string') {
        throw new FormatError(`label ${i + 1} must be [start, end, "Label"]`, line);
      }
      entities.push({ key: `l${i}`, label: l[2], fragments: [{ start: l[0], end: l[1] }], line });
    });
  }
  if (Array.isArray(data.relations)) {
    data.relations.forEach((r: unknown, i) => {
      if (!isObj(r) || r.from_id === undefined || r.to_id === undefined || typeof r.type !== 'string') {
        throw new FormatError(`relation ${i + 1} needs "from_id", "to_id" and "type"`, line);
      }
      relations.push({ type: r.type, from: String(r.from_id), to: String(r.to_id), line });
    });
  }
  const { text: _t, entities: _e, relations: _r, label: _l, ...meta } = data;
  return { text, standoff: { text, unit: 'codepoint', entities, relations }, meta, line };
}

export const doccanoExporter: Exporter = {
  name: 'doccano', description: 'doccano JSONL with entities and relations (relation projects)', kind: 'file', defaultUnit: 'codepoint', extension: '.jsonl',
  chunk: (doc, ctx) => {
    const conv = new OffsetConverter(doc.article.text);
    const split = splitDiscontinuous(doc, ctx, 'doccano');
    const entities: { id: number; label: string; start_offset: number; end_offset: number }[] = [];
    const first = new Map<string, number>();
    for (const s of doc.spans) {
      for (const f of fragmentsIn(doc, s, ctx.unit, conv)) {
        const id = entities.length + 1;
        if (!first.has(s.id)) first.set(s.id, id);
        entities.push({ id, label: labelExportName(ctx.schema, s.label), start_offset: f.start, end_offset: f.end });
      }
    }
    const relations = doc.links.map((l, i) => ({ id: i + 1, from_id: first.get(l.from)!, to_id: first.get(l.to)!, type: linkTypeDef(ctx.schema, l.type)?.exportName ?? l.type }));
    return JSON.stringify({
      id: doc.article.id, text: doc.article.text, entities, relations,
      title: doc.article.title, ...doc.article.metadata,
      sourcemark: { offsets: ctx.unit, ...(split.length ? { simplified: split.map((s) => `${s.id} (${s.label}) split into ${s.fragments.length} entities`) } : {}) },
    }) + '\n';
  },
};
