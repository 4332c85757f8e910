/**
 * The project's annotation schema: which labels exist, their colours, keys and attributes, and
 * which link types may join which labels. A project may change its schema; data that no longer
 * fits is reported by validation, never dropped. What the schema editor checks before a
 * change is in annotations/model/schema-edit.ts.
 *
 * Must not: know the app's keys (the renderer passes them in) nor read any article.
 */

import { z } from 'zod';

/** An attribute a label's spans may carry, e.g. a quote's QuoteType. */
export const AttributeDefSchema = z.object({
  name: z.string().min(1),
  /** Allowed values; the first is not a default, an unset attribute is simply absent. */
  values: z.array(z.string().min(1)).min(1),
  /** Keyboard keys that set each value in the workbench, index-aligned with `values`. */
  keys: z.array(z.string()).optional(),
  description: z.string().optional(),
});
export type AttributeDef = z.infer<typeof AttributeDefSchema>;

/** The label-name rule: what the schema accepts as a label's name (see {@link validLabelName}). */
export const LABEL_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export const LabelDefSchema = z.object({
  name: z.string().min(1).regex(LABEL_NAME, 'a label name is a letter followed by letters, digits, _ or -'),
  /**
   * The spelling of this label in brat and the other tools, when it differs from `name`: an
   * imported label such as `Source.Person`, which the label-name rule refuses, is named
   * `Source-Person` here and written back as `Source.Person`.
   */
  exportName: z.string().min(1).optional(),
  /** CSS hex colour, `#rrggbb`. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** The key that applies this label in the workbench ("1"). */
  key: z.string().max(1).optional(),
  description: z.string().optional(),
  attributes: z.array(AttributeDefSchema).default([]),
  /** True for labels whose spans name a source (speaker mentions). */
  refersToSource: z.boolean().default(false),
});
export type LabelDef = z.infer<typeof LabelDefSchema>;

/** The link-type-name rule. */
export const LINK_TYPE_NAME = /^[a-z][a-z0-9-]*$/;

export const LinkTypeDefSchema = z.object({
  name: z.string().min(1).regex(LINK_TYPE_NAME, 'a link type is lower-case letters, digits and -'),
  /** The spelling of this type in brat, doccano and Label Studio ("SaidBy"). */
  exportName: z.string().min(1),
  from: z.array(z.string()).min(1),
  to: z.array(z.string()).min(1),
  description: z.string().optional(),
});
export type LinkTypeDef = z.infer<typeof LinkTypeDefSchema>;

/**
 * An event type: a structure of role-named arguments around an optional trigger span, such as
 * brat's `Attribution` event with its `Source`, `Cue` and `Content` roles (PARC, PolNeAR).
 */
export const EventTypeDefSchema = z.object({
  name: z.string().min(1).regex(/^\S+$/, 'an event type is one word'),
  /** The roles its arguments may take, in the order they are written. */
  roles: z.array(z.string().min(1).regex(/^\S+$/, 'a role is one word')),
  /** Labels its trigger span may have; empty allows any label. */
  triggers: z.array(z.string()).default([]),
  /** Attributes its events may carry (brat's `A1 Negated E1`). */
  attributes: z.array(AttributeDefSchema).default([]),
  description: z.string().optional(),
});
export type EventTypeDef = z.infer<typeof EventTypeDefSchema>;

export const ProjectSchemaSchema = z.object({
  labels: z.array(LabelDefSchema).min(1),
  linkTypes: z.array(LinkTypeDefSchema),
  /** Event types (attributions as one unit); empty in projects that use links only. */
  eventTypes: z.array(EventTypeDefSchema).default([]),
  /** The verdict scale claims are rated on, worst to best (ClaimReview's ratingValue is the index + 1). */
  verdictScale: z.array(z.string().min(1)).min(2),
});
export type ProjectSchema = z.infer<typeof ProjectSchemaSchema>;

/** The verdict scale a new project starts with. */
export const DEFAULT_VERDICT_SCALE = ['False', 'Mostly false', 'Mixed', 'Mostly true', 'True'];

/** The schema a new project starts with: Speaker, Quote, Claim, Cue and the three link types. */
export function defaultSchema(): ProjectSchema {
  return {
    labels: [
      {
        name: 'Speaker', color: '#1f77b4', key: '1', refersToSource: true, attributes: [],
        description: 'A mention of who is quoted or makes a claim: a name, a role, a pronoun ("he", "the agency").',
      },
      {
        name: 'Quote', color: '#d62728', key: '2', refersToSource: false,
        description: 'What a speaker said, direct (with its quotation marks) or reported (without "that").',
        attributes: [{ name: 'QuoteType', values: ['Direct', 'Indirect', 'Mixed'], keys: ['d', 'i', 'm'] }],
      },
      {
        name: 'Claim', color: '#2ca02c', key: '3', refersToSource: false,
        description: 'A checkable statement of fact; it may sit inside a quote.',
        attributes: [
          { name: 'CheckWorthy', values: ['yes', 'no'] },
          { name: 'Verdict', values: [...DEFAULT_VERDICT_SCALE] },
        ],
      },
      {
        name: 'Cue', color: '#9467bd', key: '4', refersToSource: false, attributes: [],
        description: 'The reporting word that introduces a quote ("said", "insisted").',
      },
    ],
    linkTypes: [
      { name: 'said-by', exportName: 'SaidBy', from: ['Quote'], to: ['Speaker'], description: 'Who said the quote.' },
      { name: 'cue-of', exportName: 'CueOf', from: ['Cue'], to: ['Quote'], description: 'The reporting word of a quote.' },
      { name: 'claimed-by', exportName: 'ClaimedBy', from: ['Claim'], to: ['Speaker'], description: 'Who made the claim.' },
    ],
    eventTypes: [],
    verdictScale: [...DEFAULT_VERDICT_SCALE],
  };
}

/** Finds a label by name. */
export const labelDef = (schema: ProjectSchema, name: string): LabelDef | undefined =>
  schema.labels.find((l) => l.name === name);

/** A label's spelling in other tools: its export name, else its name. */
export const labelExportName = (schema: ProjectSchema, name: string): string => labelDef(schema, name)?.exportName ?? name;

/** Finds an event type by name. */
export const eventTypeDef = (schema: ProjectSchema, name: string): EventTypeDef | undefined =>
  (schema.eventTypes ?? []).find((t) => t.name === name);

/**
 * The label a tool's label name becomes: the name itself when the label-name rule accepts it,
 * else the label already imported under that spelling (its `exportName`), else a valid name made
 * from it (`Source.Person` → `Source-Person`, `42` → `L-42`, `人物` → `Label-4eba-7269`; made
 * unique), or undefined for an empty name (then the caller refuses the file, naming the label).
 * Returns whether it had to rename.
 */
export function validLabelName(schema: ProjectSchema, toolName: string): { name: string; renamed: boolean } | undefined {
  if (LABEL_NAME.test(toolName)) return { name: toolName, renamed: false };
  const known = schema.labels.find((l) => l.exportName === toolName);
  if (known) return { name: known.name, renamed: true };
  if (!toolName.trim()) return undefined;
  let base = toolName.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/[A-Za-z0-9]/.test(base)) base = `Label-${[...toolName.trim()].map((c) => c.codePointAt(0)!.toString(16)).join('-')}`;
  else if (!/^[A-Za-z]/.test(base)) base = `L-${base}`;
  base = base.slice(0, 60).replace(/-+$/, '');
  let name = base;
  for (let n = 2; labelDef(schema, name); n++) name = `${base}-${n}`;
  return { name, renamed: true };
}

/** An event type with an attribute value added (or the same schema when it has it). */
export function withEventAttribute(schema: ProjectSchema, type: string, name: string, value: string): ProjectSchema {
  const t = eventTypeDef(schema, type);
  if (!t) return schema;
  const def = t.attributes.find((a) => a.name === name);
  if (def?.values.includes(value)) return schema;
  const attributes = def ? t.attributes.map((a) => (a === def ? { ...a, values: [...a.values, value] } : a)) : [...t.attributes, { name, values: [value] }];
  return { ...schema, eventTypes: schema.eventTypes.map((x) => (x === t ? { ...x, attributes } : x)) };
}

/** Adds an event type the schema does not know, or the roles it lacks. Returns the same schema when nothing is new. */
export function withEventType(schema: ProjectSchema, name: string, roles: readonly string[]): ProjectSchema {
  const types = schema.eventTypes ?? [];
  const old = types.find((t) => t.name === name);
  if (old && roles.every((r) => old.roles.includes(r))) return schema;
  const next = old ? { ...old, roles: [...new Set([...old.roles, ...roles])] } : { name, roles: [...new Set(roles)], triggers: [], attributes: [] };
  return { ...schema, eventTypes: old ? types.map((t) => (t === old ? next : t)) : [...types, next] };
}

/** Finds a link type by its name or its export spelling ("said-by" or "SaidBy"). */
export const linkTypeDef = (schema: ProjectSchema, name: string): LinkTypeDef | undefined =>
  schema.linkTypes.find((t) => t.name === name || t.exportName === name);

/**
 * Adds a label the schema does not know (an importer met it), with a colour from a fixed palette,
 * so that unknown labels are kept, never dropped. Returns the same schema when it is known.
 */
export function withLabel(schema: ProjectSchema, name: string, exportName?: string): ProjectSchema {
  if (labelDef(schema, name)) return schema;
  const palette = ['#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#ff7f0e', '#393b79', '#637939'];
  const color = palette[schema.labels.length % palette.length]!;
  return { ...schema, labels: [...schema.labels, { name, color, attributes: [], refersToSource: false, ...(exportName && exportName !== name ? { exportName } : {}) }] };
}

/** Adds a link type the schema does not know, allowed between any labels. */
export function withLinkType(schema: ProjectSchema, exportName: string): ProjectSchema {
  if (linkTypeDef(schema, exportName)) return schema;
  const base = exportName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, 'x');
  // Unique: "Said By" must not become a second "said-by".
  let name = base;
  for (let n = 2; schema.linkTypes.some((t) => t.name === name); n++) name = `${base}-${n}`;
  const all = schema.labels.map((l) => l.name);
  return { ...schema, linkTypes: [...schema.linkTypes, { name, exportName, from: all, to: all }] };
}

/**
 * Short, unique abbreviations of label names (shortest distinct prefixes: Speaker "S", Claim
 * "Cl", Cue "Cu"), shown beside colours so colour is never the only signal.
 */
export function labelAbbreviations(labels: readonly { name: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of labels) {
    let n = 1;
    while (n < l.name.length && labels.some((o) => o !== l && o.name.slice(0, n).toLowerCase() === l.name.slice(0, n).toLowerCase())) n++;
    out.set(l.name, l.name.slice(0, n));
  }
  return out;
}

/** How often each label, link type and attribute value is used (`Quote/QuoteType=Direct`). */
export type SchemaUsage = { labels: Record<string, number>; linkTypes: Record<string, number>; attributes: Record<string, number>; eventTypes?: Record<string, number> };

/**
 * Which articles use each part of the schema, by title, keyed like {@link usageKey}
 * (`label:Quote`, `link:said-by`, `event:Attribution`, `attr:Quote/QuoteType=Direct`).
 */
export type SchemaUsageWhere = Record<string, string[]>;

/** The key of a part of the schema in a {@link SchemaUsageWhere}. */
export const usageKey = (kind: 'label' | 'link' | 'event' | 'attr', name: string): string => `${kind}:${name}`;

/** What an article's list row (or index entry) says of its use of the schema. */
export type UsageRow = {
  title: string;
  counts: Record<string, number>;
  linkTypes?: Record<string, number> | undefined;
  attributes?: Record<string, number> | undefined;
  eventTypes?: Record<string, number> | undefined;
};

/** The usage of the schema over `rows` (the article list or the index), with where each part is used. */
export function schemaUsageOfRows(rows: readonly UsageRow[]): { usage: Required<SchemaUsage>; where: SchemaUsageWhere } {
  const usage: Required<SchemaUsage> = { labels: {}, linkTypes: {}, attributes: {}, eventTypes: {} };
  const where: SchemaUsageWhere = {};
  const add = (into: Record<string, number>, kind: Parameters<typeof usageKey>[0], title: string, from: Record<string, number> | undefined) => {
    for (const [k, n] of Object.entries(from ?? {})) {
      if (n <= 0) continue;
      into[k] = (into[k] ?? 0) + n;
      (where[usageKey(kind, k)] ??= []).push(title);
    }
  };
  for (const r of rows) {
    add(usage.labels, 'label', r.title, r.counts);
    add(usage.linkTypes, 'link', r.title, r.linkTypes);
    add(usage.eventTypes, 'event', r.title, r.eventTypes);
    add(usage.attributes, 'attr', r.title, r.attributes);
  }
  return { usage, where };
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** " in 2 articles ("A", "B")": where a part is used, at most three titles named; empty when unknown. */
export function whereText(where: SchemaUsageWhere | undefined, key: string): string {
  const titles = where?.[key];
  if (!titles?.length) return '';
  const shown = titles.slice(0, 3).map((t) => `"${t.length > 60 ? `${t.slice(0, 59)}…` : t}"`).join(', ');
  return ` in ${plural(titles.length, 'article')} (${shown}${titles.length > 3 ? `, and ${titles.length - 3} more` : ''})`;
}

/**
 * What a schema change would orphan: labels, link types or attribute values that are in use
 * and that `next` no longer has. Empty when the change drops nothing; a store refuses the
 * change otherwise, so existing data is never silently dropped. With `where`, each problem also
 * names the articles that use it.
 */
export function schemaChangeProblems(next: ProjectSchema, usage: SchemaUsage, where?: SchemaUsageWhere): string[] {
  const problems: string[] = [];
  for (const [label, n] of Object.entries(usage.labels)) {
    if (n > 0 && !labelDef(next, label)) problems.push(`Label ${label} is used by ${plural(n, 'span')}${whereText(where, usageKey('label', label))}; relabel or remove them first.`);
  }
  for (const [type, n] of Object.entries(usage.linkTypes)) {
    if (n > 0 && !next.linkTypes.some((t) => t.name === type)) problems.push(`Link type ${type} is used by ${plural(n, 'link')}${whereText(where, usageKey('link', type))}; remove them first.`);
  }
  for (const [type, n] of Object.entries(usage.eventTypes ?? {})) {
    if (n > 0 && !eventTypeDef(next, type)) problems.push(`Event type ${type} is used by ${plural(n, 'event')}${whereText(where, usageKey('event', type))}; remove them first.`);
  }
  for (const [key, n] of Object.entries(usage.attributes)) {
    const m = /^([^/]+)\/([^=]+)=(.*)$/.exec(key);
    if (!m || n === 0) continue;
    const [, label, attr, value] = m;
    if (!labelDef(next, label!)) continue; // reported with the label
    const def = labelDef(next, label!)!.attributes.find((a) => a.name === attr);
    if (!def || !def.values.includes(value!)) problems.push(`${label}'s ${attr} "${value}" is set on ${plural(n, 'span')}${whereText(where, usageKey('attr', key))}; change them first.`);
  }
  return problems;
}
