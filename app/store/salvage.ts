/**
 * Salvage of a `sourcemark.json` that failed validation, so the project can still be opened
 * read-only with what can be read (labels and link types whose only fault is their name keep it).
 *
 * Must not: write anything, or be used for a project opened for writing; it only builds an
 * in-memory stand-in from the raw data it is given.
 */

import path from 'node:path';
import {
  FORMAT_VERSION, ProjectSchemaSchema, ProjectSettingsSchema, defaultSchema,
  type ProjectFile, type ProjectSchema,
} from '../../annotations/index.js';

/** `value` with every string in it passed through `f`. */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

function valueAt(value: unknown, at: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of at) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * The most of a schema that failed validation that can still be used to read the articles: a
 * label or link type whose only fault is its name (`Source.Person`) keeps it, by validating the
 * schema with such names stood in for and putting them back after; any other broken part falls
 * back to the default schema's.
 */
export function salvageSchema(raw: unknown): ProjectSchema {
  const fallback = defaultSchema() as unknown as Record<string, unknown>;
  const candidate = (raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw } : {}) as Record<string, unknown>;
  const bad = new Map<string, string>();
  for (let attempt = 0; attempt < 6; attempt++) {
    const renamed = mapStrings(candidate, (x) => bad.get(x) ?? x);
    const parsed = ProjectSchemaSchema.safeParse(renamed);
    if (parsed.success) {
      const back = new Map([...bad].map(([k, v]) => [v, k]));
      return mapStrings(parsed.data, (x) => back.get(x) ?? x) as ProjectSchema;
    }
    for (const issue of parsed.error.issues) {
      const value = valueAt(renamed, issue.path);
      if (issue.path.at(-1) === 'name' && typeof value === 'string' && value && !bad.has(value)) bad.set(value, `zz-salvaged-${bad.size}`);
      else {
        const key = String(issue.path[0] ?? '');
        if (!(key in fallback)) return defaultSchema();
        candidate[key] = fallback[key];
      }
    }
  }
  return defaultSchema();
}

/**
 * The most of a `sourcemark.json` that failed validation that can still be read: labels and link
 * types whose only fault is their name keep it (so the articles that use them still show), other
 * broken parts fall back to the defaults. Used only to open the project read-only.
 */
export function salvageProject(raw: unknown, dir: string): ProjectFile {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    type: 'sourcemark-project', version: FORMAT_VERSION,
    id: typeof r.id === 'string' && r.id ? r.id : 'unknown',
    name: typeof r.name === 'string' && r.name ? r.name : path.basename(dir),
    schema: salvageSchema(r.schema),
    settings: ProjectSettingsSchema.safeParse(r.settings).data ?? { snapToWords: true },
    createdAt: typeof r.createdAt === 'string' ? r.createdAt : new Date(0).toISOString(),
  };
}
