/**
 * The index file written compactly (app/store/index-file.ts): each entry without its id and
 * without what is empty, read back as the very entries written; smaller than the entries
 * written whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realFileOps } from '../../../app/store/durable.js';
import { readIndexFile, writeIndexFile, type IndexEntry } from '../../../app/store/index-file.js';
import { cleanTemp, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const entry = (id: string, full: boolean): IndexEntry => ({
  id, title: `Title ${id}`, status: 'todo', counts: full ? { Quote: 2 } : {}, links: full ? 1 : 0, sources: full ? ['src-1'] : [], words: 12,
  updatedAt: '2026-03-01T10:00:00.000Z', textHash: 'abc', mtimeMs: 1.5, size: 100, parts: full ? 'ann:1.5:20' : '',
  layerCounts: full ? { ann: { spans: { Quote: 2 }, links: 1 } } : {}, linkTypes: full ? { 'said-by': 1 } : {}, eventTypes: full ? { Claim: 1 } : {},
  attributes: full ? { 'Quote/Kind=Direct': 2 } : {}, ...(full ? { outlet: 'Wire', published: '2026-01-01' } : { damaged: 'articles/b.json: the file is empty' }),
});

describe('the index file', () => {
  it('reads back the entries written, their ids and empty counts and lists included', async () => {
    const meta = path.join(tempDir(), '.sourcemark');
    const file = path.join(meta, 'index.json');
    const entries = { a: entry('a', true), b: entry('b', false) };
    await writeIndexFile(realFileOps, meta, file, entries);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, Record<string, unknown>> };
    expect(Object.keys(written.entries.b!)).not.toContain('id');
    expect(Object.keys(written.entries.b!)).not.toContain('sources');
    expect(Object.keys(written.entries.b!)).not.toContain('linkTypes');
    expect(written.entries.a).toMatchObject({ sources: ['src-1'], linkTypes: { 'said-by': 1 } });
    const read = readIndexFile(file, realFileOps)!;
    const { linkTypes: _l, eventTypes: _e, attributes: _a, ...withoutEmpty } = entries.b;
    expect(read.entries).toEqual({ a: entries.a, b: withoutEmpty });
    expect(readFileSync(file, 'utf8').length).toBeLessThan(JSON.stringify({ entries }).length);
  });
});
