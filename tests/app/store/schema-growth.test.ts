/**
 * A file of several documents that each bring a new label (doccano lines, Label Studio tasks,
 * dataset lines) imports whole: each document builds on the schema the ones before it extended,
 * so the schema written has every label (before, the last document's schema won and the file
 * failed on the first one's label).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../app/import/import.js';
import { cleanTemp, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

describe('a file whose documents each bring a new label', () => {
  it('doccano lines and Label Studio tasks import whole, with every label added', async () => {
    const { store } = await newProject();
    const dir = tempDir();
    writeFileSync(path.join(dir, 'd.jsonl'), [
      JSON.stringify({ text: 'Alpha said one.', entities: [{ id: 1, label: 'Alpha', start_offset: 0, end_offset: 5 }] }),
      JSON.stringify({ text: 'Beta said two.', entities: [{ id: 1, label: 'Beta', start_offset: 0, end_offset: 4 }] }),
    ].join('\n') + '\n');
    const task = (text: string, label: string) => ({ data: { text }, annotations: [{ result: [{ id: 'r', type: 'labels', value: { start: 0, end: label.length, text: text.slice(0, label.length), labels: [label] } }] }] });
    writeFileSync(path.join(dir, 'ls.json'), JSON.stringify([task('Gamma said three.', 'Gamma'), task('Delta said four.', 'Delta')]));
    const s = await importPaths(store, [dir]);
    expect(s.failed).toEqual([]);
    expect(s.imported).toHaveLength(4);
    expect(store.schema.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['Alpha', 'Beta', 'Gamma', 'Delta']));
    await store.close();
  });
});
