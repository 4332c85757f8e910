/**
 * The index file (app/store/index-file.ts): JSON Lines, the list's columns on the first line in
 * the list's order, then one line per entry without its id and without what is empty; read back
 * as the entries written, each line parsed only when asked, copied as read when rewritten; a file
 * cut short, of another version or with a line that cannot be parsed is not believed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realFileOps } from '../../../app/store/durable.js';
import { IndexRow, readIndexFile, stampOf, summaryOf, writeIndexFile, type IndexEntry } from '../../../app/store/index-file.js';
import { listEntries } from '../../../app/store/listing.js';
import { cleanTemp, plainEntry, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const entry = (id: string, full: boolean, title = `Title ${id}`): IndexEntry => ({
  id, title, status: full ? 'done' : 'todo', counts: full ? { Quote: 2 } : {}, links: full ? 1 : 0, sources: full ? ['src-1'] : [], words: 12,
  updatedAt: '2026-03-01T10:00:00.000Z', textHash: 'abc', mtimeMs: 1.5, size: 100, parts: full ? 'ann:1.5:20' : '',
  layerCounts: full ? { ann: { spans: { Quote: 2 }, links: 1 } } : {}, linkTypes: full ? { 'said-by': 1 } : {}, eventTypes: full ? { Claim: 1 } : {},
  attributes: full ? { 'Quote/Kind=Direct': 2 } : {}, ...(full ? { outlet: 'Wire', published: '2026-01-01' } : { damaged: 'articles/b.json: the file is empty' }),
});


async function written(entries: IndexEntry[]): Promise<string> {
  const meta = path.join(tempDir(), '.sourcemark');
  const file = path.join(meta, 'index.jsonl');
  await writeIndexFile(realFileOps, meta, file, new Map(entries.map((e) => [e.id, e])));
  return file;
}

describe('the index file', () => {
  it('reads back the entries written, their ids, outlets, damage and empty counts and lists included', async () => {
    const a = entry('a', true), b = entry('b', false);
    const file = await written([a, b]);
    const read = readIndexFile(file, realFileOps)!;
    expect([...read.entries.keys()]).toEqual(['a', 'b']);
    const { linkTypes: _l, eventTypes: _e, attributes: _a, layerCounts: _c, ...bWithoutEmpty } = b;
    expect(plainEntry(read.entries.get('a')!)).toEqual(a);
    expect(plainEntry(read.entries.get('b')!)).toEqual({ ...bWithoutEmpty, layerCounts: undefined, linkTypes: undefined, eventTypes: undefined, attributes: undefined });
    // What the list answers is plain data (its rows cross IPC and HTTP as JSON).
    const items = listEntries([...read.entries.values()]).items;
    expect(items.every((i) => Object.getPrototypeOf(i) === Object.prototype)).toBe(true);
    expect(JSON.parse(JSON.stringify(items))).toEqual([summaryOf(a), { ...summaryOf(b), layerCounts: undefined, linkTypes: undefined, eventTypes: undefined, attributes: undefined }]);
  });

  it('writes the list\'s columns on the first line, in the list\'s order, then one line per entry without its id or what is empty', async () => {
    const file = await written([entry('z', false, 'beta'), entry('y', true, 'Alpha'), entry('x', false, 'alpha')]);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(5); // the columns, three entries, and the newline ending the last
    expect(lines[4]).toBe('');
    const head = JSON.parse(lines[0]!) as { version: number; id: string[]; title: string[]; outlet: Record<string, string>; damaged: Record<string, string> };
    expect(head.version).toBe(8);
    expect(head.id).toEqual(['x', 'y', 'z']); // by title, case aside, then by id
    expect(head.title).toEqual(['alpha', 'Alpha', 'beta']);
    expect(head.outlet).toEqual({ 1: 'Wire' });
    expect(Object.keys(head.damaged)).toEqual(['0', '2']);
    const rest = lines.slice(1, 4).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(rest[0]!).sort()).toEqual(['links', 'mtimeMs', 'parts', 'size', 'textHash', 'words']);
    expect(rest[1]).toMatchObject({ sources: ['src-1'], linkTypes: { 'said-by': 1 }, counts: { Quote: 2 } });
    expect(lines.slice(1).join('\n')).not.toContain('"id"');
  });

  it('parses an entry\'s line only when asked, and copies a line nobody asked for as it was read', async () => {
    const file = await written([entry('a', true), entry('b', false)]);
    const before = readFileSync(file);
    const read = readIndexFile(file, realFileOps)!;
    const a = read.entries.get('a') as IndexRow;
    expect(a).toBeInstanceOf(IndexRow);
    expect(a.unparsed?.toString()).toContain('"mtimeMs":1.5');
    expect(stampOf(a)).toMatchObject({ mtimeMs: 1.5, size: 100, parts: 'ann:1.5:20' });
    expect(a.unparsed).toBeDefined(); // the check's look at the time and size keeps nothing parsed
    expect(a.counts).toEqual({ Quote: 2 });
    expect(a.unparsed).toBeUndefined();
    await writeIndexFile(realFileOps, path.dirname(file), file, read.entries);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('is not believed when cut short, longer, of another version or not JSON Lines; a line that cannot be parsed sends its article to be read again', async () => {
    const file = await written([entry('a', true), entry('b', false)]);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    for (const bad of [
      lines.slice(0, 2).join('\n') + '\n', // one entry's line lost
      text + '{"mtimeMs":1}\n', // one line too many
      text.slice(0, -1), // the last newline lost
      text.replace('"version":8', '"version":7'),
      JSON.stringify({ type: 'sourcemark-index', version: 7, entries: {} }),
      '', '\0\0\0\0',
    ]) {
      writeFileSync(file, bad);
      expect(readIndexFile(file, realFileOps), JSON.stringify(bad.slice(0, 40))).toBeUndefined();
    }
    writeFileSync(file, [lines[0], '{"mtimeMs":', lines[2], ''].join('\n'));
    const read = readIndexFile(file, realFileOps)!;
    expect(read.entries.get('a')!.title).toBe('Title a');
    expect(read.entries.get('a')!.mtimeMs).toBe(-1); // no file has that time: the check reads it again
    expect(read.entries.get('b')!.mtimeMs).toBe(1.5);
  });
});
