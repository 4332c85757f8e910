// The tests, in four groups. `vitest run` (in `npm test`) runs them all; `npm run test:unit`
// runs `unit` alone: everything that needs neither a browser nor Python, except the few slow
// ones, in well under a minute.
//   browser: tests that launch Chromium (tests/e2e, and the three security tests that drive a
//            page; each file launches it through tests/helpers/browser.ts `launchBrowser`).
//   interop: the exports read by the real readers (spaCy, Hugging Face datasets) in Python.
//   slow:    no browser, but 10-30 s each (figures from 2 busy cores): the SIGKILL loops, the
//            full-disk and HTTP fuzzing runs, the 200-article brat collection, the benchmarks,
//            and electronegativity's scan of main/.
//   unit:    the rest, in workers that run one file after another without reloading the
//            modules they share (isolate: false): loading the model, the store and zod again
//            for each file cost more than the tests themselves. A file that needs fresh
//            modules goes in `isolated`.
//   isolated: main/'s tests, which load main/main.ts anew against a fake Electron each time.
// `npm run test:unit` runs unit and isolated.
// A new test file that launches Chromium must be added to `browser` below.
import { defineConfig } from 'vitest/config';

export const browser = [
  'tests/e2e/**/*.test.ts',
  'tests/security/live-two-pages.test.ts',
  'tests/security/server-token.test.ts',
  'tests/security/store-schema.test.ts',
];
export const interop = ['tests/interop/**/*.test.ts'];
export const slow = [
  'tests/app/store/crash.test.ts', // 25 SIGKILLs while saving: 17 s
  'tests/app/shells/server-crash.test.ts', // 15 SIGKILLs of the server: 15 s
  'tests/app/import/brat-collection.test.ts', // 200 articles in and out: 14 s
  'tests/security/store-full-disk.test.ts', // a real tmpfs filled up under `serve`: 17 s
  'tests/security/http-fuzz.test.ts', // random requests at the server process: 15 s
  'tests/security/team-auth.test.ts', // two team desks spawned, every refusal checked against the files: 13 s
  'tests/repo/bench.test.ts', // every benchmark at tiny sizes: 29 s
  'tests/repo/packaging.test.ts', // electronegativity over main/: 31 s
];
export const isolated = ['tests/main/**/*.test.ts'];
const never = ['node_modules/**', 'tests/bench/**'];

export default defineConfig({
  test: {
    // include and exclude are per group: a group that `extends` the root would add its lists
    // to the root's rather than replace them.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...never, ...browser, ...interop, ...slow, ...isolated], isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated, exclude: never } },
      { extends: true, test: { name: 'slow', include: slow, exclude: never } },
      { extends: true, test: { name: 'browser', include: browser, exclude: never } },
      { extends: true, test: { name: 'interop', include: interop, exclude: never } },
    ],
  },
});
