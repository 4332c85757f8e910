import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeFragment, type ArticleDoc, type Link, type Span } from '../../../annotations/index.js';
import { isPendingSuggestion } from '../../../annotations/suggest/build.js';
import { createApi, dispatch } from '../../../app/api/handlers.js';
import { MODEL_FILE, REJECTED_FILE, readModel, readRejected } from '../../../app/suggest/files.js';
import { SuggestService, retrainDue } from '../../../app/suggest/service.js';
import { trainInWorker } from '../../../app/suggest/trainer.js';
import { articleDoc, cleanTemp, newProject } from '../../helpers/project.js';
import { cli } from '../../helpers/cli.js';

afterEach(cleanTemp);

const NOW = '2026-03-01T10:00:00.000Z';
const TEXT = '“We will rebuild the school,” the mayor said. The police said two men were arrested.';

/** An article the desk annotated: "X hopes Y" with a non-speech cue. */
function annotated(i: number): ArticleDoc {
  const text = `The council${i} hopes the new bridge will open in spring. The weather was fine.`;
  const d = articleDoc(`h${i}`, text);
  const mk = (id: string, label: string, t: string): Span => {
    const s = text.indexOf(t);
    return { id, label, fragments: [makeFragment(text, s, s + t.length)], attributes: {}, annotator: 'ana', origin: 'manual', createdAt: NOW, updatedAt: NOW };
  };
  const spans = [mk(`sp${i}`, 'Speaker', `The council${i}`), mk(`cu${i}`, 'Cue', 'hopes'), mk(`qu${i}`, 'Quote', 'the new bridge will open in spring')];
  const links: Link[] = [{ id: `l1${i}`, type: 'said-by', from: `qu${i}`, to: `sp${i}`, annotator: 'ana' }, { id: `l2${i}`, type: 'cue-of', from: `cu${i}`, to: `qu${i}`, annotator: 'ana' }];
  return { ...d, spans, links };
}

describe('the suggester over a project', () => {
  it('suggests by rule at first, learns in a worker thread after five annotated articles, and keeps the model in .sourcemark/', async () => {
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('t1', 'The union hopes the strike will end soon.'));
    const service = new SuggestService(store, { now: () => NOW });
    expect((await service.status())).toMatchObject({ annotated: 0, threshold: 5, model: null, training: false });
    expect(service.propose(await store.getArticle('t1')).spans).toEqual([]);
    for (let i = 0; i < 4; i++) await store.addArticle(annotated(i));
    await service.refresh();
    expect(readModel(dir)).toBeUndefined();
    await store.addArticle(annotated(4));
    await service.refresh();
    expect(existsSync(path.join(dir, MODEL_FILE))).toBe(true);
    const status = await service.status();
    expect(status).toMatchObject({ annotated: 5, model: { articles: 5 } });
    expect(status.model!.cues).toContain('hope');
    const p = service.propose(await store.getArticle('t1'));
    expect(p.spans.map((s) => s.fragments[0]!.text)).toEqual(expect.arrayContaining(['hopes', 'the strike will end soon']));
    // A second service (the app opened again) reads the model back.
    expect(new SuggestService(store).currentModel()?.trainedOn).toHaveLength(5);
  });

  it('retrains as annotations accumulate', () => {
    expect(retrainDue(0, 4)).toBe(false);
    expect(retrainDue(0, 5)).toBe(true);
    expect(retrainDue(5, 5)).toBe(false);
    expect(retrainDue(5, 6)).toBe(true);
    expect(retrainDue(20, 23)).toBe(false);
    expect(retrainDue(20, 24)).toBe(true);
  });

  it('trains off the calling thread and reports a failure', async () => {
    const model = await trainInWorker([annotated(1), annotated(2)], NOW);
    expect(model.trainedOn).toEqual(['h1', 'h2']);
    await expect(trainInWorker([{ bad: true } as never], NOW)).rejects.toThrow();
  });

  it('remembers rejections in the project and never suggests them again; a damaged list is named', async () => {
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('a1', TEXT));
    const api = createApi(store, 'browser');
    const first = (await dispatch(api, 'suggest', { articleId: 'a1' })) as { spans: Span[] };
    const quote = first.spans.find((s) => s.label === 'Quote')!;
    await dispatch(api, 'rejectSuggestion', { articleId: 'a1', keys: [`Quote@${quote.fragments[0]!.start}-${quote.fragments[0]!.end}`] });
    expect(readRejected(dir)).toEqual({ a1: [`Quote@${quote.fragments[0]!.start}-${quote.fragments[0]!.end}`] });
    const again = (await dispatch(api, 'suggest', { articleId: 'a1' })) as { spans: Span[] };
    expect(again.spans.some((s) => s.label === 'Quote' && s.fragments[0]!.start === quote.fragments[0]!.start)).toBe(false);
    expect(again.spans.length).toBe(first.spans.length - 1);
    writeFileSync(path.join(dir, REJECTED_FILE), '{oops');
    await expect(dispatch(api, 'suggest', { articleId: 'a1' })).rejects.toThrow(/suggestions-rejected\.json: not valid JSON/);
    await expect(dispatch(api, 'rejectSuggestion', { articleId: '../x', keys: ['a'] })).rejects.toThrow(/Invalid request/);
  });

  it('suggests for one annotator as if only their layer and the pending suggestions were there (blind annotation)', async () => {
    const { store } = await newProject();
    const d = articleDoc('a1', TEXT);
    const start = TEXT.indexOf('the mayor');
    const bo: Span = { id: 'bo1', label: 'Speaker', fragments: [makeFragment(TEXT, start, start + 9)], attributes: {}, annotator: 'bo', origin: 'manual', createdAt: NOW, updatedAt: NOW };
    await store.addArticle({ ...d, spans: [bo] });
    const service = new SuggestService(store, { now: () => NOW });
    const doc = await store.getArticle('a1');
    const texts = (annotator?: string) => service.propose(doc, annotator).spans.map((x) => x.fragments[0]!.text);
    expect(texts()).not.toContain('the mayor');
    expect(texts('ana')).toContain('the mayor');
    expect(service.propose(doc, 'ana').links.some((l) => l.to === 'bo1')).toBe(false);
  });

  it('applies, accepts on the server, and keeps suggestions out of exports unless asked', async () => {
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('a1', TEXT));
    const api = createApi(store, 'browser');
    const r = (await dispatch(api, 'suggest', { articleId: 'a1', apply: true })) as { spans: Span[]; applied: unknown };
    expect(r.applied).not.toBeNull();
    expect((await store.getArticle('a1')).spans.filter(isPendingSuggestion)).toHaveLength(r.spans.length);
    const out = path.join(dir, 'x.jsonl');
    expect((await cli('export', dir, '--format', 'jsonl', '--out', out)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).spans).toEqual([]);
    expect((await cli('export', dir, '--format', 'jsonl', '--out', out, '--include-suggestions')).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).spans).toHaveLength(r.spans.length);
    const quote = r.spans.find((s) => s.label === 'Quote')!;
    await dispatch(api, 'acceptSuggestions', { articleId: 'a1', spanIds: [quote.id], annotator: 'ana' });
    const doc = await store.getArticle('a1');
    expect(doc.spans.find((s) => s.id === quote.id)).toMatchObject({ annotator: 'ana', origin: 'suggested' });
    expect((await cli('export', dir, '--format', 'jsonl', '--out', out)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).spans.map((s: Span) => s.id)).toEqual([quote.id]);
    // Undo (the annotator's own history of the article) takes the acceptance back.
    await dispatch(api, 'undo', { scope: 'a1', annotator: 'ana' });
    expect((await store.getArticle('a1')).spans.find((s) => s.id === quote.id)).toMatchObject({ annotator: 'suggestions' });
    expect(await dispatch(api, 'suggestStatus', {})).toMatchObject({ annotated: 0, threshold: 5, model: null });
  });
});

describe('the command line', () => {
  it('suggest adds suggestions, skips what is done when run again, and --out writes JSONL leaving the project alone', async () => {
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('a1', TEXT));
    await store.addArticle(articleDoc('a2', 'According to the police, three people were arrested at the scene.'));
    await store.close();
    const first = await cli('suggest', dir);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Suggested 9 spans and 6 links in 2 articles with the rules/);
    const again = await cli('suggest', dir);
    expect(again.out).toMatch(/in 0 articles .*; 2 skipped/);
    const out = path.join(dir, '..', 'sugg.jsonl');
    const before = readFileSync(path.join(dir, 'articles', 'a2.json'), 'utf8');
    const w = await cli('suggest', dir, '--article', 'a2', '--out', out);
    expect(w.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; spans: Span[]; links: Link[] });
    expect(lines.map((l) => l.id)).toEqual(['a2']);
    expect(lines[0]!.spans.every((s) => s.origin === 'suggested')).toBe(true);
    expect(lines[0]!.links).toHaveLength(2);
    expect(readFileSync(path.join(dir, 'articles', 'a2.json'), 'utf8')).toBe(before);
    expect((await cli('suggest', dir, '--article', 'nope')).err).toMatch(/Article nope does not exist/);
    expect((await cli('suggest')).code).toBe(2);
  });

  it('evaluate scores against brat gold, as text and JSON, with a learning curve, and names a bad gold path', async () => {
    const { dir, store } = await newProject();
    await store.close();
    const gold = path.resolve('tests/fixtures/gold');
    const text = await cli('evaluate', dir, '--gold', gold);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Rules only/);
    expect(text.out).toMatch(/Speaker\s+\d/);
    const json = JSON.parse((await cli('evaluate', dir, '--gold', gold, '--json')).out);
    expect(json.articles).toBe(2);
    expect(json.labels.Quote.overlap.f1).toBeGreaterThan(0.5);
    const curve = await cli('evaluate', dir, '--gold', gold, '--learning-curve');
    expect(curve.out).toMatch(/a learning curve needs more than 5/);
    const bad = await cli('evaluate', dir, '--gold', path.join(dir, 'missing'));
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.err).toMatch(/missing: no such file or folder/);
    expect((await cli('evaluate', dir)).err).toMatch(/--gold names/);
  });
});

describe('suggesting over a project of more than one page of the article list', () => {
  it('suggests for every article and learns from every annotated one, not the first 500 listed', async () => {
    const { generateDoc, generateProject, writeDocFiles } = await import('../../bench/generate.js');
    const { ProjectStore } = await import('../../../app/store/project-store.js');
    const { suggestProject } = await import('../../../app/suggest/run.js');
    const dir = path.join(path.dirname((await newProject()).dir), 'big');
    await generateProject(dir, 520, 0);
    // The last ten in the list's order are the annotated ones: beyond its first page of 500.
    const first = await ProjectStore.open(dir);
    const last = first.allArticles().slice(-10).map((r) => r.id);
    await first.close();
    for (const id of last) writeDocFiles(dir, generateDoc(id, 800, 12, 30, Number(id.slice(2)) + 1));
    const store = await ProjectStore.open(dir);
    try {
      expect(store.listArticles({}).items).toHaveLength(500); // one page
      expect(store.allArticles()).toHaveLength(520);
      expect((await new SuggestService(store, { train: 'inline' }).annotatedDocs()).map((d) => d.article.id).sort()).toEqual([...last].sort());
      const out = path.join(dir, '..', 'suggestions.jsonl');
      const r = await suggestProject(store, { out, inline: true });
      expect(r.articles).toBe(520);
      expect(r.model).toBe(10);
      expect(new Set(readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).size).toBe(520);
    } finally {
      await store.close();
    }
  }, 120_000);
});
