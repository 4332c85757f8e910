/**
 * Standoff annotations from any tool (brat, doccano, Label Studio) turned into Sourcemark's
 * spans, links, events and sources: offsets converted from the tool's unit, each span's text
 * checked against the text, fragments put in text order, labels mapped (and made valid label
 * names), unknown labels, link types, event types and attribute values added to the schema
 * (never dropped), sources matched to known ones.
 *
 * The text is kept exactly as the tool had it, character for character (no NFC, CRLF kept), so
 * every offset Sourcemark writes is valid against the user's original files.
 */

import type { AnnotationEvent, ArticleDoc, Link, Source, Span } from '../model/types.js';
import { eventLinkCandidates, eventLinks } from '../edit/operations.js';
import { OffsetConverter, codePointOffset, type OffsetUnit } from '../model/offsets.js';
import { LABEL_NAME, LINK_TYPE_NAME, eventTypeDef, labelDef, linkTypeDef, validLabelName, withEventAttribute, withEventType, withLabel, withLinkType, type ProjectSchema } from '../model/schema.js';
import { makeFragment } from '../text/fragments.js';
import { boundaries } from '../text/segments.js';
import type { IdSource } from '../model/ids.js';

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

export type StandoffRelation = { type: string; from: string; to: string; line?: number; note?: string };
/** A brat event: a trigger and role-named arguments, with the attributes and notes on it. */
export type StandoffEvent = { type: string; trigger?: string; args: { role: string; key: string }[]; line?: number; attributes?: Record<string, string>; note?: string };

export type StandoffDoc = {
  /** The text as the tool had it; it is kept exactly. */
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
  /** The text the spans point into: the document's text, exactly as given. */
  text: string;
  spans: Span[];
  /** Links, including the links derived from events (marked with their `event`). */
  links: Link[];
  /** Events (attributions as one unit), in the order given. */
  events: AnnotationEvent[];
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

/**
 * True when `at` falls inside a word: letters on both sides and no word boundary there as
 * `Intl.Segmenter` finds it (the boundaries the editor and the token exports use), so the edge of
 * 王建国 in 局长王建国周一 is not inside a word while "T|he" is. Only the stretch of text without
 * white space around `at` (at most 64 characters each side) is segmented.
 */
function insideWord(text: string, at: number): boolean {
  if (!wordChar.test(text[at - 1] ?? '') || !wordChar.test(text[at] ?? '')) return false;
  let a = at;
  let b = at;
  while (a > 0 && at - a < 64 && !/\s/u.test(text[a - 1]!)) a--;
  while (b < text.length && b - at < 64 && !/\s/u.test(text[b]!)) b++;
  return !boundaries(text.slice(a, b), 'word').includes(at - a);
}

/** Converts a standoff document; throws {@link FormatError} naming the line of the first problem. */
export function standoffToAnnotations(doc: StandoffDoc, opts: StandoffOptions): StandoffImport {
  const rawText = doc.text;
  const text = rawText;
  const conv = new OffsetConverter(rawText);
  let schema = opts.schema;
  const warnings: string[] = [];
  const at = (line?: number) => (line !== undefined ? `line ${line}: ` : '');
  /** The tool's label, mapped, as a valid label name; a name nothing can be made of is refused. */
  const mapLabel = (l: string, line?: number): string => {
    const mapped = opts.labelMap?.[l] ?? l;
    const valid = validLabelName(schema, mapped) ?? (() => {
      throw new FormatError(`label "${mapped}" cannot be a label name (a label name is a letter followed by letters, digits, _ or -); map it to one with --map ${l}=NewName`, line);
    })();
    if (valid.renamed && !labelDef(schema, valid.name)) {
      schema = withLabel(schema, valid.name, mapped);
      warnings.push(`${at(line)}label "${mapped}" is not a valid label name (a letter followed by letters, digits, _ or -); it is named "${valid.name}" in this project and written back as "${mapped}" on export.`);
    }
    return valid.name;
  };
  const mapType = (l: string): string => opts.labelMap?.[l] ?? l;
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
  const tryUnit = (e: StandoffEntity, unit: OffsetUnit): { text?: string | undefined; error?: unknown } => {
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
    const label = mapLabel(e.label, e.line);
    if (!labelDef(schema, label)) {
      schema = withLabel(schema, label);
      warnings.push(`Label "${label}" was not in the schema and has been added.`);
    }
    // brat writes and reads discontinuous spans whose fragments are not in text order
    // (`1038 1070;937 993;994 1037`): they are put in order, and touching or overlapping ones
    // joined, with a note; the span is never refused for it.
    const given = e.fragments.map((f) => ({ start: toUtf16(f.start, unit, e), end: toUtf16(f.end, unit, e) }));
    const ordered = orderFragments(given);
    if (ordered.reordered || ordered.joined) {
      const show = (fs: readonly { start: number; end: number }[]) => fs.map((f) => `${f.start} ${f.end}`).join(';');
      const inUnit = (fs: readonly { start: number; end: number }[]) => fs.map((f) => ({ start: conv.toUnit(f.start as never, unit), end: conv.toUnit(f.end as never, unit) }));
      warnings.push(`${at(e.line)}span ${e.key} (${e.label}) had its fragments ${[ordered.reordered ? 'out of text order' : '', ordered.joined ? 'touching or overlapping' : ''].filter(Boolean).join(' and ')} (${show(e.fragments)}); they were ${ordered.joined ? 'put in order and joined' : 'put in order'} (${show(inUnit(ordered.fragments))}).`);
    }
    const fragments = ordered.fragments.map((f) => makeFragment(text, f.start, f.end));
    // Kept as given, but said: an edge inside a word ("T|he") is almost always a slip of the offsets.
    for (const f of fragments) {
      const inside = (at: number) => insideWord(text, at);
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
  const ensureLinkType = (typeName: string, from: Span, to: Span) => {
    if (!linkTypeDef(schema, typeName)) {
      schema = withLinkType(schema, typeName);
      warnings.push(`Link type "${typeName}" was not in the schema and has been added.`);
    }
    const type = linkTypeDef(schema, typeName)!;
    if (!type.from.includes(from.label) || !type.to.includes(to.label)) {
      schema = { ...schema, linkTypes: schema.linkTypes.map((t) => (t === type ? { ...t, from: [...new Set([...t.from, from.label])], to: [...new Set([...t.to, to.label])] } : t)) };
      warnings.push(`Link type ${type.name} now also joins ${from.label} to ${to.label}.`);
    }
    return linkTypeDef(schema, typeName)!;
  };
  const addLink = (typeName: string, from: Span, to: Span, note?: string): void => {
    const type = ensureLinkType(typeName, from, to);
    if (links.some((l) => l.type === type.name && l.from === from.id && l.to === to.id)) return;
    links.push({ id: opts.newId('l'), type: type.name, from: from.id, to: to.id, annotator: opts.annotator, createdAt: opts.now, ...(note !== undefined ? { note } : {}) });
  };
  for (const r of doc.relations) addLink(mapType(r.type), target(r.from, r.line), target(r.to, r.line), r.note);
  // Each event is kept as one thing; the links it stands for (said-by, cue-of, or trigger to
  // argument) are derived from it, so the app shows the attribution where it shows links, and
  // marked as the event's, so no format writes it twice.
  const events: AnnotationEvent[] = [];
  for (const ev of doc.events ?? []) {
    const trigger = ev.trigger === undefined ? undefined : target(ev.trigger, ev.line);
    const args = ev.args.map((a) => ({ role: a.role, spanId: target(a.key, ev.line).id }));
    const before = eventTypeDef(schema, ev.type);
    schema = withEventType(schema, ev.type, args.map((a) => a.role));
    if (!before) warnings.push(`Event type "${ev.type}" was not in the schema and has been added (roles: ${[...new Set(args.map((a) => a.role))].join(', ') || 'none'}).`);
    else if (eventTypeDef(schema, ev.type) !== before) warnings.push(`Event type ${ev.type} now also has the roles ${args.map((a) => a.role).filter((r) => !before.roles.includes(r)).join(', ')}.`);
    for (const [name, value] of Object.entries(ev.attributes ?? {})) schema = withEventAttribute(schema, ev.type, name, value);
    const event: AnnotationEvent = {
      id: opts.newId('e'), type: ev.type, ...(trigger ? { trigger: trigger.id } : {}), args,
      ...(ev.attributes && Object.keys(ev.attributes).length ? { attributes: { ...ev.attributes } } : {}), ...(ev.note ? { note: ev.note } : {}),
      annotator: opts.annotator, createdAt: opts.now,
    };
    if (!trigger && !args.length) throw new FormatError(`event ${ev.type} has neither a trigger nor arguments`, ev.line);
    for (const c of eventLinkCandidates(event, spans)) ensureLinkType(c.type, c.from, c.to);
    links.push(...eventLinks(schema, event, spans, links));
    events.push(event);
  }
  const byId = new Map(unique.map((s) => [s.id, s]));
  return { text, spans, links, events, sources: [...byId.values()], schema, warnings, keys };
}

/**
 * Fragments in text order, touching or overlapping ones joined. Says whether it had to reorder
 * or join, so the caller can tell the user.
 */
export function orderFragments<F extends { start: number; end: number }>(fragments: readonly F[]): { fragments: { start: number; end: number }[]; reordered: boolean; joined: boolean } {
  const reordered = fragments.some((f, i) => i > 0 && (f.start < fragments[i - 1]!.start || (f.start === fragments[i - 1]!.start && f.end < fragments[i - 1]!.end)));
  const sorted = [...fragments].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  let joined = false;
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start <= last.end) {
      last.end = Math.max(last.end, f.end);
      joined = true;
    } else out.push({ start: f.start, end: f.end });
  }
  return { fragments: out, reordered, joined };
}

/**
 * Makes a document fit a schema, as a brat import does: labels that are not valid names are
 * renamed (their spans relabelled, the tool's spelling kept as `exportName`); unknown labels,
 * attribute values, link types (and the labels they join) and event types (with their roles)
 * are added, each with a note. For Sourcemark's own dataset lines imported into another project.
 */
export function fitSchema(schema: ProjectSchema, doc: ArticleDoc, given?: Partial<Pick<ProjectSchema, 'labels' | 'linkTypes' | 'eventTypes'>>): { schema: ProjectSchema; doc: ArticleDoc; warnings: string[] } {
  const warnings: string[] = [];
  let next = schema;
  // Definitions the document brought (a dataset line's `schema`) are taken whole when new here.
  for (const def of given?.labels ?? []) {
    if (labelDef(next, def.name) || !LABEL_NAME.test(def.name)) continue;
    next = { ...next, labels: [...next.labels, def] };
    warnings.push(`Label "${def.name}" was not in the schema and has been added.`);
  }
  for (const def of given?.linkTypes ?? []) {
    if (linkTypeDef(next, def.name)) continue;
    next = { ...next, linkTypes: [...next.linkTypes, def] };
    warnings.push(`Link type "${def.name}" was not in the schema and has been added.`);
  }
  for (const def of given?.eventTypes ?? []) {
    if (eventTypeDef(next, def.name)) continue;
    next = { ...next, eventTypes: [...(next.eventTypes ?? []), def] };
    warnings.push(`Event type "${def.name}" was not in the schema and has been added.`);
  }
  const renamed = new Map<string, string>();
  const spans = doc.spans.map((s) => {
    let label = renamed.get(s.label) ?? s.label;
    if (!labelDef(next, label)) {
      const valid = validLabelName(next, s.label);
      if (!valid) throw new FormatError(`span ${s.id}'s label "${s.label}" cannot be a label name (a letter followed by letters, digits, _ or -)`);
      label = valid.name;
      renamed.set(s.label, label);
      if (!labelDef(next, label)) {
        next = withLabel(next, label, valid.renamed ? s.label : undefined);
        warnings.push(valid.renamed ? `label "${s.label}" is not a valid label name; it is named "${label}" in this project and written back as "${s.label}" on export.` : `Label "${label}" was not in the schema and has been added.`);
      }
    }
    for (const [name, value] of Object.entries(s.attributes)) {
      const def = labelDef(next, label)!.attributes.find((d) => d.name === name);
      if (def?.values.includes(value)) continue;
      next = { ...next, labels: next.labels.map((l) => (l.name !== label ? l : def ? { ...l, attributes: l.attributes.map((d) => (d === def ? { ...d, values: [...d.values, value] } : d)) } : { ...l, attributes: [...l.attributes, { name, values: [value] }] })) };
      warnings.push(def ? `Value "${value}" of ${label}'s ${name} was not in the schema and has been added.` : `Attribute ${name} of ${label} was not in the schema and has been added.`);
    }
    return label === s.label ? s : { ...s, label };
  });
  const byId = new Map(spans.map((s) => [s.id, s]));
  let relinked = false;
  const links = doc.links.map((l) => {
    const from = byId.get(l.from);
    const to = byId.get(l.to);
    if (!from || !to) return l; // validation names it
    let type = linkTypeDef(next, l.type);
    if (!type) {
      // A name the link-type rule refuses is made into one, keeping the spelling for export.
      next = LINK_TYPE_NAME.test(l.type)
        ? { ...next, linkTypes: [...next.linkTypes, { name: l.type, exportName: l.type, from: next.labels.map((x) => x.name), to: next.labels.map((x) => x.name) }] }
        : withLinkType(next, l.type);
      warnings.push(`Link type "${l.type}" was not in the schema and has been added.`);
      type = linkTypeDef(next, l.type)!;
    }
    if (!type.from.includes(from.label) || !type.to.includes(to.label)) {
      const t = type;
      next = { ...next, linkTypes: next.linkTypes.map((x) => (x === t ? { ...x, from: [...new Set([...x.from, from.label])], to: [...new Set([...x.to, to.label])] } : x)) };
      warnings.push(`Link type ${t.name} now also joins ${from.label} to ${to.label}.`);
    }
    if (l.type === type.name) return l;
    relinked = true;
    return { ...l, type: type.name };
  });
  for (const ev of doc.events ?? []) {
    const before = eventTypeDef(next, ev.type);
    next = withEventType(next, ev.type, ev.args.map((a) => a.role));
    if (!before) warnings.push(`Event type "${ev.type}" was not in the schema and has been added.`);
    for (const [name, value] of Object.entries(ev.attributes ?? {})) next = withEventAttribute(next, ev.type, name, value);
  }
  const fitted = renamed.size || relinked ? { ...doc, spans, links } : doc;
  return { schema: next, doc: fitted, warnings };
}

/** A first guess at a source's kind from its name; the user corrects it in the sources panel. */
export function guessKind(name: string): Source['kind'] {
  if (/\b(unnamed|anonymous|officials|sources|residents|people)\b/i.test(name)) return /unnamed|anonymous/i.test(name) ? 'anonymous' : 'group';
  if (/\b(ministry|agency|directorate|government|department|kremlin|council|office|police|army|forces|university|company|inc|ltd)\b/i.test(name)) return 'organization';
  if (/\b(report|statement|document|study)\b/i.test(name)) return 'document';
  return 'person';
}

