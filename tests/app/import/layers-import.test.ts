/**
 * Layers through import and export (issue 18): `import --annotator NAME` puts every annotation
 * in NAME's layer, and a text the project already has gets the annotations added to that article
 * (not skipped as a duplicate); reserved names are refused; `export --layer curated|NAME|all`
 * writes one layer or every layer with the annotator on each record, and says so when a format
 * cannot name the annotator.
 */
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layersOf } from '../../../annotations/index.js';
import { runCli } from '../../../app/cli/cli.js';
import { exportProject } from '../../../app/export/export.js';
import { importPaths } from '../../../app/import/import.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { cleanTemp, newProject, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const FIXTURE = path.join(import.meta.dirname, '../..', 'fixtures', 'brat-roundtrip');

/** The brat fixture's first document, alone in a folder of its own. */
function oneBratDoc(): string {
  const dir = path.join(tempDir(), 'brat');
  mkdirSync(dir);
  for (const ext of ['txt', 'ann']) cpSync(path.join(FIXTURE, `kherson_bridge.${ext}`), path.join(dir, `kherson_bridge.${ext}`));
  return dir;
}

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
};

describe('layers through import and export', () => {
  it('imports into a layer, and adds the annotations of a text the project has to that article', async () => {
    const { dir, store } = await newProject();
    const brat = oneBratDoc();
    const first = await importPaths(store, [brat], { layer: 'alice' });
    expect(first.imported).toHaveLength(1);
    const id = first.imported[0]!.id;
    const count = first.imported[0]!.spans;
    expect(layersOf(await store.getArticle(id))).toEqual(['alice']);
    const second = await importPaths(store, [brat], { layer: 'bob' });
    expect(second.imported).toEqual([]);
    expect(second.duplicates).toEqual([]);
    expect(second.added).toEqual([{ name: expect.stringContaining('kherson_bridge'), id, title: expect.any(String), spans: count }]);
    const doc = await store.getArticle(id);
    expect(layersOf(doc)).toEqual(['alice', 'bob']);
    expect(doc.spans).toHaveLength(2 * count);
    expect(new Set(doc.spans.map((s) => s.id)).size).toBe(2 * count); // bob's got ids of their own
    expect(doc.events.filter((e) => e.annotator === 'bob')).toHaveLength(doc.events.filter((e) => e.annotator === 'alice').length);
    // Without --annotator, the same text is still a duplicate.
    expect((await importPaths(store, [brat])).duplicates).toHaveLength(1);
    await expect(importPaths(store, [brat], { layer: 'curated' })).rejects.toThrow(/--annotator: "curated" names a layer of its own/);

    const out = path.join(tempDir(), 'alice.jsonl');
    await exportProject(store, { format: 'jsonl', out, filter: { layer: 'alice' } });
    const alice = JSON.parse(readFileSync(out, 'utf8').trim()) as { spans: { annotator: string }[] };
    expect(alice.spans).toHaveLength(count);
    expect(new Set(alice.spans.map((s) => s.annotator))).toEqual(new Set(['alice']));
    const allOut = path.join(tempDir(), 'all.jsonl');
    await exportProject(store, { format: 'jsonl', out: allOut });
    const all = JSON.parse(readFileSync(allOut, 'utf8').trim()) as { spans: { annotator: string }[] };
    expect(all.spans.filter((s) => s.annotator === 'bob')).toHaveLength(count);
    expect(all.spans.filter((s) => s.annotator === 'alice')).toHaveLength(count);
    // Label Studio keeps one annotation per person.
    const lsOut = path.join(tempDir(), 'ls.json');
    await exportProject(store, { format: 'label-studio', out: lsOut });
    const tasks = JSON.parse(readFileSync(lsOut, 'utf8')) as { annotations: { completed_by: string }[] }[];
    expect(tasks[0]!.annotations.map((a) => a.completed_by)).toEqual(['alice', 'bob']);
    // brat cannot say who made a span: with every layer, the export says so.
    const bratAll = await exportProject(store, { format: 'brat', out: path.join(tempDir(), 'brat-all') });
    expect(bratAll.warnings.join('\n')).toMatch(/brat does not record who made an annotation: .*export one layer with --layer/);
    const bratBob = await exportProject(store, { format: 'brat', out: path.join(tempDir(), 'brat-bob'), filter: { layer: 'bob' } });
    expect(bratBob.warnings.join('\n')).not.toMatch(/does not record who/);
    expect(bratBob.spans).toBe(count);
    const none = await exportProject(store, { format: 'jsonl', out: path.join(tempDir(), 'curated.jsonl'), filter: { layer: 'curated' } });
    expect(none.spans).toBe(0);
    await store.close();
    expect(dir).toBeTruthy();
  });

  it('takes --annotator on the command line, refusing reserved names, and export --layer', async () => {
    const { dir, store } = await newProject();
    await store.close();
    const brat = oneBratDoc();
    const bad = io();
    expect(await runCli(['import', dir, brat, '--annotator', 'all'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--annotator: "all" names a layer of its own/);
    const a = io();
    expect(await runCli(['import', dir, brat, '--annotator', 'alice'], a.io)).toBe(0);
    const b = io();
    expect(await runCli(['import', dir, brat, '--annotator', 'bob'], b.io)).toBe(0);
    expect(b.out.join('\n')).toMatch(/added: \d+ annotations from .*kherson_bridge.* \(the same text\)/);
    const out = path.join(tempDir(), 'bob.jsonl');
    const e = io();
    expect(await runCli(['export', dir, '--format', 'jsonl', '--out', out, '--layer', 'bob'], e.io)).toBe(0);
    const line = JSON.parse(readFileSync(out, 'utf8').trim()) as { spans: { annotator: string }[] };
    expect(new Set(line.spans.map((s) => s.annotator))).toEqual(new Set(['bob']));
    const reopened = await ProjectStore.open(dir, { readOnly: true });
    expect(reopened.listArticles().items).toHaveLength(1);
    await reopened.close();
  });
});
