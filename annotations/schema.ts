/**
 * The project's annotation schema: which labels exist, their colours, keys and attributes, and
 * which link types may join which labels. A project may change its schema; data that no longer
 * fits is reported by validation, never dropped.
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

export const LabelDefSchema = z.object({
  name: z.string().min(1).regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a label name is a letter followed by letters, digits, _ or -'),
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

export const LinkTypeDefSchema = z.object({
  name: z.string().min(1).regex(/^[a-z][a-z0-9-]*$/, 'a link type is lower-case letters, digits and -'),
  /** The spelling of this type in brat, doccano and Label Studio ("SaidBy"). */
  exportName: z.string().min(1),
  from: z.array(z.string()).min(1),
  to: z.array(z.string()).min(1),
  description: z.string().optional(),
});
export type LinkTypeDef = z.infer<typeof LinkTypeDefSchema>;

export const ProjectSchemaSchema = z.object({
  labels: z.array(LabelDefSchema).min(1),
  linkTypes: z.array(LinkTypeDefSchema),
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
    verdictScale: [...DEFAULT_VERDICT_SCALE],
  };
}

/** Finds a label by name. */
export const labelDef = (schema: ProjectSchema, name: string): LabelDef | undefined =>
  schema.labels.find((l) => l.name === name);

/** Finds a link type by its name or its export spelling ("said-by" or "SaidBy"). */
export const linkTypeDef = (schema: ProjectSchema, name: string): LinkTypeDef | undefined =>
  schema.linkTypes.find((t) => t.name === name || t.exportName === name);

/**
 * Adds a label the schema does not know (an importer met it), with a colour from a fixed palette,
 * so that unknown labels are kept, never dropped. Returns the same schema when it is known.
 */
export function withLabel(schema: ProjectSchema, name: string): ProjectSchema {
  if (labelDef(schema, name)) return schema;
  const palette = ['#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#ff7f0e', '#393b79', '#637939'];
  const color = palette[schema.labels.length % palette.length]!;
  return { ...schema, labels: [...schema.labels, { name, color, attributes: [], refersToSource: false }] };
}

/** Adds a link type the schema does not know, allowed between any labels. */
export function withLinkType(schema: ProjectSchema, exportName: string): ProjectSchema {
  if (linkTypeDef(schema, exportName)) return schema;
  const name = exportName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, 'x');
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
export type SchemaUsage = { labels: Record<string, number>; linkTypes: Record<string, number>; attributes: Record<string, number> };

/**
 * What a schema change would orphan: labels, link types or attribute values that are in use
 * and that `next` no longer has. Empty when the change drops nothing; a store refuses the
 * change otherwise, so existing data is never silently dropped.
 */
export function schemaChangeProblems(next: ProjectSchema, usage: SchemaUsage): string[] {
  const problems: string[] = [];
  for (const [label, n] of Object.entries(usage.labels)) {
    if (n > 0 && !labelDef(next, label)) problems.push(`Label ${label} is used by ${n} span${n === 1 ? '' : 's'}; relabel or remove them first.`);
  }
  for (const [type, n] of Object.entries(usage.linkTypes)) {
    if (n > 0 && !next.linkTypes.some((t) => t.name === type)) problems.push(`Link type ${type} is used by ${n} link${n === 1 ? '' : 's'}; remove them first.`);
  }
  for (const [key, n] of Object.entries(usage.attributes)) {
    const m = /^([^/]+)\/([^=]+)=(.*)$/.exec(key);
    if (!m || n === 0) continue;
    const [, label, attr, value] = m;
    if (!labelDef(next, label!)) continue; // reported with the label
    const def = labelDef(next, label!)!.attributes.find((a) => a.name === attr);
    if (!def || !def.values.includes(value!)) problems.push(`${label}'s ${attr} "${value}" is set on ${n} span${n === 1 ? '' : 's'}; change them first.`);
  }
  return problems;
}
