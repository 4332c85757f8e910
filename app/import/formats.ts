/**
 * The readers `import --format NAME` (and the Api's `importFiles {format}`) can force, named as
 * `export --format` names the same formats, plus `text` and `html` for plain articles. They come
 * from the one registry of formats (annotations/formats/registry.ts); this module re-exports
 * them so the Api's payload schema and the command line can name the formats without loading
 * the importer (and its Node imports).
 */

export { IMPORT_FORMATS, IMPORT_FORMAT_HELP, isImportFormat, type ImportFormat } from '../../annotations/formats/registry.js';
