/** `npm run cli -- assign …`: double-annotate N% with a seed, assign ids --to names, list; bad input names the problem and writes nothing. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { articleDoc, cleanTemp, newProject } from '../../helpers/project.js';
import { cli as run } from '../../helpers/cli.js';

afterAll(cleanTemp);

describe('assign on the command line', () => {
  it('assigns while the project is open elsewhere, reproducibly with a seed', async () => {
    const { dir, store } = await newProject();
    for (let i = 1; i <= 6; i++) await store.addArticle(articleDoc(`a-${i}`, `Article ${i} text.`));
    await store.flush();
    const file = path.join(dir, 'assignments.json');

    expect(await run('assign', dir)).toMatchObject({ code: 0, out: expect.stringContaining('Nothing is assigned') });
    let r = await run('assign', dir, '--double', '50', '--annotators', 'ann,bob,cy', '--seed', '4');
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('Assigned 6 articles among ann, bob, cy; 3 of them (50%) to two annotators (seed 4)') });
    const first = (JSON.parse(readFileSync(file, 'utf8')) as { articles: unknown }).articles;
    await run('assign', dir, '--double', '50', '--annotators', 'cy,bob,ann', '--seed', '4');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { articles: unknown }).articles).toEqual(first);

    r = await run('assign', dir, 'a-1', 'a-2', '--to', 'dora');
    expect(r.code).toBe(0);
    r = await run('assign', dir, '--json');
    const map = JSON.parse(r.out) as Record<string, string[]>;
    expect(map['a-1']).toContain('dora');
    expect(map['a-2']).toContain('dora');
    r = await run('assign', dir, 'a-1', '--unassign', '--to', 'dora');
    expect((JSON.parse((await run('assign', dir, '--json')).out) as Record<string, string[]>)['a-1']).not.toContain('dora');
  });

  it('refuses unknown articles, reserved names and bad numbers, naming them, and writes nothing', async () => {
    const { dir, store } = await newProject();
    await store.addArticle(articleDoc('a-1', 'Text.'));
    await store.flush();
    expect(await run('assign', dir, 'zzz', '--to', 'bob')).toMatchObject({ code: 1, err: expect.stringContaining('No article zzz') });
    expect(await run('assign', dir, 'a-1', '--to', 'curated')).toMatchObject({ code: 1, err: expect.stringContaining('"curated"') });
    expect(await run('assign', dir, '--double', 'lots', '--annotators', 'a,b')).toMatchObject({ code: 2, err: expect.stringContaining('--double takes a percentage') });
    expect(await run('assign', dir, 'a-1')).toMatchObject({ code: 2, err: expect.stringContaining('--to NAME') });
    expect(await run('assign', path.join(dir, 'nope'))).toMatchObject({ code: 1, err: expect.stringContaining('is not a Sourcemark project') });
    expect(existsSync(path.join(dir, 'assignments.json'))).toBe(false);
  });
});
