/**
 * `npm run cli -- user add|list|remove|reset <folder> …` (issue 19): the accounts of a team desk
 * (`serve --team`), kept in the project's users.json (app/team/accounts.ts). `add` and `reset`
 * print the generated password on their last line (say it to the person once; it is not kept).
 * They work while the desk is being served: the server reads the file again when it changes.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Io } from './io.js';
import { UserError } from '../errors.js';
import { Accounts, ROLES } from '../team/accounts.js';
import { PROJECT_FILE } from '../store/files.js';

export const USER_USAGE = `  user add <folder> <name> --role annotator|curator|manager
                                     add an account to a team desk; prints its password last
  user list <folder>                 the accounts and their roles
  user remove <folder> <name>        remove an account (its annotations stay)
  user reset <folder> <name>         a new password (printed last); ends the person's sessions on restart`;

/** Runs `user <sub> …`; resolves to the exit status. Throws UserError for a problem with the folder or an account. */
export async function userCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { role: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`sourcemark: ${(e as Error).message}\n\nUsage:\n${USER_USAGE}`);
    return 2;
  }
  const [sub, folder, name] = parsed.positionals;
  const usage = (why: string) => {
    io.err(`sourcemark: ${why}\n\nUsage:\n${USER_USAGE}`);
    return 2;
  };
  if (!sub || !['add', 'list', 'remove', 'reset'].includes(sub)) return usage(`"user" needs one of add, list, remove, reset${sub ? `, not "${sub}"` : ''}`);
  if (!folder) return usage(`"user ${sub}" needs the project's folder`);
  const dir = path.resolve(folder);
  if (!existsSync(path.join(dir, PROJECT_FILE))) throw new UserError('project-missing', `${dir} is not a Sourcemark project (it has no ${PROJECT_FILE}).`);
  const accounts = Accounts.open(dir);
  if (sub === 'list') {
    const users = accounts.list();
    if (parsed.values.json) io.out(JSON.stringify(users, null, 2));
    else if (!users.length) io.out(`No accounts yet in ${accounts.file}; add one with "user add ${folder} <name> --role manager".`);
    else for (const u of users) io.out(`${u.name.padEnd(24)} ${u.role.padEnd(10)} since ${u.createdAt.slice(0, 10)}, password set ${u.passwordSetAt.slice(0, 10)}`);
    return 0;
  }
  if (!name) return usage(`"user ${sub}" needs the account's name`);
  if (sub === 'add') {
    const role = parsed.values.role;
    if (!role) return usage(`"user add" needs --role (${ROLES.join(', ')})`);
    const password = await accounts.add(name, role);
    io.out(`Added ${name} (${role}) to ${accounts.file}. Their password (shown once, not kept):`);
    io.out(password);
    return 0;
  }
  if (sub === 'reset') {
    const password = await accounts.reset(name);
    io.out(`New password for ${name} (shown once, not kept; a running desk ends their sessions when they next use it):`);
    io.out(password);
    return 0;
  }
  await accounts.remove(name);
  io.out(`Removed the account ${name} from ${accounts.file}; their annotations stay in the project.`);
  return 0;
}
