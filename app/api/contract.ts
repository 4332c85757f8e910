/**
 * The Api: everything the UI can do, as one typed map of methods shared by both shells (the
 * Electron IPC bridge and the browser-mode HTTP server), after Hypothesis' `port-rpc-calls` and
 * VS Code's ProxyChannel. Each method takes one JSON object, validated by its zod schema at the
 * boundary, and returns a promise of JSON.
 *
 * This file must stay free of Node imports: the renderer imports its types.
 */

import { z } from 'zod';
import {
  ArticleStatusSchema, EXPORT_FORMATS, OperationSchema, isSafeId,
  type ArticleDoc, type ArticleList, type Operation, type ProjectSchema, type ProjectSettings, type Source,
} from '../../annotations/index.js';
import { IMPORT_FORMATS } from '../import/formats.js';
import type { API_METHODS } from './methods.js';
import type { ErrorCode } from '../errors.js';
import type { ApplyResult, ChangeEvent } from '../store/types.js';
import type { CleaningInfo } from '../import/text.js';
import type { ImportSummary } from '../import/summary.js';
import { corpusParams, type CorpusResults } from './corpus-contract.js';
import { suggestParams, type SuggestResults } from './suggest-contract.js';
import { agreementParams, type AgreementResults } from './agreement-contract.js';
import type { AssignmentsInfo } from '../team/assignment-types.js';

export { API_METHODS, MENU_CHANNEL, apiChannel } from './methods.js';
export type { ArticleList, ArticleSummary, ListQuery } from '../../annotations/index.js';
export type { ErrorCode } from '../errors.js';
export type { ApplyResult, ChangeEvent } from '../store/types.js';
export type { CleaningInfo } from '../import/text.js';
export type * from './corpus-contract.js';
export type * from './suggest-contract.js';
export type * from './agreement-contract.js';
export type { AssignmentMap, AssignmentsInfo } from '../team/assignment-types.js';

/** What {@link idProblem} accepts, in words (the same rule as the store's file names, `isSafeId`). */
export const ID_RULE = 'letters, digits, "-" and "_", starting with a letter or a digit, at most 128 characters';

/** A value as a message quotes it: JSON-escaped (a NUL shows as \u0000) and cut to 40 characters. */
const quoted = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/**
 * The one check of every id and name an Api method takes (article, source, scope, export job,
 * the article ids inside an operation): undefined when `value` is a valid id, else why not.
 * Ids become file and folder names in the store, so `../x`, `..\\x`, `%2e%2e`, absolute paths,
 * NUL, empty and very long values are refused here, before any method runs.
 */
export function idProblem(value: string): string | undefined {
  return isSafeId(value) ? undefined : `${quoted(value)} is not a valid id (ids are ${ID_RULE})`;
}

/** The zod schema of an id: {@link idProblem} at the boundary. */
export const IdSchema = z.string().check((ctx) => {
  const problem = idProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

/**
 * The name of a file sent to `importFiles`: a relative path (a folder's files keep their
 * folder), never absolute, never with a `..` segment, no control characters. Only its last
 * segment is used.
 */
export function fileNameProblem(name: string): string | undefined {
  const segments = name.split(/[\\/]/);
  if (!name) return 'a file name is empty';
  if (name.length > 1000) return `the file name ${quoted(name)} is longer than 1000 characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return `the file name ${quoted(name)} contains a control character`;
  if (/^([\\/]|[A-Za-z]:[\\/])/.test(name)) return `the file name ${quoted(name)} is an absolute path`;
  if (segments.includes('..')) return `the file name ${quoted(name)} reaches outside its folder ("..")`;
  if (!segments[segments.length - 1]) return `the file name ${quoted(name)} names a folder, not a file`;
  return undefined;
}

const FileNameSchema = z.string().check((ctx) => {
  const problem = fileNameProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

/**
 * How deeply a payload may nest (objects and arrays). An operation is about 6 levels deep, a
 * batch adds 2 per level; 64 allows batches of batches, and refuses in one pass, without
 * recursion, what would otherwise overflow the validator's stack (a 5,000-level batch).
 */
export const MAX_PAYLOAD_DEPTH = 64;

/** The nesting depth of a JSON value, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_PAYLOAD_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return deepest;
}

/** Article ids an operation names, with where (`ops.0.articleId`), batches included. */
function operationIds(op: Operation): { at: (string | number)[]; value: string }[] {
  const found: { at: (string | number)[]; value: string }[] = [];
  const stack: { op: Operation; at: (string | number)[] }[] = [{ op, at: [] }];
  while (stack.length) {
    const { op: o, at } = stack.pop()!;
    if (o.op === 'batch') o.ops.forEach((child, i) => stack.push({ op: child, at: [...at, 'ops', i] }));
    else if ('articleId' in o) found.push({ at: [...at, 'articleId'], value: o.articleId });
  }
  return found;
}

/** An operation: depth checked before the (recursive) schema runs, then its article ids checked as ids. */
const BoundedOperationSchema = z.custom<Operation>(
  (v) => jsonDepth(v) <= MAX_PAYLOAD_DEPTH,
  { message: `the operation nests deeper than ${MAX_PAYLOAD_DEPTH} levels (a batch inside a batch inside …)`, abort: true },
).pipe(OperationSchema).check((ctx) => {
  for (const { at, value } of operationIds(ctx.value)) {
    const problem = idProblem(value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: value, path: at });
  }
});

const id = IdSchema;
const scope = IdSchema.default('project');
const job = IdSchema;
/**
 * Who makes a change (STORE, issue 14): `annotator` keeps one undo history per person, `client`
 * names the page or window, so it can tell its own changes from others' in change events.
 */
const author = { annotator: z.string().min(1).max(200).optional(), client: z.string().min(1).max(100).optional() };

/** The parameters of every Api method. Adding a method here is what exposes it to both shells. */
export const apiParams = {
  getProject: z.object({}).strict(),
  listArticles: z.object({
    status: z.union([ArticleStatusSchema, z.literal('damaged')]).optional(),
    search: z.string().max(500).optional(),
    sort: z.enum(['title', 'updated', 'published', 'status']).optional(),
    descending: z.boolean().optional(),
    offset: z.number().int().nonnegative().optional(),
    limit: z.number().int().nonnegative().max(20_000).optional(),
  }).strict(),
  getArticle: z.object({ id }).strict(),
  apply: z.object({ op: BoundedOperationSchema, scope, ...author }).strict(),
  undo: z.object({ scope, ...author }).strict(),
  redo: z.object({ scope, ...author }).strict(),
  history: z.object({ scope, ...author }).strict(),
  getSource: z.object({ id }).strict(),
  mergeSources: z.object({ keepId: id, goneId: id, ...author }).strict(),
  updateProject: z.object({
    name: z.string().min(1).max(200).optional(),
    settings: z.object({ snapToWords: z.boolean().optional(), publisherName: z.string().optional(), publisherUrl: z.string().optional(), license: z.string().optional(), showOtherLayers: z.boolean().optional() }).strict().optional(),
  }).strict(),
  importText: z.object({ text: z.string().min(1).max(10_000_000), title: z.string().max(500).optional(), origin: z.string().max(500).optional() }).strict(),
  importFiles: z.object({
    files: z.array(z.object({ name: FileNameSchema, data: z.string().max(70_000_000) }).strict()).min(1).max(10_000),
    labelMap: z.record(z.string(), z.string()).optional(),
    clean: z.boolean().optional(),
    /** Forces a reader for every file (the import names of annotations/formats/registry.ts); else by extension. */
    format: z.enum(IMPORT_FORMATS).optional(),
  }).strict(),
  /** A web page fetched by the server and imported as the command line's `import URL` does: only http and https. */
  importUrl: z.object({
    url: z.string().max(2048).refine((u) => /^https?:\/\/[^\s/?#\\]/i.test(u) && URL.canParse(u), 'must be an http or https address'),
  }).strict(),
  exportProject: z.object({
    format: z.enum(EXPORT_FORMATS),
    filter: z.object({
      status: z.array(ArticleStatusSchema).optional(), articles: z.array(id).optional(),
      labels: z.array(z.string()).optional(), annotators: z.array(z.string()).optional(),
      /** `curated`, an annotator's layer, or `all` (the default). */
      layer: z.string().min(1).optional(),
    }).strict().optional(),
    unit: z.enum(['codepoint', 'utf16']).optional(),
    split: z.object({ seed: z.number().int(), ratios: z.tuple([z.number().nonnegative(), z.number().nonnegative(), z.number().nonnegative()]) }).strict().optional(),
    /** Pending suggestions too (issue 20); by default they are left out. */
    includeSuggestions: z.boolean().optional(),
    /** A name the caller gives the export, to ask for its progress and to cancel it. */
    job: job.optional(),
  }).strict(),
  exportProgress: z.object({ job }).strict(),
  cancelExport: z.object({ job }).strict(),
  getCleaning: z.object({ id }).strict(),
  setCleaning: z.object({ id, remove: z.array(z.number().int().nonnegative()).max(10_000), ...author }).strict(),
  listBackups: z.object({ id }).strict(),
  restoreBackup: z.object({ id }).strict(),
  retrySaves: z.object({}).strict(),
  // Assignment (issue 18, app/api/assignment.ts): the team server lets only a manager call the three that change them.
  getAssignments: z.object({}).strict(),
  assign: z.object({ articleIds: z.array(id).min(1).max(100_000), annotators: z.array(z.string().min(1).max(200)).min(1).max(1000), replace: z.boolean().optional() }).strict(),
  unassign: z.object({ articleIds: z.array(id).min(1).max(100_000), annotators: z.array(z.string().min(1).max(200)).min(1).max(1000).optional() }).strict(),
  assignDouble: z.object({
    percent: z.number().min(0).max(100), annotators: z.array(z.string().min(1).max(200)).min(1).max(1000),
    seed: z.number().int().optional(), articleIds: z.array(id).min(1).max(100_000).optional(),
  }).strict(),
  /** The corpus pages (issue 21): app/api/corpus-contract.ts. */
  ...corpusParams,
  /** Suggestions (issue 20): app/api/suggest-contract.ts. */
  ...suggestParams,
  /** Agreement (issue 18): app/api/agreement-contract.ts. */
  ...agreementParams,
} as const;

export type ApiMethod = keyof typeof apiParams;

// The dependency-free list in api-methods.ts must be exactly the methods above, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodListIsComplete: Same<(typeof API_METHODS)[number], ApiMethod> = true;
void methodListIsComplete;

export type ApiParams<M extends ApiMethod> = z.input<(typeof apiParams)[M]>;

/** What the UI needs to know about the open project. */
export type ProjectInfo = {
  id: string;
  name: string;
  schema: ProjectSchema;
  settings: ProjectSettings;
  /** The annotator recorded on changes (the system user name unless set). */
  user: string;
  /** Messages from opening (lock taken over, files migrated). */
  messages: string[];
  sources: Source[];
  /** "desktop" or "browser": for wording only; the UI behaves the same. */
  shell: 'desktop' | 'browser';
  /** Set when the project is open read-only because of a problem: the file and the problem, in words. */
  problem?: string;
};

/** A source with everything the sources panel shows about it. */
export type SourceDetails = {
  source: Source;
  mentions: { articleId: string; articleTitle: string; spanId: string; text: string; quotes: string[]; claims: string[] }[];
};

/** What an import did (see app/import/summary.ts), with the summary in sentences. `data` in requests is base64. */
export type ImportSummaryPayload = ImportSummary & {
  /** The summary in sentences. */
  lines: string[];
};

/** The results of every Api method. */
export type ApiResults = {
  getProject: ProjectInfo;
  listArticles: ArticleList;
  getArticle: ArticleDoc;
  apply: ApplyResult;
  undo: ApplyResult | null;
  redo: ApplyResult | null;
  history: { undo: number; redo: number };
  getSource: SourceDetails;
  mergeSources: ApplyResult;
  updateProject: ProjectInfo;
  importText: { id: string; title: string };
  importFiles: ImportSummaryPayload;
  importUrl: ImportSummaryPayload;
  /** `cancelled`: the export was cancelled and nothing was written. */
  exportProject: { files: string[]; articles: number; spans: number; links: number; warnings: string[]; unit: string; cancelled: boolean };
  /** Articles done of total for a running export, or null when no export of that name runs. */
  exportProgress: { done: number; total: number } | null;
  cancelExport: { cancelled: boolean };
  getCleaning: CleaningInfo;
  setCleaning: ApplyResult;
  listBackups: { time: string; file: string }[];
  restoreBackup: { restoredFrom: string };
  retrySaves: { unsaved: string[] };
  getAssignments: AssignmentsInfo;
  assign: AssignmentsInfo;
  unassign: AssignmentsInfo;
  /** `doubled`: the articles that got a second annotator. */
  assignDouble: AssignmentsInfo;
} & CorpusResults & SuggestResults & AgreementResults;

/** The Api as the renderer calls it: one async function per method. */
export type Api = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResults[M]> };

/** What a shell may offer besides the methods: change events for open pages (see {@link ChangeEvent}). */
export type ApiEvents = { onChange?: (listener: (e: ChangeEvent) => void) => () => void };

/** An error as it crosses a process boundary. */
export type ApiErrorPayload = { code: ErrorCode; message: string };

/** Shorthand for an operation payload. */
export type ApplyParams = { op: Operation; scope?: string };
