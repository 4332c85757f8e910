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
  ArticleStatusSchema, EXPORT_FORMATS, OperationSchema,
  type ArticleDoc, type ArticleStatus, type BoilerplateBlock, type Operation, type ProjectSchema, type ProjectSettings, type Source,
} from '../annotations/index.js';

/** One row of the article list: what the index knows without reading the article's file. */
export type ArticleSummary = {
  id: string;
  title: string;
  outlet?: string;
  published?: string;
  status: ArticleStatus;
  counts: Record<string, number>;
  links: number;
  /** Links per type and attribute values per label (`Quote/QuoteType=Direct`), for schema changes. */
  linkTypes?: Record<string, number>;
  attributes?: Record<string, number>;
  /** A hash of the text, to find duplicates without reading articles. */
  textHash?: string;
  /** Sources mentioned in the article, so merges know which files to load. */
  sources: string[];
  words: number;
  updatedAt: string;
  /** Set when the file could not be read: the reason, in words. */
  damaged?: string;
};

export type ListQuery = {
  status?: ArticleStatus | 'damaged';
  /** Case-insensitive search in titles and outlets. */
  search?: string;
  sort?: 'title' | 'updated' | 'published' | 'status';
  descending?: boolean;
  offset?: number;
  limit?: number;
};

export type ArticleList = {
  total: number;
  items: ArticleSummary[];
  progress: { todo: number; inProgress: number; done: number; damaged: number };
};

export type ApplyResult = {
  /** The articles the operation changed, as they are now on disk. */
  docs: ArticleDoc[];
  sources?: Source[];
  schema?: ProjectSchema;
};

const id = z.string().min(1).max(200);
const scope = z.string().min(1).max(200).default('project');

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
  apply: z.object({ op: OperationSchema, scope }).strict(),
  undo: z.object({ scope }).strict(),
  redo: z.object({ scope }).strict(),
  history: z.object({ scope }).strict(),
  getSource: z.object({ id }).strict(),
  mergeSources: z.object({ keepId: id, goneId: id }).strict(),
  updateProject: z.object({
    name: z.string().min(1).max(200).optional(),
    settings: z.object({ snapToWords: z.boolean().optional(), publisherName: z.string().optional(), publisherUrl: z.string().optional(), license: z.string().optional() }).strict().optional(),
  }).strict(),
  importText: z.object({ text: z.string().min(1).max(10_000_000), title: z.string().max(500).optional(), origin: z.string().max(500).optional() }).strict(),
  importFiles: z.object({
    files: z.array(z.object({ name: z.string().min(1).max(1000), data: z.string().max(70_000_000) }).strict()).min(1).max(10_000),
    labelMap: z.record(z.string(), z.string()).optional(),
    clean: z.boolean().optional(),
  }).strict(),
  exportProject: z.object({
    format: z.enum(EXPORT_FORMATS),
    filter: z.object({
      status: z.array(ArticleStatusSchema).optional(), articles: z.array(id).optional(),
      labels: z.array(z.string()).optional(), annotators: z.array(z.string()).optional(),
    }).strict().optional(),
    unit: z.enum(['codepoint', 'utf16']).optional(),
    split: z.object({ seed: z.number().int(), ratios: z.tuple([z.number().nonnegative(), z.number().nonnegative(), z.number().nonnegative()]) }).strict().optional(),
    /** A name the caller gives the export, to ask for its progress and to cancel it. */
    job: z.string().min(1).max(100).optional(),
  }).strict(),
  exportProgress: z.object({ job: z.string().min(1).max(100) }).strict(),
  cancelExport: z.object({ job: z.string().min(1).max(100) }).strict(),
  getCleaning: z.object({ id }).strict(),
  setCleaning: z.object({ id, remove: z.array(z.number().int().nonnegative()).max(10_000) }).strict(),
  listBackups: z.object({ id }).strict(),
  restoreBackup: z.object({ id }).strict(),
  retrySaves: z.object({}).strict(),
} as const;

export type ApiMethod = keyof typeof apiParams;

/** Every method name, in one list: the shells register exactly these. */
export const API_METHODS = Object.keys(apiParams) as ApiMethod[];

/** The IPC channel each Api method is served on in the desktop shell. */
export const apiChannel = (method: string): string => `sourcemark:api:${method}`;

/** The channel main sends menu commands on (undo, redo, guidelines) to the renderer. */
export const MENU_CHANNEL = 'sourcemark:menu';

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
};

/** A source with everything the sources panel shows about it. */
export type SourceDetails = {
  source: Source;
  mentions: { articleId: string; articleTitle: string; spanId: string; text: string; quotes: string[]; claims: string[] }[];
};

/** The boilerplate blocks cleaning found in an article's original text (see app/import-text.ts). */
export type CleaningInfo = {
  /** Every block detected in the original, in order; `removed` says whether the text lacks it now. */
  blocks: { reason: BoilerplateBlock['reason']; text: string; removed: boolean }[];
  /** Why the blocks can no longer be changed, when they cannot (annotation has started, no original kept). */
  locked?: string;
};

/** What an import did (see app/import.ts). `data` in requests is base64. */
export type ImportSummaryPayload = {
  imported: { name: string; id: string; title: string; spans: number }[];
  duplicates: { name: string; title: string; existing: string }[];
  failed: { name: string; line?: number; reason: string }[];
  warnings: string[];
  cancelled: boolean;
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
};

/** The Api as the renderer calls it: one async function per method. */
export type Api = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResults[M]> };

/** An error as it crosses a process boundary. */
export type ApiErrorPayload = { code: string; message: string };

/** Shorthand for an operation payload. */
export type ApplyParams = { op: Operation; scope?: string };
