/**
 * Starting and quitting main/main.ts against the fake Electron, for the test files that do both
 * (each with its own `vi.mock('electron', …)`, which also covers this module's import of main).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, vi } from 'vitest';
import { repoRoot } from '../helpers/gold.js';
import { tempDir } from '../helpers/project.js';
import type { FakeElectron } from './fake-electron.js';

/**
 * Gives main a fresh user-data folder (`prepare` may put files there first), loads main/main.ts,
 * signals `ready`, and waits for the window's first page.
 */
export async function startMain(fake: FakeElectron, prepare: (userData: string) => void = () => undefined): Promise<void> {
  fake.state.userData = path.join(tempDir('sourcemark-userdata-'), 'Sourcemark');
  mkdirSync(fake.state.userData, { recursive: true });
  prepare(fake.state.userData);
  fake.state.appPath = repoRoot;
  await import('../../main/main.js');
  fake.ready();
  await vi.waitFor(() => expect(fake.windows[0]?.loaded.length).toBe(1), { timeout: 10_000 });
}

/** Sends `before-quit` and waits until main has quit. */
export async function quitMain(fake: FakeElectron): Promise<void> {
  await (fake.appEvents.get('before-quit') as (e: { preventDefault: () => void }) => void)?.({ preventDefault: () => undefined });
  await vi.waitFor(() => expect(fake.state.quitCalls).toBeGreaterThan(0));
}
