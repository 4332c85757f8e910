/**
 * Compares two brat `.ann` files by meaning rather than by ids: the same spans (label, offsets,
 * text), relations, attributes and source groupings.
 */
import { parseAnn } from '../../annotations/index.js';

export type BratMeaning = { spans: string[]; relations: string[]; attributes: string[]; sourceGroups: string[] };

export function bratMeaning(ann: string): BratMeaning {
  const parsed = parseAnn(ann);
  const key = new Map(parsed.entities.map((e) => [e.id, `${e.label} ${e.fragments.map((f) => `${f.start} ${f.end}`).join(';')}`]));
  const groups = new Map<string, string[]>();
  for (const n of parsed.normalizations) groups.set(n.ref, [...(groups.get(n.ref) ?? []), key.get(n.target)!]);
  return {
    spans: parsed.entities.map((e) => `${key.get(e.id)}\t${e.text}`).sort(),
    relations: parsed.relations.map((r) => `${r.type} ${key.get(r.arg1)} -> ${key.get(r.arg2)}`).sort(),
    attributes: parsed.attributes.map((a) => `${a.name} ${key.get(a.target)} ${a.value}`).sort(),
    sourceGroups: [...groups.values()].map((g) => g.sort().join(' | ')).sort(),
  };
}
