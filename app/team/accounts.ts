/**
 * Team mode's accounts (issue 19): `users.json` in the project folder, one entry per person with
 * a role and a scrypt hash of their password (`node:crypto`, a random salt each), never the
 * password itself. Written durably (temporary file, fsync, rename, fsync of the folder) through
 * the store's {@link writeFileDurably}, so a crash leaves the old file or the new one.
 *
 * The command line (`user add|list|remove|reset`) and a manager in the app change the same file;
 * a running server notices a change made by the command line (by the file's time and size) the
 * next time it reads an account.
 *
 * Must not: keep or log a password, or answer "no such user" faster than "wrong password".
 */

import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { annotatorNameProblem } from '../../annotations/model/layers.js';
import { UserError } from '../errors.js';
import { writeFileDurably, type FileOps } from '../store/durable.js';

export const USERS_FILE = 'users.json';
export const ROLES = ['annotator', 'curator', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/** What a person may see of an account. */
export type AccountInfo = { name: string; role: Role; createdAt: string; passwordSetAt: string };
type Account = AccountInfo & { salt: string; hash: string };
type UsersFile = { type: 'sourcemark-users'; version: 1; users: Account[] };

/** scrypt's cost: N=2^14, r=8 (about 16 MB and tens of milliseconds per check). */
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

const scrypt = (password: string, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(password, salt, KEY_LENGTH, SCRYPT, (e, key) => (e ? reject(e) : resolve(key))));

/** A new password: 18 random bytes as base64url (24 characters, 144 bits). */
export const newPassword = (): string => randomBytes(18).toString('base64url');

/** Why `name` cannot be an account's name (it is also the name of the person's layer), or undefined. */
export function accountNameProblem(name: string): string | undefined {
  const layer = annotatorNameProblem(name);
  if (layer) return layer;
  if (name.length > 64) return `the name "${name.slice(0, 20)}…" is longer than 64 characters`;
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(name)) return `the name "${name}" may hold only letters, digits, spaces, ".", "_" and "-", starting with a letter or a digit`;
  return undefined;
}

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

export class Accounts {
  private users: Account[] = [];
  private seen = '';
  /** A hash to check against when the name is unknown, so both answers take as long. */
  private readonly dummy = { salt: randomBytes(16), hash: Buffer.alloc(KEY_LENGTH) };
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly file: string, private readonly fs: FileOps | undefined, private readonly now: () => Date) {}

  /** The accounts of the project in `dir` (none while `users.json` does not exist). */
  static open(dir: string, opts: { fs?: FileOps; now?: () => Date } = {}): Accounts {
    const a = new Accounts(path.join(dir, USERS_FILE), opts.fs, opts.now ?? (() => new Date()));
    a.refresh();
    return a;
  }

  /** Reads `users.json` again when it changed on disk (the command line added someone). */
  private refresh(): void {
    if (!existsSync(this.file)) {
      this.users = [];
      this.seen = '';
      return;
    }
    const st = statSync(this.file);
    const stamp = `${st.mtimeMs}:${st.size}`;
    if (stamp === this.seen) return;
    let data: UsersFile;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8')) as UsersFile;
    } catch (e) {
      throw new UserError('damaged', `${this.file} is not valid JSON (${(e as Error).message}); restore it from a backup, or remove it and add the accounts again.`);
    }
    if (data?.type !== 'sourcemark-users' || !Array.isArray(data.users)) throw new UserError('damaged', `${this.file} is not a Sourcemark accounts file (it needs "type": "sourcemark-users" and a "users" list).`);
    for (const u of data.users) {
      if (typeof u?.name !== 'string' || !isRole(String(u.role)) || typeof u.salt !== 'string' || typeof u.hash !== 'string') throw new UserError('damaged', `${this.file}: the account ${JSON.stringify(u?.name ?? '?')} lacks a name, a role, a salt or a hash.`);
    }
    this.users = data.users;
    this.seen = stamp;
  }

  list(): AccountInfo[] {
    this.refresh();
    return this.users.map(({ name, role, createdAt, passwordSetAt }) => ({ name, role, createdAt, passwordSetAt }));
  }

  /** The account named `name` (its role as it is now), or undefined. */
  get(name: string): AccountInfo | undefined {
    return this.list().find((u) => u.name === name);
  }

  /** Adds an account; resolves to its generated password once `users.json` is on disk. */
  async add(name: string, role: string): Promise<string> {
    const problem = accountNameProblem(name);
    if (problem) throw new UserError('bad-request', `Cannot add the account: ${problem}.`);
    if (!isRole(role)) throw new UserError('bad-request', `The role must be one of ${ROLES.join(', ')}, not "${role}".`);
    return this.change(async (users) => {
      if (users.some((u) => u.name === name)) throw new UserError('exists', `An account named "${name}" already exists (in ${this.file}); use "user reset" for a new password.`);
      const password = newPassword();
      const at = this.now().toISOString();
      return { users: [...users, { name, role, createdAt: at, passwordSetAt: at, ...(await this.hashOf(password)) }], value: password };
    });
  }

  /** Gives `name` a new generated password (their sessions should be ended by the caller). */
  async reset(name: string): Promise<string> {
    return this.change(async (users) => {
      const u = this.known(users, name);
      const password = newPassword();
      const hashed = await this.hashOf(password);
      return { users: users.map((x) => (x === u ? { ...u, passwordSetAt: this.now().toISOString(), ...hashed } : x)), value: password };
    });
  }

  /** Changes `name`'s role. */
  async setRole(name: string, role: string): Promise<void> {
    if (!isRole(role)) throw new UserError('bad-request', `The role must be one of ${ROLES.join(', ')}, not "${role}".`);
    return this.change(async (users) => {
      const u = this.known(users, name);
      return { users: users.map((x) => (x === u ? { ...u, role } : x)), value: undefined };
    });
  }

  /** Removes the account (their annotations stay: a layer outlives its annotator's account). */
  async remove(name: string): Promise<void> {
    return this.change(async (users) => {
      const u = this.known(users, name);
      return { users: users.filter((x) => x !== u), value: undefined };
    });
  }

  /** The account when `password` is its password, else undefined; as slow either way. */
  async verify(name: string, password: string): Promise<AccountInfo | undefined> {
    this.refresh();
    const u = this.users.find((x) => x.name === name);
    const salt = u ? Buffer.from(u.salt, 'base64') : this.dummy.salt;
    const want = u ? Buffer.from(u.hash, 'base64') : this.dummy.hash;
    const got = await scrypt(password, salt);
    const same = got.length === want.length && timingSafeEqual(got, want);
    return u && same ? this.get(name) : undefined;
  }

  private known(users: Account[], name: string): Account {
    const u = users.find((x) => x.name === name);
    if (!u) throw new UserError('not-found', `There is no account named "${name}" (in ${this.file}).`);
    return u;
  }

  private async hashOf(password: string): Promise<{ salt: string; hash: string }> {
    const salt = randomBytes(16);
    return { salt: salt.toString('base64'), hash: (await scrypt(password, salt)).toString('base64') };
  }

  /** One change of the file at a time: read it fresh, change it, write it durably. */
  private change<T>(f: (users: Account[]) => Promise<{ users: Account[]; value: T }>): Promise<T> {
    const run = this.writing.then(async () => {
      this.refresh();
      const { users, value } = await f(this.users);
      const data: UsersFile = { type: 'sourcemark-users', version: 1, users };
      await writeFileDurably(this.file, `${JSON.stringify(data, null, 2)}\n`, this.fs);
      this.users = users;
      const st = statSync(this.file);
      this.seen = `${st.mtimeMs}:${st.size}`;
      return value;
    });
    this.writing = run.then(() => undefined, () => undefined);
    return run;
  }
}
