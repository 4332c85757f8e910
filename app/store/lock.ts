/**
 * The project's write lock (`.sourcemark/lock`): only one process writes a project. The lock
 * file names the process, its host and since when; a lock left by a process that is gone is
 * taken over (and the user told), one held by a live process or another host is refused.
 *
 * Must not: write anything but the lock file and its folder, nor decide what read-only means
 * (a folder that cannot be written is reported to the store as a problem).
 */

import os from 'node:os';
import path from 'node:path';
import { UserError, describeWriteError } from '../errors.js';
import type { StoreCore } from './core.js';
import { whyNotWritable } from './files.js';

type Holder = { pid?: number; host?: string; since?: string };

const lockFile = (core: StoreCore): string => path.join(core.meta, 'lock');

/**
 * Takes the lock of `core`'s project, or opens it read-only (a {@link StoreCore.setProblem})
 * when its folder cannot be written. Throws `project-locked` when another live Sourcemark holds it.
 */
export async function lockProject(core: StoreCore): Promise<void> {
  const file = lockFile(core);
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: core.now() });
  const unwritable = (e: unknown): boolean => ['EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes((e as { code?: string }).code ?? '');
  try {
    await core.fs.mkdir(core.meta, { recursive: true });
  } catch (e) {
    if (!unwritable(e)) throw new UserError('write-failed', `Could not lock ${core.dir}: ${describeWriteError(e)}.`);
    if (core.fs.existsSync(file)) assertNotLockedByOther(core);
    return core.setProblem(core.dir, `${core.dir} cannot be written (${describeWriteError(whyNotWritable(core.dir, e, core.fs))}): the project is open read-only. Make the folder writable (or copy it somewhere you can write) to edit it.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await core.fs.writeFile(file, mine, { flag: 'wx' });
      core.locked = true;
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') {
        if (!unwritable(e)) throw new UserError('write-failed', `Could not lock ${core.dir}: ${describeWriteError(e)}.`);
        return core.setProblem(core.dir, `${core.dir} cannot be written (${describeWriteError(e)}): the project is open read-only. Make the folder writable (or copy it somewhere you can write) to edit it.`);
      }
    }
    let holder: Holder = {};
    try {
      holder = JSON.parse(core.fs.readFileSync(file, 'utf8')) as Holder;
    } catch {
      // An unreadable lock was left half-written by a crash: take it over below.
    }
    const alive = holder.pid !== undefined && holder.host === os.hostname() && isAlive(holder.pid);
    if (alive || (holder.host && holder.host !== os.hostname())) {
      throw new UserError('project-locked', `${core.dir} is open in another Sourcemark (process ${holder.pid ?? '?'} on ${holder.host ?? '?'}, since ${holder.since ?? '?'}). Close it there first, or open a copy of the folder.`);
    }
    core.say(`Sourcemark did not close properly last time (process ${holder.pid ?? '?'} is gone); its lock on ${core.dir} was taken over.`);
    await core.fs.unlink(file).catch(() => undefined);
  }
  throw new UserError('project-locked', `Could not lock ${core.dir}: another process keeps taking the lock.`);
}

/** Releases the lock, if this process holds it. */
export async function unlockProject(core: StoreCore): Promise<void> {
  if (core.locked) await core.fs.unlink(lockFile(core)).catch(() => undefined);
  core.locked = false;
}

/** Refuses when a live process holds the lock (for a folder this process cannot lock). */
function assertNotLockedByOther(core: StoreCore): void {
  let holder: Holder = {};
  try {
    holder = JSON.parse(core.fs.readFileSync(lockFile(core), 'utf8')) as Holder;
  } catch {
    return;
  }
  if (holder.pid !== undefined && holder.host === os.hostname() && isAlive(holder.pid)) {
    throw new UserError('project-locked', `${core.dir} is open in another Sourcemark (process ${holder.pid}, since ${holder.since ?? '?'}). Close it there first, or open a copy of the folder.`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
