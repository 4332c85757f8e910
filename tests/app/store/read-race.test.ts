/**
 * A read of an article that is not cached yet must never put back an older copy over an edit
 * made while it was reading (found by the team load test: 3 of 40 acknowledged edits lost, and
 * 24 of 2000 in single-user mode with 20 clients). Here the first read of `a-1` is held back
 * until an edit of the same article has been applied and saved; then a second edit is made,
 * and after reopening both must be there.
 * Spans live in layer files read after the article file, so the edit raced here is the article
 * file's own: a status set with no annotator.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realFileOps, type FileOps } from '../../../app/store/durable.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject, span } from '../../helpers/project.js';

afterEach(cleanTemp);

const TEXT = 'The minister said the plan would go ahead. Critics disagreed.';

describe('ProjectStore: a slow first read racing an edit', () => {
  it('keeps the edit made while the read was on its way, and the next edit builds on it', async () => {
    const { dir, store } = await newProject();
    const doc = articleDoc('a-1', TEXT);
    await store.addArticle(doc);
    await store.close();

    let hold: (() => void) | undefined;
    let held = false;
    const ops: FileOps = {
      ...realFileOps,
      readFile: (async (file: string, enc: BufferEncoding) => {
        const text = await realFileOps.readFile(file, enc);
        // Only the first read of the article's own file is held back.
        if (!held && path.basename(String(file)) === 'a-1.json' && path.basename(path.dirname(String(file))) === 'articles') {
          held = true;
          await new Promise<void>((resolve) => { hold = resolve; });
        }
        return text;
      }) as FileOps['readFile'],
    };
    const again = await ProjectStore.open(dir, { fs: ops });
    try {
      // Opening may read the file for the index; make sure the article is not cached.
      const slow = again.getArticle('a-1');
      await new Promise((r) => setTimeout(r, 20));
      // A status set with no annotator is the article file's own (not a layer's).
      const first = again.apply({ op: 'setStatus', articleId: 'a-1', status: 'done' }, 'a-1');
      await first; // applied and on disk while the first read is still held
      hold?.();
      await slow;
      await again.apply({ op: 'addSpan', articleId: 'a-1', span: span(doc, 'T2', 'Cue', 13, 17) }, 'a-1', { annotator: 'test' });
      const now = await again.getArticle('a-1');
      expect([now.article.status, now.spans.map((s) => s.id)]).toEqual(['done', ['T2']]);
    } finally {
      hold?.();
      await again.close();
    }
    const reopened = await ProjectStore.open(dir);
    try {
      const saved = await reopened.getArticle('a-1');
      expect([saved.article.status, saved.spans.map((s) => s.id)]).toEqual(['done', ['T2']]);
    } finally {
      await reopened.close();
    }
  });
});
