/**
 * Fidelity of a brat collection through the whole app (issue 13, items 1–3 and 7; issue 14,
 * item 2): a collection imports with 0 failures, exports back to brat as the identity under the
 * names it came with, goes through JSONL into a fresh project and back, and nothing import
 * writes to the schema can stop the project from opening.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectSchemaSchema, parseCsv, type ArticleDoc } from '../../../annotations/index.js';
import { exportProject } from '../../../app/export/export.js';
import { importPaths } from '../../../app/import/import.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { bratIdentity, spanTextsMatch } from '../../annotations/formats/brat-identity.js';
import { articleDoc, cleanTemp, newProject, tempDir } from '../../helpers/project.js';
import { writeBratCorpus } from './brat-corpus.js';

const FIXTURE = path.join(import.meta.dirname, '../..', 'fixtures', 'brat-roundtrip');
const FIXTURE_FILES = { kherson_bridge: 'kherson_bridge', officials: path.join('second', 'officials') };

afterEach(cleanTemp);

async function all(store: ProjectStore): Promise<ArticleDoc[]> {
  return Promise.all(store.listArticles({ limit: 10_000 }).items.map((i) => store.getArticle(i.id)));
}

/** Every exported `.txt` equals its original byte for byte, every `.ann` means the same. */
function expectSameCollection(out: string, originals: Record<string, string>): void {
  for (const [stem, rel] of Object.entries(originals)) {
    const txt = readFileSync(path.join(out, `${stem}.txt`), 'utf8');
    const ann = readFileSync(path.join(out, `${stem}.ann`), 'utf8');
    expect(txt, stem).toBe(readFileSync(`${rel}.txt`, 'utf8'));
    expect(bratIdentity(ann), stem).toEqual(bratIdentity(readFileSync(`${rel}.ann`, 'utf8')));
    expect(spanTextsMatch(txt, ann), stem).toEqual([]);
  }
}

describe('a brat collection through the app', () => {
  it('brat in, brat out with no edits is the identity, each document named after its file', async () => {
    const { store } = await newProject();
    const s = await importPaths(store, [FIXTURE]);
    expect(s.failed).toEqual([]);
    expect(s.imported).toHaveLength(2);
    expect(s.warnings.join('\n')).toMatch(/officials.txt: line 3: span T3 \(Content\) had its fragments out of text order/);
    const out = path.join(tempDir(), 'brat');
    await exportProject(store, { format: 'brat', out });
    expect(readdirSync(out).sort()).toEqual(['annotation.conf', 'kherson_bridge.ann', 'kherson_bridge.txt', 'officials.ann', 'officials.txt', 'visual.conf']);
    expectSameCollection(out, Object.fromEntries(Object.entries(FIXTURE_FILES).map(([k, v]) => [k, path.join(FIXTURE, v)])));
    const conf = readFileSync(path.join(out, 'annotation.conf'), 'utf8');
    expect(conf).toMatch(/\[events\]\nAttribution\tSource\*:<ENTITY>, Cue\*:<ENTITY>, Content\*:<ENTITY>\n/);
    expect(conf).toMatch(/^Place\.City$/m);
    expect(conf).toMatch(/^Hypothetical\tArg:Attribution$/m);
    await store.close();
  });

  it('keeps annotated texts character for character (combining accents, CRLF, emoji), so original offsets stay valid', async () => {
    const { store } = await newProject();
    await importPaths(store, [FIXTURE]);
    const docs = await all(store);
    const kherson = docs.find((d) => d.article.provenance.origin.endsWith('kherson_bridge.txt'))!;
    expect(kherson.article.text).toBe(readFileSync(path.join(FIXTURE, 'kherson_bridge.txt'), 'utf8'));
    expect(kherson.article.text).toContain('Zoe\u0308 Kovac\u030c\u0020said');
    expect(kherson.article.text).toContain('\r\n');
    await store.close();
  });

  it('a label the label-name rule refuses is mapped at import, and the project still opens (issue 14, item 2)', async () => {
    const { dir, store } = await newProject();
    const src = tempDir();
    writeFileSync(path.join(src, 'p.txt'), 'The spokesperson said no.');
    writeFileSync(path.join(src, 'p.ann'), 'T1\tSource.Person 4 16\tspokesperson\n');
    writeFileSync(path.join(src, 'q.txt'), 'Nothing here.');
    writeFileSync(path.join(src, 'q.ann'), 'T1\t:: 0 7\tNothing\n');
    writeFileSync(path.join(src, 'r.jsonl'), JSON.stringify({ text: 'Empty label.', entities: [{ id: 1, label: '', start_offset: 0, end_offset: 5 }] }) + '\n');
    const s = await importPaths(store, [src]);
    expect(s.imported.map((i) => path.basename(i.name))).toEqual(['p.txt', 'q.txt']);
    expect(s.warnings.join('\n')).toMatch(/p\.txt: line 1: label "Source\.Person" is not a valid label name .* named "Source-Person"/);
    expect(s.warnings.join('\n')).toMatch(/q\.txt: line 1: label "::" is not a valid label name .* named "Label-3a-3a"/);
    expect(s.failed).toMatchObject([{ name: expect.stringMatching(/r\.jsonl$/), reason: expect.stringMatching(/label "" cannot be a label name/) }]);
    await store.close();
    const project = JSON.parse(readFileSync(path.join(dir, 'sourcemark.json'), 'utf8'));
    expect(ProjectSchemaSchema.safeParse(project.schema).success).toBe(true);
    const again = await ProjectStore.open(dir);
    expect(again.schema.labels.find((l) => l.name === 'Source-Person')).toMatchObject({ exportName: 'Source.Person' });
    expect((await all(again)).find((d) => d.article.text.startsWith('The spokesperson'))!.spans[0]!.label).toBe('Source-Person');
    await again.close();
  });

  it('with --map, events become the said-by and cue-of links the app reads (a source’s quotes), and brat still writes the events', async () => {
    const { store } = await newProject();
    await importPaths(store, [FIXTURE], { labelMap: { Source: 'Speaker', Content: 'Quote' } });
    const { createApi } = await import('../../../app/api/handlers.js');
    const api = createApi(store, 'browser');
    const zoe = store.sources.find((x) => x.externalId === 'wikidata:Q4115189')!;
    const { mentions } = await api.getSource({ id: zoe.id });
    expect(mentions.flatMap((m) => m.quotes).sort()).toEqual(['“confident”', '“the bridge will reopen 🚧 in spring”']);
    const out = path.join(tempDir(), 'mapped');
    await exportProject(store, { format: 'brat', out });
    const ann = readFileSync(path.join(out, 'kherson_bridge.ann'), 'utf8');
    expect(ann.match(/^E\d+\tAttribution:T\d+ Source:T\d+ Cue:T\d+ Content:T\d+$/gm)).toHaveLength(2);
    expect(ann).not.toMatch(/SaidBy|CueOf/); // the links stand for the events: not written twice
    await store.close();
  });

  it('JSONL into a fresh project brings the labels, link and event types with it, and goes back to brat unchanged (item 7)', async () => {
    const { store } = await newProject();
    await importPaths(store, [FIXTURE]);
    const file = path.join(tempDir(), 'corpus.jsonl');
    await exportProject(store, { format: 'jsonl', out: file });
    const line = JSON.parse(readFileSync(file, 'utf8').split('\n').find((l) => l.includes('kherson'))!);
    expect(line.events).toHaveLength(3);
    expect(line.attributions.map((a: { source: { text: string } }) => a.source.text)).toEqual(['Minister Zoe\u0308 Kovac\u030c', 'the mayor of Kherson', 'The minister']);
    const { store: fresh } = await newProject();
    const s = await importPaths(fresh, [file]);
    expect(s.failed).toEqual([]);
    expect(s.imported).toHaveLength(2);
    expect(s.warnings.join('\n')).toMatch(/Label "Source" was not in the schema and has been added/);
    expect(fresh.schema.eventTypes.map((t) => t.name)).toEqual(['Attribution']);
    const out = path.join(tempDir(), 'back');
    await exportProject(fresh, { format: 'brat', out });
    expectSameCollection(out, Object.fromEntries(Object.entries(FIXTURE_FILES).map(([k, v]) => [k, path.join(FIXTURE, v)])));
    await fresh.close();
    await store.close();
  });

  it('an export filtered by label keeps the events within the spans it keeps, and imports again', async () => {
    const { store } = await newProject();
    await importPaths(store, [FIXTURE]);
    const dir = tempDir();
    await exportProject(store, { format: 'jsonl', out: path.join(dir, 'f.jsonl'), filter: { labels: ['Source', 'Content'] } });
    const { store: fresh } = await newProject();
    const s = await importPaths(fresh, [path.join(dir, 'f.jsonl')]);
    expect(s.failed).toEqual([]);
    const docs = await all(fresh);
    const events = docs.flatMap((d) => d.events);
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.trigger === undefined && e.args.every((a) => a.role !== 'Cue'))).toBe(true);
    await exportProject(store, { format: 'brat', out: path.join(dir, 'b'), filter: { labels: ['Source', 'Content'] } });
    expect(readFileSync(path.join(dir, 'b', 'officials.ann'), 'utf8')).toMatch(/^E1\tAttribution:T\d+ Source:T\d+ Content:T\d+$/m);
    await fresh.close();
    await store.close();
  });

  it('Label Studio and doccano carry each event as relations; CSV has a row per attribution', async () => {
    const { store } = await newProject();
    await importPaths(store, [FIXTURE]);
    const dir = tempDir();
    await exportProject(store, { format: 'label-studio', out: path.join(dir, 'ls.json') });
    const tasks = JSON.parse(readFileSync(path.join(dir, 'ls.json'), 'utf8')) as { annotations: { result: { type: string; labels?: string[] }[] }[] }[];
    const relations = tasks.flatMap((t) => t.annotations[0]!.result.filter((r) => r.type === 'relation').map((r) => r.labels![0]));
    expect(relations.filter((r) => r === 'Attribution-Source')).toHaveLength(5);
    await exportProject(store, { format: 'doccano', out: path.join(dir, 'd.jsonl') });
    const doccano = readFileSync(path.join(dir, 'd.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { relations: { type: string }[] });
    expect(doccano.flatMap((d) => d.relations.map((r) => r.type)).filter((t) => t === 'Attribution-Content')).toHaveLength(4);
    await exportProject(store, { format: 'csv', out: path.join(dir, 'a.csv') });
    const { rows } = parseCsv(readFileSync(path.join(dir, 'a.csv'), 'utf8'));
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => [r.values.speaker_mention, r.values.cue, r.values.content_label])).toEqual(expect.arrayContaining([
      ['the mayor of Kherson', 'warned', 'Content'], ['Officials', 'insisted', 'Content'],
    ]));
    await store.close();
  });

  it('names colliding documents uniquely, and articles from no file by their id', async () => {
    const { store } = await newProject();
    const a = tempDir();
    for (const [sub, body] of [['one', 'First text about things.'], ['two', 'Second text about other things.']]) {
      mkdirSync(path.join(a, sub!));
      writeFileSync(path.join(a, sub!, 'same.txt'), body!);
      writeFileSync(path.join(a, sub!, 'same.ann'), 'T1\tThing 0 5\t' + body!.slice(0, 5) + '\n');
    }
    await importPaths(store, [a]);
    await store.addArticle(articleDoc('a-pasted', 'A pasted text, from no file.'));
    const out = path.join(tempDir(), 'b');
    await exportProject(store, { format: 'brat', out });
    expect(readdirSync(out).filter((f) => f.endsWith('.txt')).sort()).toEqual(['a-pasted.txt', 'same-2.txt', 'same.txt']);
    await store.close();
  });
});

describe('a 200-article brat collection of the kind issue 13 describes', () => {
  it('imports with 0 failures, and exports to brat as the identity; import and export times are printed', async () => {
    const src = path.join(tempDir(), 'corpus');
    const corpus = writeBratCorpus(src, 200);
    expect(corpus.outOfOrder).toBeGreaterThan(22);
    const { store } = await newProject();
    let t = performance.now();
    const s = await importPaths(store, [src]);
    const importMs = performance.now() - t;
    expect(s.failed).toEqual([]);
    expect(s.imported).toHaveLength(200);
    const docs = await all(store);
    expect(docs.reduce((n, d) => n + d.events.length, 0)).toBe(corpus.events);
    const out = path.join(tempDir(), 'brat');
    t = performance.now();
    await exportProject(store, { format: 'brat', out });
    const bratMs = performance.now() - t;
    t = performance.now();
    await exportProject(store, { format: 'jsonl', out: path.join(tempDir(), 'c.jsonl') });
    const jsonlMs = performance.now() - t;
    const originals = Object.fromEntries(readdirSync(src).filter((f) => f.endsWith('.txt')).map((f) => [f.slice(0, -4), path.join(src, f.slice(0, -4))]));
    expectSameCollection(out, originals);
    // Figures for the report; no assertion on time.
    console.log(`brat collection: ${corpus.files} files, ${corpus.events} events, ${corpus.discontinuous} discontinuous Contents (${corpus.outOfOrder} out of order): import ${importMs.toFixed(0)} ms, export brat ${bratMs.toFixed(0)} ms, export jsonl ${jsonlMs.toFixed(0)} ms`);
    await store.close();
  }, 120_000);
});
