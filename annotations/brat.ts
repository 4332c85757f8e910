/**
 * brat standoff: parsing `.ann` files and writing them. Pure text in, data out.
 *
 * brat counts offsets in Unicode code points into the `.txt` as it is on disk (before any
 * normalisation), end exclusive; discontinuous spans are `s e;s e`. See brat's standoff format
 * documentation. Conversion to Sourcemark's model, with the label map and the offset map of
 * normalisation, is {@link bratToAnnotations}.
 */

import type { Link, Source, Span } from './model.js';
import { normalizeText } from './normalize.js';
import { OffsetConverter, codePointOffset, textOffset } from './offsets.js';
import { labelDef, linkTypeDef, withLabel, withLinkType, type ProjectSchema } from './schema.js';
import { makeFragment } from './text.js';
import type { IdSource } from './ids.js';

export type BratEntity = { id: string; label: string; fragments: { start: number; end: number }[]; text: string; line: number };
export type BratRelation = { id: string; type: string; arg1: string; arg2: string; line: number };
export type BratEvent = { id: string; type: string; trigger: string; args: { role: string; id: string }[]; line: number };
export type BratAttribute = { id: string; name: string; target: string; value: string; line: number };
export type BratNormalization = { id: string; type: string; target: string; ref: string; text: string; line: number };
export type BratNote = { id: string; type: string; target: string; note: string; line: number };

export type BratAnn = {
  entities: BratEntity[];
  relations: BratRelation[];
  events: BratEvent[];
  attributes: BratAttribute[];
  normalizations: BratNormalization[];
  notes: BratNote[];
};

/** A problem in an input file, with the line it is on (1-based) when there is one. */
export class FormatError extends Error {
  override name = 'FormatError';
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

/** Parses the lines of a `.ann` file. Throws {@link FormatError} naming the line. */
export function parseAnn(ann: string): BratAnn {
  const out: BratAnn = { entities: [], relations: [], events: [], attributes: [], normalizations: [], notes: [] };
  const lines = ann.replace(/^\ufeff/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const [id = '', body = '', ...rest] = raw.split('\t');
    const tail = rest.join('\t');
    const kind = id[0];
    const bad = (what: string): never => {
      throw new FormatError(`${what} in "${raw.slice(0, 80)}"`, line);
    };
    if (!/^[TREAMN#]\S*$/.test(id)) bad('an annotation id must start with T, R, E, A, M, N or #');
    if (kind === 'T') {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(body) ?? bad('expected "Label start end" (fragments separated by ";")');
      const fragments = m[2]!.split(';').map((p) => {
        const [s, e] = p.split(' ').map(Number) as [number, number];
        if (e <= s) bad(`fragment ${s} ${e} is empty or reversed`);
        return { start: s, end: e };
      });
      out.entities.push({ id, label: m[1]!, fragments, text: tail, line });
    } else if (kind === 'R') {
      const m = /^(\S+) Arg1:(\S+) Arg2:(\S+)\s*$/.exec(body) ?? bad('expected "Type Arg1:T1 Arg2:T2"');
      out.relations.push({ id, type: m[1]!, arg1: m[2]!, arg2: m[3]!, line });
    } else if (kind === 'E') {
      const parts = body.trim().split(/\s+/);
      const [type, trigger] = (parts[0] ?? '').split(':');
      if (!type || !trigger) bad('expected "Type:Trigger Role:Id ..."');
      const args = parts.slice(1).map((p) => {
        const [role, target] = p.split(':');
        return role && target ? { role: role.replace(/\d+$/, ''), id: target } : bad(`argument "${p}" is not Role:Id`);
      });
      out.events.push({ id, type: type!, trigger: trigger!, args, line });
    } else if (kind === 'A' || kind === 'M') {
      const m = /^(\S+) (\S+)(?: (\S+))?\s*$/.exec(body) ?? bad('expected "Name Target [Value]"');
      out.attributes.push({ id, name: m[1]!, target: m[2]!, value: m[3] ?? 'true', line });
    } else if (kind === 'N') {
      const m = /^(\S+) (\S+) (\S+)\s*$/.exec(body) ?? bad('expected "Type Target Db:Id"');
      out.normalizations.push({ id, type: m[1]!, target: m[2]!, ref: m[3]!, text: tail, line });
    } else {
      const m = /^(\S+) (\S+)\s*$/.exec(body) ?? bad('expected "Type Target" before the note');
      out.notes.push({ id, type: m[1]!, target: m[2]!, note: tail, line });
    }
  });
  return out;
}

/** What a brat document becomes in Sourcemark's model. */
export type BratImport = {
  /** The normalised text the spans point into. */
  text: string;
  spans: Span[];
  links: Link[];
  /** Sources named by `N` lines, keyed by their reference (`sources:hur`), new or matched. */
  sources: Source[];
  /** The schema, extended with any label, link type or attribute value brat brought. */
  schema: ProjectSchema;
  warnings: string[];
};

export type BratImportOptions = {
  schema: ProjectSchema;
  /** brat label → Sourcemark label (`Source` → `Speaker`). */
  labelMap?: Readonly<Record<string, string>>;
  /** Sources the project has already, matched by externalId (`sources:hur`), then by name. */
  knownSources?: readonly Source[];
  newId: IdSource;
  now: string;
  annotator: string;
};

/**
 * Converts a brat `.txt` + `.ann` pair to spans, links and sources. Offsets are code points into
 * the raw text; they are converted and mapped through normalisation. Every span's text must
 * equal the text at its offsets, every relation must name existing spans: otherwise a
 * {@link FormatError} names the line.
 */
export function bratToAnnotations(rawText: string, annText: string, opts: BratImportOptions): BratImport {
  const ann = parseAnn(annText);
  const conv = new OffsetConverter(rawText);
  const { text, map } = normalizeText(rawText);
  let schema = opts.schema;
  const warnings: string[] = [];
  const mapLabel = (l: string): string => opts.labelMap?.[l] ?? l;
  const spanIds = new Map<string, Span>();
  const spans: Span[] = [];

  for (const e of ann.entities) {
    const label = mapLabel(e.label);
    if (!labelDef(schema, label)) {
      schema = withLabel(schema, label);
      warnings.push(`Label "${label}" was not in the schema and has been added.`);
    }
    const rawPieces = e.fragments.map((f) => {
      if (f.end > conv.codePointLength) throw new FormatError(`span ${e.id} (${f.start}–${f.end}) ends after the text (${conv.codePointLength} characters)`, e.line);
      return rawText.slice(conv.toUtf16(codePointOffset(f.start)), conv.toUtf16(codePointOffset(f.end)));
    });
    // brat writes the fragments' texts joined by a space.
    const expected = rawPieces.join(' ');
    if (e.text !== expected && e.text.replace(/\s+/g, ' ') !== expected.replace(/\s+/g, ' ')) {
      throw new FormatError(`span ${e.id} says "${e.text}" but the text at ${e.fragments.map((f) => `${f.start}–${f.end}`).join(';')} is "${expected}"`, e.line);
    }
    const fragments = e.fragments.map((f) => {
      const s = map.map(conv.toUtf16(codePointOffset(f.start)), 'start');
      const en = map.map(conv.toUtf16(codePointOffset(f.end)), 'end');
      return makeFragment(text, s, en);
    });
    const span: Span = {
      id: opts.newId('s'), label, fragments, attributes: {}, annotator: opts.annotator,
      origin: 'imported', createdAt: opts.now, updatedAt: opts.now,
    };
    if (spanIds.has(e.id)) throw new FormatError(`annotation id ${e.id} is used twice`, e.line);
    spanIds.set(e.id, span);
    spans.push(span);
  }

  const target = (id: string, line: number): Span => spanIds.get(id) ?? (() => {
    throw new FormatError(`${id} does not name a text-bound annotation (T) in this file`, line);
  })();

  for (const a of ann.attributes) {
    const span = target(a.target, a.line);
    const label = labelDef(schema, span.label)!;
    const def = label.attributes.find((d) => d.name === a.name);
    if (!def) {
      schema = { ...schema, labels: schema.labels.map((l) => (l.name === label.name ? { ...l, attributes: [...l.attributes, { name: a.name, values: [a.value] }] } : l)) };
      warnings.push(`Attribute ${a.name} of ${label.name} was not in the schema and has been added.`);
    } else if (!def.values.includes(a.value)) {
      schema = { ...schema, labels: schema.labels.map((l) => (l.name === label.name ? { ...l, attributes: l.attributes.map((d) => (d.name === a.name ? { ...d, values: [...d.values, a.value] } : d)) } : l)) };
      warnings.push(`Value "${a.value}" of ${label.name}'s ${a.name} was not in the schema and has been added.`);
    }
    span.attributes = { ...span.attributes, [a.name]: a.value };
  }

  const sources = new Map<string, Source>();
  for (const n of ann.normalizations) {
    const span = target(n.target, n.line);
    const name = n.text.trim() || n.ref;
    let source = sources.get(n.ref)
      ?? opts.knownSources?.find((s) => s.externalId === n.ref)
      ?? opts.knownSources?.find((s) => s.name === name);
    if (!source) source = { id: opts.newId('src'), name, kind: guessKind(name), aliases: [], externalId: n.ref };
    sources.set(n.ref, source);
    span.sourceId = source.id;
  }
  // Every mention's own wording becomes an alias of its source, so search finds "the agency".
  for (const s of sources.values()) {
    const mentions = spans.filter((sp) => sp.sourceId === s.id).map((sp) => sp.fragments.map((f) => f.text).join(' '));
    s.aliases = [...new Set([...s.aliases, ...mentions])].filter((a) => a !== s.name);
  }

  for (const note of ann.notes) {
    const span = target(note.target, note.line);
    span.note = span.note ? `${span.note}\n${note.note}` : note.note;
  }

  const links: Link[] = [];
  const addLink = (typeName: string, from: Span, to: Span): void => {
    if (!linkTypeDef(schema, typeName)) {
      schema = withLinkType(schema, typeName);
      warnings.push(`Link type "${typeName}" was not in the schema and has been added.`);
    }
    const type = linkTypeDef(schema, typeName)!;
    if (!type.from.includes(from.label) || !type.to.includes(to.label)) {
      schema = { ...schema, linkTypes: schema.linkTypes.map((t) => (t === type ? { ...t, from: [...new Set([...t.from, from.label])], to: [...new Set([...t.to, to.label])] } : t)) };
      warnings.push(`Link type ${type.name} now also joins ${from.label} to ${to.label}.`);
    }
    if (links.some((l) => l.type === type.name && l.from === from.id && l.to === to.id)) return;
    links.push({ id: opts.newId('l'), type: type.name, from: from.id, to: to.id, annotator: opts.annotator, createdAt: opts.now });
  };
  for (const r of ann.relations) addLink(r.type, target(r.arg1, r.line), target(r.arg2, r.line));
  for (const ev of ann.events) {
    const trigger = target(ev.trigger, ev.line);
    const args = ev.args.map((a) => ({ role: mapLabel(a.role), span: target(a.id, ev.line) }));
    const byLabel = (l: string): Span | undefined => args.find((a) => a.span.label === l)?.span;
    const quote = byLabel('Quote');
    const speaker = byLabel('Speaker');
    const cue = byLabel('Cue') ?? (trigger.label === 'Cue' ? trigger : undefined);
    if (quote && speaker) addLink('said-by', quote, speaker);
    if (quote && cue) addLink('cue-of', cue, quote);
    const claim = byLabel('Claim');
    if (claim && speaker) addLink('claimed-by', claim, speaker);
    if (!quote && !claim) {
      for (const a of args) addLink(`${ev.type}-${a.role}`, trigger, a.span);
    }
  }
  return { text, spans, links, sources: [...sources.values()], schema, warnings };
}

function guessKind(name: string): Source['kind'] {
  if (/\b(unnamed|anonymous|officials|sources|residents|people)\b/i.test(name)) return /unnamed|anonymous/i.test(name) ? 'anonymous' : 'group';
  if (/\b(ministry|agency|directorate|government|department|kremlin|council|office|police|army|forces|university|company|inc|ltd)\b/i.test(name)) return 'organization';
  if (/\b(report|statement|document|study)\b/i.test(name)) return 'document';
  return 'person';
}

/** Options for {@link annotationsToBrat}. */
export type BratExportOptions = { schema: ProjectSchema; sources: Readonly<Record<string, Source>> };

/**
 * Writes spans and links as a brat `.ann`, offsets in code points into `text`. Spans become `T`
 * lines (fragments as `s e;s e`), attributes `A`, sources `N` (`Reference T1 <ref>\t<name>`),
 * notes `#`, links `R` with the link type's export name.
 */
export function annotationsToBrat(text: string, spans: readonly Span[], links: readonly Link[], opts: BratExportOptions): string {
  const conv = new OffsetConverter(text);
  const tid = new Map<string, string>();
  const out: string[] = [];
  let a = 0;
  let n = 0;
  let note = 0;
  spans.forEach((s, i) => {
    const t = `T${i + 1}`;
    tid.set(s.id, t);
    const offs = s.fragments.map((f) => `${conv.toCodePoint(textOffset(f.start))} ${conv.toCodePoint(textOffset(f.end))}`).join(';');
    const body = s.fragments.map((f) => text.slice(f.start, f.end)).join(' ').replace(/[\t\n]/g, ' ');
    out.push(`${t}\t${s.label} ${offs}\t${body}`);
    for (const [name, value] of Object.entries(s.attributes)) out.push(`A${++a}\t${name} ${t} ${value}`);
    if (s.sourceId) {
      const src = opts.sources[s.sourceId];
      const ref = src?.externalId && /^\S+:\S+$/.test(src.externalId) ? src.externalId : `sources:${s.sourceId}`;
      out.push(`N${++n}\tReference ${t} ${ref}\t${(src?.name ?? s.sourceId).replace(/[\t\n]/g, ' ')}`);
    }
    if (s.note) out.push(`#${++note}\tAnnotatorNotes ${t}\t${s.note.replace(/[\t\n]/g, ' ')}`);
  });
  links.forEach((l, i) => {
    const type = linkTypeDef(opts.schema, l.type);
    out.push(`R${i + 1}\t${type?.exportName ?? l.type} Arg1:${tid.get(l.from)} Arg2:${tid.get(l.to)}`);
  });
  return out.join('\n') + (out.length ? '\n' : '');
}
