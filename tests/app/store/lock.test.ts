/** The project's write lock on its own: taken, refused, taken over, released. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreCore } from '../../../app/store/core.js';
import { lockProject, unlockProject } from '../../../app/store/lock.js';
import { cleanTemp, tempDir } from '../../helpers/project.js';

afterEach(cleanTemp);

const AT = new Date('2030-05-06T07:08:09.000Z');

function core(dir = tempDir()): StoreCore {
  return new StoreCore(dir, { clock: () => AT });
}
const lockOf = (c: StoreCore): string => path.join(c.meta, 'lock');

describe('lockProject', () => {
  it('writes who holds the lock and since when (the injected clock), and releases it', async () => {
    const c = core();
    await lockProject(c);
    expect(c.locked).toBe(true);
    expect(JSON.parse(readFileSync(lockOf(c), 'utf8'))).toEqual({ pid: process.pid, host: os.hostname(), since: AT.toISOString() });
    await unlockProject(c);
    expect(c.locked).toBe(false);
    expect(existsSync(lockOf(c))).toBe(false);
  });

  it('refuses a lock held by a live process on this host, and one held on another host', async () => {
    const c = core();
    await lockProject(c);
    const second = core(c.dir);
    await expect(lockProject(second)).rejects.toMatchObject({ code: 'project-locked', message: expect.stringContaining(`process ${process.pid} on ${os.hostname()}`) });
    writeFileSync(lockOf(c), JSON.stringify({ pid: 1, host: 'elsewhere.example', since: 'then' }));
    await expect(lockProject(second)).rejects.toMatchObject({ code: 'project-locked', message: expect.stringContaining('on elsewhere.example, since then') });
    expect(second.locked).toBe(false);
  });

  it('takes over a lock left by a process that is gone, or a half-written one, and says so', async () => {
    const c = core();
    mkdirSync(c.meta, { recursive: true });
    writeFileSync(lockOf(c), JSON.stringify({ pid: 2 ** 22 + 11, host: os.hostname(), since: 'yesterday' }));
    await lockProject(c);
    expect(c.locked).toBe(true);
    expect(c.messages.join('\n')).toMatch(/did not close properly last time \(process 4194315 is gone\); its lock on .* was taken over/);
    await unlockProject(c);
    writeFileSync(lockOf(c), '{"pid": 12');
    await lockProject(c);
    expect(c.locked).toBe(true);
    expect(JSON.parse(readFileSync(lockOf(c), 'utf8')).pid).toBe(process.pid);
  });

  it('opens read-only, naming the folder, when the lock cannot be written', async () => {
    const c = new StoreCore(tempDir(), {
      fs: { mkdir: (async () => { throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }); }) as never },
    });
    await lockProject(c);
    expect(c.locked).toBe(false);
    expect(c.readOnly).toBe(true);
    expect(c.problem).toMatch(/cannot be written \(the disk is read-only\): the project is open read-only/);
  });
});
