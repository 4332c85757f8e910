/**
 * zod schema of {@link Operation}, for validating operations that cross a process boundary
 * (IPC, HTTP). Kept beside, not inside, `operations.ts` so the pure logic stays readable.
 */

import { z } from 'zod';
import { ArticleSchema, ArticleStatusSchema, EventArgSchema, EventSchema, LinkSchema, SourceKindSchema, SourceSchema, SpanSchema } from '../model/types.js';
import { ProjectSchemaSchema } from '../model/schema.js';
import { EDITABLE_METADATA, type ArticlePatch, type Operation } from './operation-types.js';
import { TITLE_MAX } from './checks.js';

const id = z.string().min(1).max(200);
const range = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });

const SpanPatchSchema = z.object({
  label: z.string().min(1).optional(),
  fragments: z.array(range).min(1).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  sourceId: id.nullable().optional(),
  note: z.string().nullable().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().nullable().optional(),
}).strict();

const EventPatchSchema = z.object({
  type: z.string().min(1).optional(),
  trigger: id.nullable().optional(),
  args: z.array(EventArgSchema).optional(),
  attributes: z.record(z.string(), z.string()).nullable().optional(),
  note: z.string().nullable().optional(),
  links: z.array(LinkSchema).optional(),
}).strict();

const SourcePatchSchema = z.object({
  name: z.string().min(1).optional(),
  kind: SourceKindSchema.optional(),
  aliases: z.array(z.string()).optional(),
  role: z.string().nullable().optional(),
  externalId: z.string().nullable().optional(),
}).strict();

const ArticlePatchSchema = z.object({
  title: z.string().min(1).max(TITLE_MAX).optional(),
  metadata: z.object(Object.fromEntries(EDITABLE_METADATA.map((k) => [k, z.string().max(2_000).nullable().optional()]))).strict().optional(),
}).strict() as unknown as z.ZodType<ArticlePatch, ArticlePatch>;

export const OperationSchema: z.ZodType<Operation, Operation> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.object({ op: z.literal('addSpan'), articleId: id, span: SpanSchema, links: z.array(LinkSchema).optional(), events: z.array(z.object({ index: z.number().int().nonnegative(), event: EventSchema })).optional() }),
    z.object({ op: z.literal('removeSpan'), articleId: id, spanId: id }),
    z.object({ op: z.literal('updateSpan'), articleId: id, spanId: id, patch: SpanPatchSchema }),
    z.object({ op: z.literal('addLink'), articleId: id, link: LinkSchema }),
    z.object({ op: z.literal('removeLink'), articleId: id, linkId: id }),
    z.object({ op: z.literal('addEvent'), articleId: id, event: EventSchema, links: z.array(LinkSchema).optional(), index: z.number().int().nonnegative().optional() }),
    z.object({ op: z.literal('removeEvent'), articleId: id, eventId: id }),
    z.object({ op: z.literal('updateEvent'), articleId: id, eventId: id, patch: EventPatchSchema }),
    z.object({ op: z.literal('setStatus'), articleId: id, status: ArticleStatusSchema }),
    z.object({ op: z.literal('replaceArticle'), articleId: id, article: ArticleSchema }),
    z.object({ op: z.literal('updateArticle'), articleId: id, patch: ArticlePatchSchema }),
    z.object({ op: z.literal('addSource'), source: SourceSchema }),
    z.object({ op: z.literal('updateSource'), sourceId: id, patch: SourcePatchSchema }),
    z.object({ op: z.literal('removeSource'), sourceId: id }),
    z.object({ op: z.literal('setSchema'), schema: ProjectSchemaSchema }),
    z.object({ op: z.literal('batch'), ops: z.array(OperationSchema).max(100_000) }),
  ]),
) as z.ZodType<Operation, Operation>;
