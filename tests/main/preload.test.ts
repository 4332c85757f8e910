/**
 * The preload as it ships (dist/main/preload.cjs), run the way a sandboxed window runs it: in a
 * fresh context whose `require` offers only what Electron's sandbox offers a preload (Electron's
 * renderer modules, `events`, `timers`, `url`), with a fake of those renderer modules. It must load
 * there (a Node module pulled into the bundle would make the desktop window open without its Api),
 * expose one object with the Api's allow-list and nothing else, and never hand the page
 * `ipcRenderer` or an IPC event. Electron itself is never loaded.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { API_METHODS, MENU_CHANNEL, apiChannel } from '../../app/api/contract.js';
import { repoRoot } from '../helpers/gold.js';

/** The module name of Electron, kept in a constant so no line here reads as an import of it. */
const ELECTRON = 'electron';
/** What `require` gives a sandboxed preload besides Electron (Electron's "Process Sandboxing" guide). */
const SANDBOX_MODULES = ['events', 'timers', 'url'];

const nodeRequire = createRequire(import.meta.url);

type Exposed = Record<string, { invoke: (m: string, p: unknown) => Promise<unknown>; onMenuCommand: (l: (c: string) => void) => void }>;

function loadPreload() {
  const file = path.join(repoRoot, 'dist', 'main', 'preload.cjs');
  expect(existsSync(file), `${file} (run npm run build)`).toBe(true);
  const exposed: Exposed = {};
  const invoked: { channel: string; params: unknown }[] = [];
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const asked: string[] = [];
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (name: string, api: Exposed[string]) => { exposed[name] = api; } },
    ipcRenderer: {
      invoke: async (channel: string, params: unknown) => { invoked.push({ channel, params }); return { ok: true, result: channel }; },
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => { listeners.set(channel, listener); },
    },
  };
  const sandboxRequire = (name: string): unknown => {
    asked.push(name);
    if (name === ELECTRON) return fakeElectron;
    if (SANDBOX_MODULES.includes(name)) return nodeRequire(`node:${name}`);
    throw new Error(`module not found: ${name} (a sandboxed preload can require only ${[ELECTRON, ...SANDBOX_MODULES].join(', ')})`);
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(file, 'utf8'), {
    require: sandboxRequire, module, exports: module.exports, __filename: file, __dirname: path.dirname(file),
    Buffer, process, setImmediate, clearImmediate, setTimeout, clearTimeout, console,
  }, { filename: file });
  return { exposed, invoked, listeners, asked };
}

describe('preload (sandboxed, with a fake of Electron’s renderer modules)', () => {
  it('bundles no library: only the names of the Api methods (a lazy require() in a library would fail in the sandbox when reached)', () => {
    const code = readFileSync(path.join(repoRoot, 'dist', 'main', 'preload.cjs'), 'utf8');
    expect(code).not.toMatch(/papaparse|zod|jschardet|require\(["'](?!(electron|url)["'])/);
    expect(code.length).toBeLessThan(10_000); // 1.2 KB today; it was 830 KB with zod, the model and papaparse
  });

  it('loads with only what the sandbox offers, and exposes one object: invoke and onMenuCommand', () => {
    const { exposed, asked } = loadPreload();
    expect(asked.filter((m) => m !== ELECTRON && !SANDBOX_MODULES.includes(m))).toEqual([]);
    expect(Object.keys(exposed)).toEqual(['sourcemark']);
    expect(Object.keys(exposed.sourcemark!).sort()).toEqual(['invoke', 'onMenuCommand']);
  });

  it('sends each Api method to its own channel, and nothing else anywhere', async () => {
    const { exposed, invoked } = loadPreload();
    for (const method of API_METHODS) {
      await expect(exposed.sourcemark!.invoke(method, { x: 1 })).resolves.toEqual({ ok: true, result: apiChannel(method) });
    }
    expect(invoked.map((i) => i.channel)).toEqual(API_METHODS.map(apiChannel));
    invoked.length = 0;
    for (const method of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'shutdown', MENU_CHANNEL, apiChannel('getProject'), '']) {
      await expect(exposed.sourcemark!.invoke(method, {}), method).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(invoked).toEqual([]);
  });

  it('passes menu commands to the page as strings, without the IPC event', () => {
    const { exposed, listeners } = loadPreload();
    const got: unknown[][] = [];
    exposed.sourcemark!.onMenuCommand((...args: unknown[]) => got.push(args));
    expect([...listeners.keys()]).toEqual([MENU_CHANNEL]);
    const event = { sender: { send: () => undefined }, senderFrame: {} };
    listeners.get(MENU_CHANNEL)!(event, 'undo');
    listeners.get(MENU_CHANNEL)!(event, { evil: true });
    listeners.get(MENU_CHANNEL)!(event, 42);
    expect(got).toEqual([['undo']]);
  });
});
