/**
 * brat standoff: parsing `.ann` files and writing them, and the `brat` export (a folder of
 * `.txt` + `.ann` with annotation.conf and visual.conf). Pure text in, data out.
 *
 * brat counts offsets in Unicode code points into the `.txt` as it is on disk (before any
 * normalisation), end exclusive; discontinuous spans are `s e;s e`. See brat's standoff format
 * documentation. Conversion to Sourcemark's model, with the label map and the offset map of
 * normalisation, is {@link bratToAnnotations}.
 */

import type { AnnotationEvent, Link, Source, Span } from '../model/types.js';
import { OffsetConverter, textOffset } from '../model/offsets.js';
import { labelAbbreviations, labelDef, labelExportName, linkTypeDef, type ProjectSchema } from '../model/schema.js';
import { withinSpans } from '../model/attribution.js';
import type { ArticleDoc } from '../model/types.js';
import type { ExportContext, Exporter } from './core.js';
import { FormatError, standoffToAnnotations, type StandoffEntity, type StandoffEvent, type StandoffImport, type StandoffOptions, type StandoffRelation } from './standoff.js';

export { FormatError } from './standoff.js';
/** @deprecated the names before the standoff builder was shared; kept for readers of old code. */
export type BratImport = StandoffImport;
export type BratImportOptions = StandoffOptions;

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

/**
 * Converts a brat `.txt` + `.ann` pair to spans, links, events and sources. Offsets are code
 * points into the text, which is kept exactly as given. Every span's text must equal the text at
 * its offsets, every relation and event must name existing spans: otherwise a
 * {@link FormatError} names the line. Attributes and notes may be on spans or events.
 */
export function bratToAnnotations(rawText: string, annText: string, opts: StandoffOptions): StandoffImport {
  const ann = parseAnn(annText);
  const entities = new Map<string, StandoffEntity>();
  for (const e of ann.entities) {
    if (entities.has(e.id)) throw new FormatError(`annotation id ${e.id} is used twice`, e.line);
    entities.set(e.id, { key: e.id, label: e.label, fragments: e.fragments, text: e.text, line: e.line });
  }
  const events = new Map<string, StandoffEvent>();
  for (const e of ann.events) {
    if (entities.has(e.id) || events.has(e.id)) throw new FormatError(`annotation id ${e.id} is used twice`, e.line);
    events.set(e.id, { type: e.type, trigger: e.trigger, args: e.args.map((a) => ({ role: a.role, key: a.id })), line: e.line });
  }
  const target = (id: string, line: number): StandoffEntity => entities.get(id) ?? (() => {
    throw new FormatError(`${id} does not name a text-bound annotation (T) in this file`, line);
  })();
  const relations = new Map(ann.relations.map((r) => [r.id, { type: r.type, from: r.arg1, to: r.arg2, line: r.line } as StandoffRelation]));
  const spanOrEvent = (id: string, line: number): StandoffEntity | StandoffEvent => events.get(id) ?? target(id, line);
  for (const a of ann.attributes) {
    const t = spanOrEvent(a.target, a.line);
    t.attributes = { ...t.attributes, [a.name]: a.value };
  }
  for (const n of ann.normalizations) target(n.target, n.line).source = { ref: n.ref, name: n.text.trim() || n.ref };
  for (const note of ann.notes) {
    const t = relations.get(note.target) ?? spanOrEvent(note.target, note.line);
    t.note = t.note !== undefined ? `${t.note}\n${note.note}` : note.note;
  }
  return standoffToAnnotations({
    text: rawText, unit: 'codepoint', entities: [...entities.values()],
    relations: [...relations.values()],
    events: [...events.values()],
  }, opts);
}

/** Options for {@link annotationsToBrat}. */
export type BratExportOptions = { schema: ProjectSchema; sources: Readonly<Record<string, Source>>; events?: readonly AnnotationEvent[] };

/** True for a binary attribute (brat writes `A1 Negated T1`, with no value): its only value is "true". */
const isBinary = (schema: ProjectSchema, label: string | undefined, name: string, value: string): boolean => {
  if (value !== 'true') return false;
  const defs = label ? labelDef(schema, label)?.attributes.filter((a) => a.name === name) : schema.labels.flatMap((l) => l.attributes.filter((a) => a.name === name));
  return !defs?.length || defs.every((d) => d.values.length === 1 && d.values[0] === 'true');
};

/**
 * Writes spans, links and events as a brat `.ann`, offsets in code points into `text`. Spans
 * become `T` lines (fragments as `s e;s e`, labels in their export spelling), attributes `A`,
 * sources `N` (`Reference T1 <ref>\t<name>`), notes `#` (one per line of the note), links `R`
 * with the link type's export name, events `E` (`Type:T1 Role:T2 Role2:T3`, a repeated role
 * numbered as brat does) with their attributes and notes. Links derived from an event are not
 * written: the event is.
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
    out.push(`${t}\t${labelExportName(opts.schema, s.label)} ${offs}\t${body}`);
    for (const [name, value] of Object.entries(s.attributes)) out.push(`A${++a}\t${name} ${t}${isBinary(opts.schema, s.label, name, value) ? '' : ` ${value}`}`);
    if (s.sourceId) {
      const src = opts.sources[s.sourceId];
      const ref = src?.externalId && /^\S+:\S+$/.test(src.externalId) ? src.externalId : `sources:${s.sourceId}`;
      out.push(`N${++n}\tReference ${t} ${ref}\t${(src?.name ?? s.sourceId).replace(/[\t\n]/g, ' ')}`);
    }
    if (s.note !== undefined) for (const line of s.note.split('\n')) out.push(`#${++note}\tAnnotatorNotes ${t}\t${line.replace(/\t/g, ' ')}`);
  });
  links.filter((l) => l.event === undefined || !opts.events?.some((e) => e.id === l.event)).forEach((l, i) => {
    const type = linkTypeDef(opts.schema, l.type);
    out.push(`R${i + 1}\t${type?.exportName ?? l.type} Arg1:${tid.get(l.from)} Arg2:${tid.get(l.to)}`);
    if (l.note !== undefined) for (const line of l.note.split('\n')) out.push(`#${++note}\tAnnotatorNotes R${i + 1}\t${line.replace(/\t/g, ' ')}`);
  });
  (opts.events ?? []).forEach((ev, i) => {
    const e = `E${i + 1}`;
    const seen = new Map<string, number>();
    const args = ev.args.filter((x) => tid.has(x.spanId)).map((x) => {
      const n = (seen.get(x.role) ?? 0) + 1;
      seen.set(x.role, n);
      return `${x.role}${n > 1 ? n : ''}:${tid.get(x.spanId)}`;
    });
    // brat needs a trigger; an event without one (made elsewhere) is anchored on its first argument.
    const trigger = ev.trigger && tid.has(ev.trigger) ? tid.get(ev.trigger) : tid.get(ev.args.find((x) => tid.has(x.spanId))?.spanId ?? '');
    if (!trigger) return;
    out.push(`${e}\t${ev.type}:${trigger}${args.length ? ' ' + args.join(' ') : ''}`);
    for (const [name, value] of Object.entries(ev.attributes ?? {})) out.push(`A${++a}\t${name} ${e}${value === 'true' ? '' : ` ${value}`}`);
    if (ev.note !== undefined) for (const line of ev.note.split('\n')) out.push(`#${++note}\tAnnotatorNotes ${e}\t${line.replace(/\t/g, ' ')}`);
  });
  return out.join('\n') + (out.length ? '\n' : '');
}

function bratConf(ctx: ExportContext): { name: string; content: string }[] {
  const labels = ctx.schema.labels;
  const abbr = labelAbbreviations(labels);
  const brat = (name: string) => labelExportName(ctx.schema, name);
  const list = (names: readonly string[]) => (names.length ? names.map(brat).join('|') : '<ENTITY>');
  const events = ctx.schema.eventTypes ?? [];
  // A binary attribute (its only value "true") is declared without values, as brat writes it.
  const attr = (name: string, arg: string, values: readonly string[]) => `${name}\tArg:${arg}${values.length === 1 && values[0] === 'true' ? '' : `, Value:${values.join('|')}`}`;
  const conf = [
    '# brat annotation configuration written by Sourcemark',
    // A trigger's label that names an event type is that event's, not an entity (brat's rule).
    '[entities]', ...labels.filter((l) => !events.some((t) => t.name === brat(l.name))).map((l) => brat(l.name)),
    '', '[relations]',
    ...ctx.schema.linkTypes.map((t) => `${t.exportName}\tArg1:${list(t.from)}, Arg2:${list(t.to)}`),
    '# nested and overlapping spans of any labels are allowed',
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    // Each role may appear any number of times ("*"), as in the events Sourcemark read.
    '', '[events]', ...events.map((t) => `${t.name}\t${t.roles.map((r) => `${r}*:<ENTITY>`).join(', ')}`.trimEnd()),
    '', '[attributes]',
    ...labels.flatMap((l) => l.attributes.map((a) => attr(a.name, brat(l.name), a.values))),
    ...events.flatMap((t) => t.attributes.map((a) => attr(a.name, t.name, a.values))),
    '',
  ];
  const visual = [
    '[labels]', ...labels.map((l) => `${brat(l.name)} | ${l.name} | ${abbr.get(l.name)}`),
    ...ctx.schema.linkTypes.map((t) => `${t.exportName} | ${t.name}`),
    ...events.filter((t) => !labels.some((l) => brat(l.name) === t.name)).map((t) => `${t.name} | ${t.name}`),
    '', '[drawing]', ...labels.map((l) => `${brat(l.name)}\tbgColor:${l.color}, fgColor:white`),
    ...ctx.schema.linkTypes.map((t) => `${t.exportName}\tcolor:#555555, dashArray:-, arrowHead:triangle-5`),
    'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken',
    'ARC_DEFAULT\tcolor:black, arrowHead:triangle-5',
    '',
  ];
  return [{ name: 'annotation.conf', content: conf.join('\n') }, { name: 'visual.conf', content: visual.join('\n') }];
}

export const bratExporter: Exporter = {
  name: 'brat', description: 'brat standoff: a folder of .txt + .ann with annotation.conf and visual.conf', kind: 'folder', defaultUnit: 'codepoint', extension: '',
  files: (doc, ctx) => {
    if (ctx.unit !== 'codepoint') ctx.warn('brat counts code points; the export uses code points whatever --offsets says.');
    const stem = documentName(doc, ctx);
    const { events, links } = withinSpans(doc);
    return [
      { name: `${stem}.txt`, content: doc.article.text },
      { name: `${stem}.ann`, content: annotationsToBrat(doc.article.text, doc.spans, links, { schema: ctx.schema, sources: ctx.sources, events }) },
    ];
  },
  extra: bratConf,
};

/** Names already given in an export, per export (its context), lower-cased: file systems may ignore case. */
const namesGiven = new WeakMap<ExportContext, Set<string>>();

/**
 * The name of an article's files in a folder export: the stem of the file it came from
 * (`provenance.origin` `…/news_017.txt` → `news_017`), so a collection goes back where it was;
 * the article's id for an article that came from no file (a paste, a URL, a row of a bulk
 * file). Made unique within one export (`news_017-2`).
 */
export function documentName(doc: ArticleDoc, ctx: ExportContext): string {
  let given = namesGiven.get(ctx);
  if (!given) namesGiven.set(ctx, (given = new Set()));
  const origin = doc.article.provenance.origin;
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(origin) ? '' : origin.split(/[\\/]/).pop() ?? '';
  const m = /^(.+)\.(txt|html?|md|text)$/i.exec(base);
  const stem = (m ? m[1]! : doc.article.id).replace(/[\p{Cc}<>:"|?*]/gu, '_').replace(/^\.+/, '_');
  let name = stem;
  for (let n = 2; given.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
  given.add(name.toLowerCase());
  return name;
}

// ---- pairing files ---------------------------------------------------------------------------

/** A brat document is a `.txt`; its annotations are the `.ann` of the same name beside it. */
export const BRAT_DOCUMENT = '.txt';
export const BRAT_ANNOTATIONS = '.ann';

/** True for a brat annotation file (`.ann`, any case). */
export const isAnnFile = (name: string): boolean => /\.ann$/i.test(name);

/**
 * The `.ann` that goes with a document: `a.txt` → `a.ann`; any other name gets `.ann` appended
 * (`a.html` → `a.html.ann`), for a forced `brat` reader, which reads a file of any name.
 */
export const annFileOf = (name: string): string => (/\.txt$/i.test(name) ? name.replace(/\.txt$/i, '.ann') : `${name}.ann`);

/** The document a `.ann` belongs to: `a.ann` → `a.txt`. */
export const txtFileOf = (annName: string): string => annName.replace(/\.ann$/i, '.txt');

/**
 * One file of a batch, paired: a document with the name of its `.ann` when there is one, or a
 * `.ann` with whether its `.txt` is there (then it is read with that document, not alone).
 */
export type PairedFile = { name: string; role: 'document'; ann?: string } | { name: string; role: 'ann'; txt: string; paired: boolean };

/**
 * Pairs brat files, the one rule every importer follows (the command line, the Api and the
 * renderer's file picker): a `.ann` goes with the `.txt` of the same name (see {@link annFileOf}
 * and {@link txtFileOf}), every other file is a document. `exists` says whether a name is there
 * (by default: it is one of `names`; the command line asks the file system). One entry per name,
 * in the order given. Pure: it only compares names.
 */
export function pairStandoffFiles(names: readonly string[], exists?: (name: string) => boolean): PairedFile[] {
  const has = exists ?? ((set) => (n: string) => set.has(n))(new Set(names));
  return names.map((name): PairedFile => {
    if (isAnnFile(name)) {
      const txt = txtFileOf(name);
      return { name, role: 'ann', txt, paired: has(txt) };
    }
    const ann = annFileOf(name);
    return has(ann) ? { name, role: 'document', ann } : { name, role: 'document' };
  });
}
