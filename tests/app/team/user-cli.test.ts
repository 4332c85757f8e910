/** `user add|list|remove|reset` (issue 19): the accounts of a team desk from the command line. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../app/cli/cli.js';
import { Accounts } from '../../../app/team/accounts.js';
import { cleanTemp, newProject } from '../../helpers/project.js';

afterEach(cleanTemp);

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('user commands', () => {
  it('adds an account and prints its password last; lists, resets and removes', async () => {
    const { dir } = await newProject();
    const added = await cli('user', 'add', dir, 'ali', '--role', 'annotator');
    expect(added.code).toBe(0);
    const password = added.out.at(-1)!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(readFileSync(path.join(dir, 'users.json'), 'utf8')).not.toContain(password);
    expect(await Accounts.open(dir).verify('ali', password)).toBeDefined();
    expect((await cli('user', 'list', dir)).out.join('\n')).toMatch(/^ali\s+annotator/);
    const reset = await cli('user', 'reset', dir, 'ali');
    expect(reset.out.at(-1)).not.toBe(password);
    expect(await Accounts.open(dir).verify('ali', reset.out.at(-1)!)).toBeDefined();
    expect((await cli('user', 'remove', dir, 'ali')).code).toBe(0);
    expect(Accounts.open(dir).list()).toEqual([]);
  });

  it('says what is wrong: no role, a bad role, a taken name, not a project', async () => {
    const { dir } = await newProject();
    expect((await cli('user', 'add', dir, 'ali')).err.join('\n')).toMatch(/needs --role/);
    expect((await cli('user', 'add', dir, 'ali', '--role', 'boss')).err.join('\n')).toMatch(/role must be one of annotator, curator, manager/);
    await cli('user', 'add', dir, 'ali', '--role', 'curator');
    const again = await cli('user', 'add', dir, 'ali', '--role', 'curator');
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toMatch(/already exists.*users\.json/);
    const nowhere = await cli('user', 'list', path.join(dir, 'nope'));
    expect(nowhere.err.join('\n')).toMatch(/is not a Sourcemark project/);
    expect((await cli('user', 'fly', dir)).code).toBe(2);
  });
});
