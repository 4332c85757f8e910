/**
 * The vocabulary of operations: the state they work on, the operations themselves (plain data,
 * so they can cross IPC and HTTP), their patches and results, and the error an operation that
 * does not fit the state throws. Types only, plus {@link OperationError} and the list of the
 * metadata fields a person may edit; no logic.
 */

import type { AnnotationEvent, Article, ArticleDoc, ArticleMetadata, ArticleStatus, EventArg, Link, Source, Span } from '../model/types.js';
import type { ProjectSchema } from '../model/schema.js';

/** The part of a project an operation works on: the schema, the sources, and the loaded articles. */
export type ProjectState = {
  schema: ProjectSchema;
  sources: Readonly<Record<string, Source>>;
  docs: Readonly<Record<string, ArticleDoc>>;
};

/** What a span patch may change. `null` clears an optional field. */
export type SpanPatch = {
  label?: string;
  /** New offsets; text and context are taken from the article. */
  fragments?: { start: number; end: number }[];
  attributes?: Record<string, string>;
  sourceId?: string | null;
  note?: string | null;
  /** Set by inverses to restore the exact time; otherwise the operation's `now`. */
  updatedAt?: string;
  /** The annotator making the change (null clears it, for undo). */
  updatedBy?: string | null;
};

/** What an event patch may change. `null` clears an optional field. */
export type EventPatch = {
  type?: string;
  trigger?: string | null;
  args?: EventArg[];
  attributes?: Record<string, string> | null;
  note?: string | null;
  /** The event's derived links to put back as they were (undo), instead of deriving them anew. */
  links?: Link[];
};

/** An event to put back where it was (undo of removing a span it used). */
export type RestoredEvent = { index: number; event: AnnotationEvent };

export type SourcePatch = Partial<Pick<Source, 'name' | 'kind' | 'aliases'>> & {
  role?: string | null;
  externalId?: string | null;
};

/** The metadata fields a person edits in the article's details (`updateArticle`). */
export const EDITABLE_METADATA = ['outlet', 'byline', 'published', 'url'] as const;
export type EditableMetadata = (typeof EDITABLE_METADATA)[number] & keyof ArticleMetadata;

/**
 * What an article patch may change: the title and the editable metadata, never the text (so
 * every offset stays valid). `null` clears a metadata field; an absent field is kept.
 */
export type ArticlePatch = {
  title?: string;
  metadata?: Partial<Record<EditableMetadata, string | null>>;
};

export type Operation =
  | { op: 'addSpan'; articleId: string; span: Span; links?: Link[]; events?: RestoredEvent[] }
  | { op: 'removeSpan'; articleId: string; spanId: string }
  | { op: 'updateSpan'; articleId: string; spanId: string; patch: SpanPatch }
  | { op: 'addLink'; articleId: string; link: Link }
  | { op: 'removeLink'; articleId: string; linkId: string }
  /**
   * Adds an event (an attribution as one unit), last or at `index`; `links` puts back its derived
   * links exactly (undo).
   */
  | { op: 'addEvent'; articleId: string; event: AnnotationEvent; links?: Link[]; index?: number }
  | { op: 'removeEvent'; articleId: string; eventId: string }
  | { op: 'updateEvent'; articleId: string; eventId: string; patch: EventPatch }
  | { op: 'setStatus'; articleId: string; status: ArticleStatus }
  /**
   * Replaces an article's record: its text, title, metadata and provenance (changing what
   * cleaning removed). Only before annotation starts: every offset points into the text, so an
   * article with spans or links refuses it.
   */
  | { op: 'replaceArticle'; articleId: string; article: Article }
  /** Changes an article's title and metadata, not its text: allowed on an annotated article. */
  | { op: 'updateArticle'; articleId: string; patch: ArticlePatch }
  | { op: 'addSource'; source: Source }
  | { op: 'updateSource'; sourceId: string; patch: SourcePatch }
  | { op: 'removeSource'; sourceId: string }
  | { op: 'setSchema'; schema: ProjectSchema }
  | { op: 'batch'; ops: Operation[] };

/** Context an operation runs in: the clock is passed in so tests are deterministic. */
export type OpContext = { now: string };

/** The result of applying an operation. */
export type Applied = {
  state: ProjectState;
  /** Applying it to `state` gives back the state the operation started from. */
  inverse: Operation;
  /** Articles whose files must be rewritten. */
  articles: Set<string>;
  sources: boolean;
  schema: boolean;
};

/** An operation that does not fit the state, with a message a person can act on. */
export class OperationError extends Error {
  override name = 'OperationError';
}

/** Throws an {@link OperationError}: how every operation and check refuses. */
export const failOperation = (message: string): never => {
  throw new OperationError(message);
};
