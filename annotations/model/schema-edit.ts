/**
 * The pure checks and edits of the schema editor: renaming a label (and what refers to it),
 * setting the verdict scale, and every problem a proposed schema has (names, keys, what in use
 * it would orphan, and where) before it is sent.
 *
 * Must not: know the app's keys (the renderer passes them in) nor read any article.
 */
import { ProjectSchemaSchema, labelDef, plural, schemaChangeProblems, usageKey, whereText, type ProjectSchema, type SchemaUsage, type SchemaUsageWhere } from './schema.js';

/**
 * Renames label `from` to `to`, with its mentions in link types (`from`/`to`) and event
 * triggers. The spans are not touched: renaming a label that spans use is refused by
 * {@link schemaEditProblems}. Returns the same schema when there is no such label.
 */
export function renameLabel(schema: ProjectSchema, from: string, to: string): ProjectSchema {
  if (from === to || !labelDef(schema, from)) return schema;
  const swap = (names: readonly string[]): string[] => names.map((n) => (n === from ? to : n));
  return {
    ...schema,
    labels: schema.labels.map((l) => (l.name === from ? { ...l, name: to } : l)),
    linkTypes: schema.linkTypes.map((t) => ({ ...t, from: swap(t.from), to: swap(t.to) })),
    eventTypes: schema.eventTypes.map((t) => ({ ...t, triggers: swap(t.triggers) })),
  };
}

/**
 * Sets the verdict scale (worst to best). Every label attribute named `Verdict` whose values were
 * the old scale takes the new one, so a claim's Verdict stays a point of the scale; its keys are
 * kept only when the number of values is unchanged.
 */
export function withVerdictScale(schema: ProjectSchema, scale: readonly string[]): ProjectSchema {
  const old = schema.verdictScale.join('\u0000');
  const labels = schema.labels.map((l) => ({
    ...l,
    attributes: l.attributes.map((a) => {
      if (a.name !== 'Verdict' || a.values.join('\u0000') !== old) return a;
      const { keys, ...rest } = a;
      return { ...rest, values: [...scale], ...(keys && keys.length === scale.length ? { keys } : {}) };
    }),
  }));
  return { ...schema, labels, verdictScale: [...scale] };
}

/** What a schema editor's change is checked against: who uses what, and the keys the app keeps for itself. */
export type SchemaEditContext = {
  usage: SchemaUsage;
  where?: SchemaUsageWhere;
  /** Labels renamed in this change: new name → the name saved now. */
  renamed?: Readonly<Record<string, string>>;
  /** What the app does with a key already (`"link (L)"`), or undefined when it is free. */
  reservedKey?: (key: string) => string | undefined;
};

/** Two entries of `names` that are the same, case-insensitively (the first found), or undefined. */
const duplicate = (names: readonly string[]): string | undefined => {
  const seen = new Set<string>();
  for (const n of names) {
    const k = n.toLowerCase();
    if (seen.has(k)) return n;
    seen.add(k);
  }
  return undefined;
};

/**
 * Every reason to refuse `next` as the project's new schema, in sentences; empty when it may be
 * saved. It checks the format (names, colours, one-character keys), that no two labels share a
 * name or a key, that no key is one the app keeps (`reservedKey`) or one of the label's attribute
 * keys, that link types name known labels, and that nothing in use is orphaned (with
 * {@link schemaChangeProblems}): a used label that is renamed is refused, naming its spans, as
 * the spans would keep the old name.
 */
export function schemaEditProblems(next: ProjectSchema, ctx: SchemaEditContext): string[] {
  const problems: string[] = [];
  const parsed = ProjectSchemaSchema.safeParse(next);
  if (!parsed.success) {
    for (const i of parsed.error.issues.slice(0, 5)) {
      const [part, index, ...rest] = i.path;
      const item = typeof index === 'number' ? (next as Record<string, unknown[]>)[String(part)]?.[index] as { name?: string } | undefined : undefined;
      problems.push(`${item?.name ? `${String(part) === 'labels' ? 'Label' : 'Link type'} "${item.name}"` : String(part)}${rest.length ? ` (${rest.join('.')})` : ''}: ${i.message}.`);
    }
  }
  const dupLabel = duplicate(next.labels.map((l) => l.name));
  if (dupLabel) problems.push(`Two labels are named ${dupLabel}; each label needs its own name.`);
  const keyOwner = new Map<string, string>();
  for (const l of next.labels) {
    if (!l.key) continue;
    const k = l.key.toLowerCase();
    const other = keyOwner.get(k);
    if (other) problems.push(`Key ${l.key} is taken by ${other}; ${l.name} needs another key.`);
    else keyOwner.set(k, l.name);
    const used = ctx.reservedKey?.(l.key);
    if (used) problems.push(`Key ${l.key} of ${l.name} is taken by “${used}”; choose another.`);
    if (l.key === ' ') problems.push(`${l.name}'s key cannot be a space.`);
  }
  for (const l of next.labels) {
    const dupAttr = duplicate(l.attributes.map((a) => a.name));
    if (dupAttr) problems.push(`${l.name} has two attributes named ${dupAttr}.`);
    const attrKeys = new Map<string, string>();
    for (const a of l.attributes) {
      const dupValue = duplicate(a.values);
      if (dupValue) problems.push(`${l.name}'s ${a.name} has the value ${dupValue} twice.`);
      if ((a.keys?.length ?? 0) > a.values.length) problems.push(`${l.name}'s ${a.name} has more keys than values.`);
      for (const [i, key] of (a.keys ?? []).entries()) {
        if (!key) continue;
        const k = key.toLowerCase();
        const what = `${l.name}'s ${a.name} "${a.values[i] ?? '?'}"`;
        if (key.length !== 1) problems.push(`The key of ${what} must be one character.`);
        else if (attrKeys.has(k)) problems.push(`Key ${key} of ${what} is taken by ${attrKeys.get(k)}.`);
        else if (keyOwner.has(k)) problems.push(`Key ${key} of ${what} is the key of label ${keyOwner.get(k)}.`);
        else if (ctx.reservedKey?.(key)) problems.push(`Key ${key} of ${what} is taken by “${ctx.reservedKey(key)}”; choose another.`);
        attrKeys.set(k, what);
      }
    }
  }
  const dupLink = duplicate(next.linkTypes.map((t) => t.name));
  if (dupLink) problems.push(`Two link types are named ${dupLink}.`);
  for (const t of next.linkTypes) {
    const unknown = [...t.from, ...t.to].filter((n) => !labelDef(next, n));
    if (unknown.length) problems.push(`Link type ${t.name} names ${[...new Set(unknown)].join(', ')}, which ${unknown.length === 1 ? 'is not a label' : 'are not labels'}.`);
  }
  const dupVerdict = duplicate(next.verdictScale);
  if (dupVerdict) problems.push(`The verdict scale has ${dupVerdict} twice.`);
  // Renamed labels in use: the spans keep their label, so the rename is refused, naming them.
  const renamedUsed = new Set<string>();
  for (const [to, from] of Object.entries(ctx.renamed ?? {})) {
    const n = ctx.usage.labels[from] ?? 0;
    if (n > 0 && !labelDef(next, from) && labelDef(next, to)) {
      renamedUsed.add(from);
      problems.push(`Label ${from} cannot be renamed to ${to}: ${plural(n, 'span')}${whereText(ctx.where, usageKey('label', from))} use it. Add ${to} as a new label, relabel those spans, then remove ${from}.`);
    }
  }
  const usage = renamedUsed.size
    ? { ...ctx.usage, labels: Object.fromEntries(Object.entries(ctx.usage.labels).filter(([l]) => !renamedUsed.has(l))) }
    : ctx.usage;
  problems.push(...schemaChangeProblems(next, usage, ctx.where));
  return problems;
}
