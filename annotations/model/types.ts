/**
 * The saved format: articles, spans, links and sources, as zod schemas and the types they infer.
 *
 * Every file carries `{type, version}` (see {@link FORMAT_VERSION}). Offsets are
 * {@link TextOffset}s (UTF-16 code units into `Article.text`, end exclusive). This module only
 * describes data; operations live in `operations.ts`, checks a person can act on in `validate.ts`.
 */

import { z } from 'zod';
import { ProjectSchemaSchema } from './schema.js';
import type { TextOffset } from './offsets.js';

/**
 * The version of the saved format this code writes. Files with a higher version are refused.
 * 2: articles hold `events` (attributions as one unit); version 1 files migrate with none.
 * 3: a project keeps each layer's annotations in files of their own (app/store/layer-files.ts);
 * version 2 articles migrate on opening.
 */
export const FORMAT_VERSION = 3;

const offset = z.number().int().nonnegative().transform((n) => n as TextOffset);
const isoTime = z.string().min(1);

export const ArticleStatusSchema = z.enum(['todo', 'in-progress', 'done']);
export type ArticleStatus = z.infer<typeof ArticleStatusSchema>;

export const ParagraphSchema = z.object({ start: offset, end: offset });
/** A paragraph of the canonical text, derived from it (see `paragraphsOf`). */
export type Paragraph = z.infer<typeof ParagraphSchema>;

export const ArticleMetadataSchema = z.object({
  outlet: z.string().optional(),
  url: z.string().optional(),
  byline: z.string().optional(),
  /** ISO date (`2022-11-11`) or date-time. */
  published: z.string().optional(),
  /** BCP 47 language tag. */
  language: z.string().optional(),
  license: z.string().optional(),
  attribution: z.string().optional(),
});
export type ArticleMetadata = z.infer<typeof ArticleMetadataSchema>;

export const ProvenanceSchema = z.object({
  /** Where the article came from: a file name, a URL, "paste". */
  origin: z.string(),
  importedAt: isoTime,
  /** The raw text as received, before cleaning and normalisation (absent when too large). */
  raw: z.string().optional(),
  /** What cleaning removed (boilerplate blocks), for the record. */
  removed: z.array(z.string()).optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const ArticleSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  /**
   * The canonical text every offset points into. A new plain text is normalised (LF, NFC, no
   * BOM); an annotated document (brat, doccano, Label Studio, JSONL with offsets) keeps its text
   * exactly as given, so the offsets of the user's own files stay valid.
   */
  text: z.string(),
  paragraphs: z.array(ParagraphSchema),
  metadata: ArticleMetadataSchema,
  provenance: ProvenanceSchema,
  status: ArticleStatusSchema,
});
export type Article = z.infer<typeof ArticleSchema>;

export const FragmentSchema = z.object({
  start: offset,
  end: offset,
  /** `text.slice(start, end)` when the span was saved. */
  text: z.string(),
  /** Up to {@link CONTEXT_LENGTH} characters before and after, for re-anchoring. */
  prefix: z.string(),
  suffix: z.string(),
});
/** One contiguous piece of a span. A quote interrupted by "he said" has two. */
export type Fragment = z.infer<typeof FragmentSchema>;

/** How many characters of context a fragment keeps on each side (as Hypothesis does). */
export const CONTEXT_LENGTH = 32;

export const SpanOriginSchema = z.enum(['manual', 'imported', 'suggested']);
export type SpanOrigin = z.infer<typeof SpanOriginSchema>;

export const SpanSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  /** One or more fragments, ascending and not overlapping. */
  fragments: z.array(FragmentSchema).min(1),
  attributes: z.record(z.string(), z.string()),
  /** The source a speaker mention refers to. */
  sourceId: z.string().optional(),
  note: z.string().optional(),
  /** Who made the span. */
  annotator: z.string(),
  /**
   * The layer this belongs to when it is not its annotator's own: `curated` for the
   * adjudicated layer (see `layers.ts`). Absent: the layer of `annotator`.
   */
  layer: z.string().min(1).optional(),
  /** Who changed it last, when someone did. */
  updatedBy: z.string().optional(),
  origin: SpanOriginSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Set when re-anchoring could not place the span in a changed text; kept, never dropped. */
  orphaned: z.boolean().optional(),
});
export type Span = z.infer<typeof SpanSchema>;

export const LinkSchema = z.object({
  id: z.string().min(1),
  /** A link type's name from the schema (`said-by`). */
  type: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  annotator: z.string().optional(),
  /**
   * The layer this belongs to when it is not its annotator's own: `curated` for the
   * adjudicated layer (see `layers.ts`). Absent: the layer of `annotator`.
   */
  layer: z.string().min(1).optional(),
  createdAt: isoTime.optional(),
  /**
   * The event this link is derived from (see `eventLinks`): such links show an event's
   * attribution where the app reads links, follow the event's changes, and are not exported
   * twice (brat writes the event).
   */
  event: z.string().min(1).optional(),
  /** A note on the link (brat's `#1	AnnotatorNotes R1	…`). */
  note: z.string().optional(),
});
export type Link = z.infer<typeof LinkSchema>;

export const EventArgSchema = z.object({
  /** The role as the event type names it (`Source`, `Cue`, `Content`): one word. */
  role: z.string().min(1).regex(/^\S+$/, 'a role is one word'),
  spanId: z.string().min(1),
});
export type EventArg = z.infer<typeof EventArgSchema>;

export const EventSchema = z.object({
  id: z.string().min(1),
  /** An event type's name from the schema (`Attribution`): one word. */
  type: z.string().min(1).regex(/^\S+$/, 'an event type is one word'),
  /** The span that anchors the event in the text (brat's trigger), when it has one. */
  trigger: z.string().min(1).optional(),
  /** Role-named arguments, in the order they were given. */
  args: z.array(EventArgSchema),
  attributes: z.record(z.string(), z.string()).optional(),
  note: z.string().optional(),
  annotator: z.string().optional(),
  /**
   * The layer this belongs to when it is not its annotator's own: `curated` for the
   * adjudicated layer (see `layers.ts`). Absent: the layer of `annotator`.
   */
  layer: z.string().min(1).optional(),
  createdAt: isoTime.optional(),
});
/**
 * A structured annotation over spans: the source–cue–content attribution held as one thing
 * (brat `E1	Attribution:T1 Source:T2 Cue:T3 Content:T4`).
 */
export type AnnotationEvent = z.infer<typeof EventSchema>;

export const SourceKindSchema = z.enum(['person', 'organization', 'group', 'document', 'anonymous']);
export type SourceKind = z.infer<typeof SourceKindSchema>;

export const SourceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: SourceKindSchema,
  role: z.string().optional(),
  aliases: z.array(z.string()),
  /** An external identifier, e.g. a Wikidata id `Q123` or a brat normalisation `sources:hur`. */
  externalId: z.string().optional(),
});
/** The entity behind speaker mentions, project-wide. */
export type Source = z.infer<typeof SourceSchema>;

/** An article with its annotations: the content of `articles/<id>.json`. */
export const ArticleDocSchema = z.object({
  type: z.literal('sourcemark-article'),
  version: z.number().int(),
  article: ArticleSchema,
  spans: z.array(SpanSchema),
  links: z.array(LinkSchema),
  /** Events over the spans (attributions); absent in files before format 2. */
  events: z.array(EventSchema).default([]),
  /** When the store last wrote the file; not part of the annotations' state. */
  updatedAt: isoTime.optional(),
});
export type ArticleDoc = z.infer<typeof ArticleDocSchema>;

export const SourcesFileSchema = z.object({
  type: z.literal('sourcemark-sources'),
  version: z.number().int(),
  sources: z.array(SourceSchema),
});
export type SourcesFile = z.infer<typeof SourcesFileSchema>;

export const ProjectSettingsSchema = z.object({
  /** Snap selections to word boundaries in the workbench. */
  snapToWords: z.boolean().default(true),
  /** For ClaimReview: the reviewing organisation and the base URL of its reviews. */
  publisherName: z.string().optional(),
  publisherUrl: z.string().optional(),
  license: z.string().optional(),
  /** Show every annotator's layer while annotating; absent or false (the default): each person sees only their own. */
  showOtherLayers: z.boolean().optional(),
});
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

/** The content of `sourcemark.json`. */
export const ProjectFileSchema = z.object({
  type: z.literal('sourcemark-project'),
  version: z.number().int(),
  id: z.string().min(1),
  name: z.string().min(1),
  schema: ProjectSchemaSchema,
  settings: ProjectSettingsSchema,
  createdAt: isoTime,
});
export type ProjectFile = z.infer<typeof ProjectFileSchema>;

/**
 * Reads the `{type, version}` header of any parsed file, so a caller can refuse a newer version
 * before validating the rest.
 */
export function fileHeader(data: unknown): { type: string; version: number } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, version } = data as Record<string, unknown>;
  return typeof type === 'string' && typeof version === 'number' ? { type, version } : undefined;
}
