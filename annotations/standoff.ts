/**
 * Standoff annotations from any tool (brat, doccano, Label Studio) turned into Sourcemark's
 * spans, links and sources: offsets converted from the tool's unit and mapped through text
 * normalisation, each span's text checked against the text, labels mapped, unknown labels, link
 * types and attribute values added to the schema (never dropped), sources matched to known ones.
 */

import type { Link, Source, Span } from './model.js';
import { normalizeText } from './normalize.js';
import { OffsetConverter, codePointOffset, type OffsetUnit } from './offsets.js';
import { labelDef, linkTypeDef, withLabel, withLinkType, type ProjectSchema } from './schema.js';
import { makeFragment } from './text.js';
import type { IdSource } from './ids.js';

/** A problem in an input file, with the line it is on (1-based) when there is one. */
export class FormatError extends Error {
  override name = 'FormatError';
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

/** One text-bound annotation as a tool states it. */
export type StandoffEntity = {
  /** The tool's id, which relations use. */
  key: string;
  label: string;
  /** Offsets in the document's unit, into the raw text, end exclusive. */
  fragments: { start: number; end: number }[];
  /** The text the tool says the span covers (fragments joined by a space); checked when given. */
  text?: string;
  line?: number;
  attributes?: Record<string, string>;
  note?: string;
  /** The source a speaker mention refers to: an external reference and a name. */
  source?: { ref: string; name: string };
};

export type StandoffRelation = { type: string; from: string; to: string; line?: number };
/** A brat event: a trigger and role-named arguments. */
export type StandoffEvent = { type: string; trigger: string; args: { role: string; key: string }[]; line?: number };

export type StandoffDoc = {
  /** The raw text as the tool had it (before normalisation). */
  text: string;
  /** The unit of the offsets; "auto" picks, per span, the one whose text matches. */
  unit: OffsetUnit | 'auto';
  entities: StandoffEntity[];
  relations: StandoffRelation[];
  events?: StandoffEvent[];
};

export type StandoffOptions = {
  schema: ProjectSchema;
  /** Tool label → Sourcemark label (`Source` → `Speaker`); also applies to relation types. */
  labelMap?: Readonly<Record<string, string>>;
  /** Sources the project has already, matched by externalId (`sources:hur`), then by name. */
  knownSources?: readonly Source[];
  newId: IdSource;
  now: string;
  annotator: string;
};

/** What a standoff document becomes in Sourcemark's model. */
export type StandoffImport = {
  /** The normalised text the spans point into. */
  text: string;
  spans: Span[];
  links: Link[];
  /** Sources the spans refer to, new or matched. */
  sources: Source[];
  /** The schema, extended with any label, link type or attribute value the tool brought. */
  schema: ProjectSchema;
  warnings: string[];
  /** The tool's key of each span, for callers that map more data onto spans. */
  keys: Map<string, Span>;
};

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const wordChar = /[\p{L}\p{N}\p{M}]/u;

/** Converts a standoff document; throws {@link FormatError} naming the line of the first problem. */
export function standoffToAnnotations(doc: StandoffDoc, opts: StandoffOptions): StandoffImport {
  const rawText = doc.text;
  const conv = new OffsetConverter(rawText);
  const { text, map } = normalizeText(rawText);
  let schema = opts.schema;
  const warnings: string[] = [];
  const mapLabel = (l: string): string => opts.labelMap?.[l] ?? l;
  const keys = new Map<string, Span>();
  const spans: Span[] = [];

  const toUtf16 = (n: number, unit: OffsetUnit, e: StandoffEntity): number => {
    const max = unit === 'utf16' ? conv.utf16Length : conv.codePointLength;
    if (!Number.isInteger(n) || n < 0 || n > max) throw new FormatError(`span ${e.key} (${e.fragments.map((f) => `${f.start}–${f.end}`).join(';')}) ends after the text (${max} characters)`, e.line);
    return unit === 'utf16' ? (conv.isBoundary(n) ? n : -1) : conv.toUtf16(codePointOffset(n));
  };
  const piecesIn = (e: StandoffEntity, unit: OffsetUnit): string | undefined => {
    const parts = e.fragments.map((f) => {
      const s = toUtf16(f.start, unit, e);
      const en = toUtf16(f.end, unit, e);
      return s < 0 || en < 0 ? undefined : rawText.slice(s, en);
    });
    return parts.some((p) => p === undefined) ? undefined : parts.join(' ');
  };
  /** In "auto" mode a unit that does not fit returns undefined, so the other can be tried. */
  const tryUnit = (e: StandoffEntity, unit: OffsetUnit): { text?: string; error?: unknown } => {
    try {
      return { text: piecesIn(e, unit) };
    } catch (error) {
      return { error };
    }
  };

  for (const e of doc.entities) {
    if (keys.has(e.key)) throw new FormatError(`annotation id ${e.key} is used twice`, e.line);
    for (const f of e.fragments) if (!(f.end > f.start)) throw new FormatError(`span ${e.key} (${f.start}–${f.end}) is empty or reversed`, e.line);
    let unit: OffsetUnit = doc.unit === 'auto' ? 'codepoint' : doc.unit;
    const first = tryUnit(e, unit);
    let found = first.text;
    if (doc.unit === 'auto' && (found === undefined || (e.text !== undefined && squash(found) !== squash(e.text)))) {
      const other = tryUnit(e, 'utf16');
      if (other.text !== undefined && (e.text === undefined ? found === undefined : squash(other.text) === squash(e.text))) {
        unit = 'utf16';
        found = other.text;
      }
    }
    if (found === undefined && first.error) throw first.error;
    if (found === undefined) throw new FormatError(`span ${e.key} splits a character`, e.line);
    if (e.text !== undefined && found !== e.text && squash(found) !== squash(e.text)) {
      throw new FormatError(`span ${e.key} says "${e.text}" but the text at ${e.fragments.map((f) => `${f.start}–${f.end}`).join(';')} is "${found}"`, e.line);
    }
    const label = mapLabel(e.label);
    if (!labelDef(schema, label)) {
      schema = withLabel(schema, label);
      warnings.push(`Label "${label}" was not in the schema and has been added.`);
    }
    const fragments = e.fragments.map((f) => makeFragment(text, map.map(toUtf16(f.start, unit, e), 'start'), map.map(toUtf16(f.end, unit, e), 'end')));
    // Kept as given, but said: an edge inside a word ("T|he") is almost always a slip of the offsets.
    for (const f of fragments) {
      const inside = (at: number) => wordChar.test(text[at - 1] ?? '') && wordChar.test(text[at] ?? '');
      if (inside(f.start) || inside(f.end)) {
        const shown = `${text.slice(Math.max(0, f.start - 12), f.start)}[${f.text}]${text.slice(f.end, f.end + 12)}`.replace(/\s+/g, ' ');
        warnings.push(`${e.line !== undefined ? `line ${e.line}: ` : ''}span ${e.key} (${e.label}) begins or ends inside a word: "…${shown}…"; it was kept as given.`);
      }
    }
    const span: Span = {
      id: opts.newId('s'), label, fragments, attributes: {}, annotator: opts.annotator,
      origin: 'imported', createdAt: opts.now, updatedAt: opts.now,
      ...(e.note ? { note: e.note } : {}),
    };
    for (const [name, value] of Object.entries(e.attributes ?? {})) {
      const def = labelDef(schema, label)!.attributes.find((d) => d.name === name);
      if (!def) {
        schema = { ...schema, labels: schema.labels.map((l) => (l.name === label ? { ...l, attributes: [...l.attributes, { name, values: [value] }] } : l)) };
        warnings.push(`Attribute ${name} of ${label} was not in the schema and has been added.`);
      } else if (!def.values.includes(value)) {
        schema = { ...schema, labels: schema.labels.map((l) => (l.name === label ? { ...l, attributes: l.attributes.map((d) => (d.name === name ? { ...d, values: [...d.values, value] } : d)) } : l)) };
        warnings.push(`Value "${value}" of ${label}'s ${name} was not in the schema and has been added.`);
      }
      span.attributes = { ...span.attributes, [name]: value };
    }
    keys.set(e.key, span);
    spans.push(span);
  }

  const sources = new Map<string, Source>();
  for (const e of doc.entities) {
    if (!e.source) continue;
    const span = keys.get(e.key)!;
    const { ref, name } = e.source;
    let source = sources.get(ref)
      ?? opts.knownSources?.find((s) => s.externalId === ref)
      ?? opts.knownSources?.find((s) => s.name === name);
    if (!source) source = { id: opts.newId('src'), name, kind: guessKind(name), aliases: [], externalId: ref };
    sources.set(ref, source);
    span.sourceId = source.id;
  }
  // Every mention's own wording becomes an alias of its source, so search finds "the agency".
  const unique = [...new Map([...sources.values()].map((s) => [s.id, s])).values()].map((s) => ({ ...s }));
  for (const s of unique) {
    const mentions = spans.filter((sp) => sp.sourceId === s.id).map((sp) => sp.fragments.map((f) => f.text).join(' '));
    s.aliases = [...new Set([...s.aliases, ...mentions])].filter((a) => a !== s.name);
  }

  const target = (key: string, line?: number): Span => keys.get(key) ?? (() => {
    throw new FormatError(`${key} does not name a span in this document`, line);
  })();
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
  for (const r of doc.relations) addLink(mapLabel(r.type), target(r.from, r.line), target(r.to, r.line));
  for (const ev of doc.events ?? []) {
    const trigger = target(ev.trigger, ev.line);
    const args = ev.args.map((a) => ({ role: mapLabel(a.role), span: target(a.key, ev.line) }));
    const byLabel = (l: string): Span | undefined => args.find((a) => a.span.label === l)?.span;
    const quote = byLabel('Quote');
    const speaker = byLabel('Speaker');
    const cue = byLabel('Cue') ?? (trigger.label === 'Cue' ? trigger : undefined);
    if (quote && speaker) addLink('said-by', quote, speaker);
    if (quote && cue) addLink('cue-of', cue, quote);
    const claim = byLabel('Claim');
    if (claim && speaker) addLink('claimed-by', claim, speaker);
    if (!quote && !claim) for (const a of args) addLink(`${ev.type}-${a.role}`, trigger, a.span);
  }
  const byId = new Map(unique.map((s) => [s.id, s]));
  return { text, spans, links, sources: [...byId.values()], schema, warnings, keys };
}

/** A first guess at a source's kind from its name; the user corrects it in the sources panel. */
export function guessKind(name: string): Source['kind'] {
  if (/\b(unnamed|anonymous|officials|sources|residents|people)\b/i.test(name)) return /unnamed|anonymous/i.test(name) ? 'anonymous' : 'group';
  if (/\b(ministry|agency|directorate|government|department|kremlin|council|office|police|army|forces|university|company|inc|ltd)\b/i.test(name)) return 'organization';
  if (/\b(report|statement|document|study)\b/i.test(name)) return 'document';
  return 'person';
}

