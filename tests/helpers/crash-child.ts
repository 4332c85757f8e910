/**
 * The child of the crash tests: opens a project and edits one article in a tight loop, printing
 * `ADD n` / `DEL n` on stdout only after the edit is acknowledged (on disk). Its parent kills it
 * with SIGKILL at random moments. Before each removal it prints `TRY n`: a removal that was tried
 * but not acknowledged may or may not be on disk. Usage: crash-child <project> <articleId> <first n> [journal]
 * (`journal`: acknowledged once in the desk's journal, app/store/journal.ts).
 */
import { writeSync } from 'node:fs';
import { makeFragment } from '../../annotations/index.js';
import { ProjectStore } from '../../app/store/project-store.js';

const [dir, articleId, first, mode] = process.argv.slice(2) as [string, string, string, string | undefined];
const store = await ProjectStore.open(dir, { journal: mode === 'journal' });
const doc = await store.getArticle(articleId);
const words = [...doc.article.text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
const now = new Date().toISOString();
writeSync(1, 'READY\n');
for (let n = Number(first); ; n++) {
  const [s, e] = words[n % words.length]!;
  await store.apply({
    op: 'addSpan', articleId,
    span: { id: `s-${n}`, label: 'Cue', fragments: [makeFragment(doc.article.text, s, e)], attributes: {}, annotator: 'crash', origin: 'manual', createdAt: now, updatedAt: now },
  }, articleId);
  writeSync(1, `ADD ${n}\n`);
  if (n % 3 === 0) {
    writeSync(1, `TRY ${n - 15}\n`);
    await store.apply({ op: 'removeSpan', articleId, spanId: `s-${n - 3 * 5}` }, articleId).then(() => writeSync(1, `DEL ${n - 15}\n`), () => undefined);
  }
}
