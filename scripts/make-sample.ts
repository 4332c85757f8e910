/**
 * Builds `sample/`, the ready sample project that ships in the repository, from ../shared:
 * the two seed articles (boilerplate removed, with their gold annotations re-anchored onto the
 * cleaned text) and twelve Wikinews articles with their attribution (CC BY 2.5).
 *
 * Run once by a developer when ../shared changes: `npx tsx scripts/make-sample.ts`. The output
 * is committed; a fresh clone does not need ../shared.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bratToAnnotations, normalizeText, randomId, reanchorSpans, type Operation,
} from '../annotations/index.js';
import { articleFromText } from '../app/import/text.js';
import { ProjectStore } from '../app/store/project-store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared');
const out = path.join(root, 'sample');
const now = new Date().toISOString();

const WIKINEWS = ['afghan', 'asylum', 'clock', 'crane', 'defector', 'election', 'flag', 'hackers', 'korea', 'nasa', 'questionnaire', 'sensitive'];
// Both seeds are of 2022-11-11 (../shared/articles/README.md); the second says so in its text.
const SEEDS: { id: string; outlet?: string; published?: string; status: 'done' | 'in-progress' }[] = [
  { id: '000_295e30e2d338d8a1', published: '2022-11-11', status: 'done' },
  { id: '002_6f0280c28b7f439d', outlet: 'The Independent', status: 'done' },
];

rmSync(out, { recursive: true, force: true });
const store = await ProjectStore.create(out, { name: 'Sample: Kherson and Wikinews' });
await store.updateProject({ settings: { publisherName: 'Sourcemark sample', license: 'CC BY 2.5 (Wikinews texts)' } });

for (const seed of SEEDS) {
  const raw = readFileSync(path.join(shared, 'articles/seeds', `${seed.id}.txt`), 'utf8');
  const doc = articleFromText(raw, { ids: randomId, now, origin: `seeds/${seed.id}.txt`, metadata: { language: 'en', ...(seed.outlet ? { outlet: seed.outlet } : {}), ...(seed.published ? { published: seed.published } : {}) } });
  await store.addArticle(doc);
  const ann = readFileSync(path.join(shared, 'gold', `${seed.id}.ann`), 'utf8');
  const gold = bratToAnnotations(readFileSync(path.join(shared, 'gold', `${seed.id}.txt`), 'utf8'), ann, {
    schema: store.schema, knownSources: store.sources, newId: randomId, now, annotator: 'gold',
  });
  // The cleaned text is the gold text less its leading boilerplate: spans move back by that much.
  const shift = normalizeText(raw).text.indexOf(doc.article.text.slice(0, 60));
  const placed = reanchorSpans(gold.spans, doc.article.text, () => -shift);
  const orphans = placed.filter((p) => p.how === 'orphaned');
  if (orphans.length) throw new Error(`${seed.id}: ${orphans.length} gold spans did not re-anchor`);
  const ops: Operation[] = [
    ...gold.sources.filter((s) => !store.sources.some((k) => k.id === s.id)).map((source): Operation => ({ op: 'addSource', source })),
    ...gold.sources.filter((s) => store.sources.some((k) => k.id === s.id)).map((s): Operation => ({
      op: 'updateSource', sourceId: s.id, patch: { aliases: s.aliases },
    })),
    ...placed.map((p): Operation => ({ op: 'addSpan', articleId: doc.article.id, span: p.span })),
    ...gold.links.map((link): Operation => ({ op: 'addLink', articleId: doc.article.id, link })),
    { op: 'setStatus', articleId: doc.article.id, status: seed.status },
  ];
  await store.apply({ op: 'batch', ops });
}

type Meta = { doc: string; title: string; sourceURL: string; dateCreated: string; license: string };
const metadata = JSON.parse(readFileSync(path.join(shared, 'articles/wikinews/metadata.json'), 'utf8')) as Meta[];
for (const name of WIKINEWS) {
  const meta = metadata.find((m) => m.doc === `GUM_news_${name}`)!;
  const raw = readFileSync(path.join(shared, 'articles/wikinews', `${meta.doc}.txt`), 'utf8');
  const doc = articleFromText(raw, {
    ids: randomId, now, origin: `wikinews/${meta.doc}.txt`,
    metadata: {
      outlet: 'Wikinews', url: meta.sourceURL, language: 'en', license: 'CC BY 2.5',
      attribution: `“${meta.title}”, Wikinews (https://en.wikinews.org), CC BY 2.5; text via the GUM corpus (Zeldes 2017, CC BY 4.0).`,
    },
  });
  if (doc.article.title !== meta.title) throw new Error(`${meta.doc}: title "${doc.article.title}" is not "${meta.title}"`);
  await store.addArticle(doc);
}
await store.close();
rmSync(path.join(out, '.sourcemark'), { recursive: true, force: true });
cpSync(path.join(shared, 'articles/wikinews/LICENSE.txt'), path.join(out, 'LICENSE-wikinews.txt'));
writeFileSync(path.join(out, 'README.md'), `# Sourcemark sample project

A ready project to try Sourcemark on (\`npm start\` or \`npm run serve\` open a copy of it).

- Two articles about Kherson (2022-11-11), with hand annotations of every speaker, quote, cue and
  claim, linked, and speaker mentions tied to sources across both articles. Newsletter and photo
  caption boilerplate was removed at import; the originals are kept in each article's provenance.
- Twelve English Wikinews articles, not yet annotated. Text © Wikinews contributors, licensed
  CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/), from https://en.wikinews.org, via the
  GUM corpus (Zeldes 2017, CC BY 4.0). Each article's title, source URL and date are in its
  metadata (\`metadata.url\`, \`metadata.attribution\`); the licence text is in LICENSE-wikinews.txt.
  The plain text was rebuilt from the corpus's tokens, so some spacing is approximate.

Rebuilt from ../shared by \`npx tsx scripts/make-sample.ts\`.
`);
console.log(`sample project written to ${out}`);
