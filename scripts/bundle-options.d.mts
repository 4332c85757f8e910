import type { BuildOptions } from 'esbuild';
/** esbuild's options for the CommonJS bundles that run in Node (see bundle-options.mjs). */
export declare const nodeBundle: BuildOptions;
