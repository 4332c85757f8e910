/**
 * Where things are: the repository's sample project and built renderer, and the user's data
 * folder (where the sample is copied on first use, so the repository's copy stays clean).
 */

import { cpSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed app) root: the folder above app/. */
export const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sampleDir = path.join(appRoot, 'sample');
export const rendererDir = path.join(appRoot, 'dist', 'renderer');

/** The per-user data folder: $SOURCEMARK_DATA_DIR, else the platform's convention. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SOURCEMARK_DATA_DIR) return path.resolve(env.SOURCEMARK_DATA_DIR);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Sourcemark');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Sourcemark');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'sourcemark');
}

/** The user's copy of the sample project, made from `from` on first use. */
export function ensureSampleCopy(dataDir = userDataDir(), from = sampleDir): { dir: string; copied: boolean } {
  const dir = path.join(dataDir, 'sample-project');
  if (existsSync(path.join(dir, 'sourcemark.json'))) return { dir, copied: false };
  mkdirSync(dataDir, { recursive: true });
  cpSync(from, dir, { recursive: true });
  return { dir, copied: true };
}
