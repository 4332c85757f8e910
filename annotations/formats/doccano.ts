/**
 * doccano's JSONL: one document per line, `text` with `entities` (`id`, `label`,
 * `start_offset`, `end_offset`) and `relations` (`from_id`, `to_id`, `type`), or the older
 * `label: [[start, end, label], …]`. Offsets count code points (doccano's backend is Python).
 */
import { FormatError, type StandoffDoc } from './standoff.js';

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
