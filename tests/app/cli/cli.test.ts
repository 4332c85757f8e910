import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTemp, tempDir } from '../../helpers/project.js';
import { cli } from '../../helpers/cli.js';

afterEach(cleanTemp);

describe('command line', () => {
  it('init creates a project and stats describes it, as text and as JSON', async () => {
    const dir = path.join(tempDir(), 'p');
    const init = await cli('init', dir, '--name', 'Election desk');
    expect(init).toMatchObject({ code: 0, out: `Created project "Election desk" in ${dir}` });
    const text = await cli('stats', dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Articles: 0 (done 0, in progress 0, to do 0)');
    expect(text.out).toContain('Spans: Speaker 0, Quote 0, Claim 0, Cue 0');
    const json = JSON.parse((await cli('stats', dir, '--json')).out);
    expect(json).toMatchObject({ name: 'Election desk', articles: 0, links: 0, sources: 0, damaged: [] });
  });

  it('stats reads the sample project without locking it, and names damaged files', async () => {
    const sample = path.resolve('sample');
    const r = await cli('stats', sample);
    expect(r.out).toContain('Articles: 14 (done 2, in progress 0, to do 12)');
    expect(r.out).toContain('Spans: Speaker 19, Quote 21, Claim 10, Cue 20');
    expect(r.out).toContain('Links: 51');
    expect(r.out).toContain('Sources: 8');
  });

  it('says what is wrong, naming the folder or file, with status 1; usage errors exit 2', async () => {
    const empty = tempDir();
    const r = await cli('stats', empty);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`sourcemark: ${empty} is not a Sourcemark project (no sourcemark.json). Create one with "npm run cli -- init ${empty}".`);
    writeFileSync(path.join(empty, 'sourcemark.json'), '{"type": "sourcemark-project", "vers');
    expect((await cli('stats', empty)).err).toMatch(/sourcemark\.json cannot be read: the file is not valid JSON/);
    expect((await cli('stats')).code).toBe(2);
    expect((await cli('frobnicate')).err).toMatch(/unknown command "frobnicate"/);
    expect((await cli('stats', empty, '--colour')).code).toBe(2);
  });

  it('imports with a summary and exports every format, naming files and notes; bad arguments exit 2', async () => {
    const dir = path.join(tempDir(), 'p');
    await cli('init', dir);
    const { goldDir } = await import('../../helpers/gold.js');
    const imported = await cli('import', dir, goldDir, path.join(goldDir, 'nothing-here.txt'));
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported 2 articles \(70 annotations\), skipped 0 duplicates, 1 failed\.\n {2}failed: .*nothing-here\.txt: no such file or folder/);
    const out = tempDir();
    for (const format of ['jsonl', 'brat', 'doccano', 'label-studio', 'conll', 'spacy', 'csv', 'w3c', 'claimreview', 'dataset']) {
      const target = path.join(out, `x-${format}`);
      const r = await cli('export', dir, '--format', format, '--out', target);
      expect(r.code, `${format}: ${r.err}`).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Exported 2 articles \\(70 spans, 51 links\\) as ${format}`));
    }
    expect((await cli('export', dir, '--format', 'pdf', '--out', path.join(out, 'y'))).err).toMatch(/--format must be one of jsonl, brat/);
    expect((await cli('export', dir, '--format', 'jsonl')).code).toBe(2);
    expect((await cli('export', dir, '--format', 'jsonl', '--out', path.join(out, 'z'), '--status', 'finished')).err).toMatch(/--status takes todo, in-progress and done/);
    expect((await cli('import', dir, goldDir, '--map', 'Source')).err).toMatch(/--map takes From=To pairs/);
    const failed = await cli('import', dir, path.join(out, 'missing.txt'));
    expect(failed.code).toBe(1);
  });

  it('import --format forces a reader, with the names export uses; an unknown or export-only name is a usage error listing the valid ones', async () => {
    const dir = path.join(tempDir(), 'p');
    await cli('init', dir);
    const src = tempDir();
    writeFileSync(path.join(src, 'rows.tsv'), 'title\ttext\nOne\tFirst text, tab separated.\nTwo\tSecond text; also tab separated.\n');
    writeFileSync(path.join(src, 'story.txt'), 'Hello world, said the mayor.');
    writeFileSync(path.join(src, 'story.ann'), 'T1\tQuote 0 12\tHello world,\n');
    const csv = await cli('import', dir, path.join(src, 'rows.tsv'), '--format', 'csv');
    expect(csv).toMatchObject({ code: 0, out: expect.stringMatching(/^Imported 2 articles \(0 annotations\), skipped 0 duplicates, 0 failed\./) });
    const brat = await cli('import', dir, path.join(src, 'story.txt'), '--format', 'brat');
    expect(brat).toMatchObject({ code: 0, out: expect.stringMatching(/^Imported 1 article \(1 annotations\)/) });
    const names = 'brat, doccano, label-studio, jsonl, dataset, csv, text, html';
    const unknown = await cli('import', dir, path.join(src, 'rows.tsv'), '--format', 'xlsx');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(new RegExp(`^sourcemark: --format "xlsx": import --format must be one of ${names}\n`));
    const exportOnly = await cli('import', dir, path.join(src, 'rows.tsv'), '--format', 'conll');
    expect(exportOnly.code).toBe(2);
    expect(exportOnly.err).toContain(`--format "conll": Sourcemark writes conll but does not read it; import --format must be one of ${names}`);
    expect((await cli('help')).out).toContain('--format forces a reader: brat, doccano, label-studio, jsonl, dataset,');
  });

  it('lists backups and restores the newest one', async () => {
    const dir = path.join(tempDir(), 'p');
    await cli('init', dir);
    const { ProjectStore } = await import('../../../app/store/project-store.js');
    const { articleDoc } = await import('../../helpers/project.js');
    const store = await ProjectStore.open(dir);
    await store.addArticle(articleDoc('a-1', 'Some text here.'));
    await store.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' });
    await store.close();
    writeFileSync(path.join(dir, 'articles', 'a-1.json'), 'garbage');
    expect((await cli('stats', dir)).out).toMatch(/Damaged files: 1\n {2}a-1: articles\/a-1.json: the file is not valid JSON/);
    expect((await cli('backups', dir, 'a-1')).out).toMatch(/\.sourcemark\/backups\/a-1\//);
    const restored = await cli('restore', dir, 'a-1');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/^Restored a-1 from \.sourcemark\/backups\/a-1\/.*moved to \.sourcemark\/damaged\/\.$/);
    expect((await cli('stats', dir)).out).toContain('Damaged files: 0');
    expect((await cli('restore', dir, 'a-404')).err).toMatch(/no readable backup/);
  });
});
