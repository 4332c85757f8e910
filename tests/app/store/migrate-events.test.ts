/** Format 2 (events): an article file of format 1 opens with no events, and is kept as a backup. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../../annotations/index.js';
import { migrateArticle, needsMigration } from '../../../app/store/migrate.js';
import { ProjectStore } from '../../../app/store/project-store.js';
import { articleDoc, cleanTemp, newProject } from '../../helpers/project.js';

afterEach(cleanTemp);

describe('migration to format 2', () => {
  it('adds events: [] to a format 1 article, step by step', () => {
    const v1 = { ...articleDoc('a-1', 'Some text.'), version: 1 } as Record<string, unknown>;
    delete v1.events;
    expect(needsMigration(v1, 'a-1.json', 'sourcemark-article')).toBe(true);
    expect(migrateArticle(v1)).toMatchObject({ version: FORMAT_VERSION, events: [] });
    expect(FORMAT_VERSION).toBe(3);
  });

  it('opens a project whose articles are format 1, keeping each original as a backup', async () => {
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('a-1', 'The minister said the bridge would reopen.'));
    await store.close();
    const file = path.join(dir, 'articles', 'a-1.json');
    const v1 = { ...articleDoc('a-1', ''), article: JSON.parse(readFileSync(file, 'utf8')).article } as Record<string, unknown>;
    delete v1.events;
    v1.version = 1;
    writeFileSync(file, JSON.stringify(v1));
    const s = await ProjectStore.open(dir);
    expect((await s.getArticle('a-1')).events).toEqual([]);
    await s.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 3 });
    expect(readdirSync(path.join(dir, '.sourcemark', 'backups', 'a-1')).some((f) => f.includes('.migrated.'))).toBe(true);
  });
});
