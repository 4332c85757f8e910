import { describe, expect, it } from 'vitest';
import {
  DETECTED_EXTENSIONS, EXPORT_CHOICES, EXPORT_FORMATS, FORMATS, IMPORT_FORMATS, IMPORT_FORMAT_HELP, exporterFor, importFormatFor, importSpec, isDetectedFile,
  isExportFormat, isFolderFileOf, isImportFormat, pairStandoffFiles,
} from '../../../annotations/index.js';

describe('the registry of formats', () => {
  it('names each format once, and derives the export, import and menu lists from it (in the orders the command line has always printed)', () => {
    const names = FORMATS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(EXPORT_FORMATS).toEqual(['jsonl', 'brat', 'doccano', 'label-studio', 'conll', 'spacy', 'csv', 'w3c', 'claimreview', 'dataset']);
    expect(IMPORT_FORMATS).toEqual(['brat', 'doccano', 'label-studio', 'jsonl', 'dataset', 'csv', 'text', 'html']);
    expect(EXPORT_CHOICES.map((c) => c.name)).toEqual(['jsonl', 'dataset', 'brat', 'doccano', 'label-studio', 'conll', 'spacy', 'csv', 'w3c', 'claimreview']);
    expect(isExportFormat('conll') && !isImportFormat('conll') && isImportFormat('html') && !isExportFormat('html')).toBe(true);
  });

  it('every export name resolves to its exporter, under its own name, with a label and a description', () => {
    for (const name of EXPORT_FORMATS) {
      const e = exporterFor(name);
      expect(e.name).toBe(name);
      expect(e.kind === 'file' ? typeof e.chunk : typeof e.files).toBe('function');
      const choice = EXPORT_CHOICES.find((c) => c.name === name)!;
      expect(choice.label.length).toBeGreaterThan(5);
      expect(choice.description).toBe(e.description);
    }
    // `dataset` takes its split; every other exporter is one value.
    expect(exporterFor('dataset', { seed: 7, ratios: [1, 0, 0] })).not.toBe(exporterFor('dataset'));
    expect(exporterFor('csv')).toBe(exporterFor('csv'));
  });

  it('every import name resolves: a help line, the extensions it reads from a folder; no extension chooses two readers', () => {
    for (const name of IMPORT_FORMATS) {
      expect(IMPORT_FORMAT_HELP[name]).toBe(importSpec(name).help);
      expect(importSpec(name).folder.length).toBeGreaterThan(0);
      for (const ext of importSpec(name).folder) expect(ext).toMatch(/^\.[a-z]+$/);
    }
    const detected = IMPORT_FORMATS.flatMap((n) => importSpec(n).detects);
    expect(new Set(detected).size).toBe(detected.length);
    expect([...DETECTED_EXTENSIONS].sort()).toEqual(['.csv', '.htm', '.html', '.json', '.jsonl', '.ndjson', '.txt']);
  });

  it('chooses the reader a file’s name says, a .txt with its .ann being brat', () => {
    const cases: [string, boolean, string | undefined][] = [
      ['a.txt', false, 'text'], ['A.TXT', true, 'brat'], ['page.HTM', false, 'html'], ['page.html', true, 'html'], ['rows.csv', false, 'csv'],
      ['lines.jsonl', false, 'jsonl'], ['lines.ndjson', false, 'jsonl'], ['tasks.json', false, 'label-studio'], ['rows.tsv', false, undefined],
      ['notes.txt?x=1', false, 'text'], ['x.json#a.txt', false, 'label-studio'], ['dir.txt/readme', false, undefined], ['none', false, undefined],
    ];
    for (const [name, paired, want] of cases) expect([name, importFormatFor(name, paired)]).toEqual([name, want]);
    expect(['a.txt', 'b.HTML', 'c.ndjson', 'd.tsv', 'e.ann'].map(isDetectedFile)).toEqual([true, true, true, false, false]);
    expect(isFolderFileOf('csv', 'x/rows.TSV') && !isFolderFileOf('csv', 'x/rows.txt') && isFolderFileOf('brat', 'x/a.txt')).toBe(true);
  });
});

describe('pairStandoffFiles', () => {
  it('pairs a .txt with the .ann of the same name, in the order given; a .ann without its .txt is said to be alone', () => {
    expect(pairStandoffFiles(['a.txt', 'a.ann', 'b.ann', 'd.html'])).toEqual([
      { name: 'a.txt', role: 'document', ann: 'a.ann' },
      { name: 'a.ann', role: 'ann', txt: 'a.txt', paired: true },
      { name: 'b.ann', role: 'ann', txt: 'b.txt', paired: false },
      { name: 'd.html', role: 'document' },
    ]);
  });

  it('a document of another name pairs with its name plus .ann (for a forced brat reader); existence can be asked elsewhere (the file system)', () => {
    expect(pairStandoffFiles(['story', 'story.ann'])).toEqual([
      { name: 'story', role: 'document', ann: 'story.ann' },
      { name: 'story.ann', role: 'ann', txt: 'story.txt', paired: false },
    ]);
    const onDisk = new Set(['/x/a.ann']);
    expect(pairStandoffFiles(['/x/a.txt'], (n) => onDisk.has(n))).toEqual([{ name: '/x/a.txt', role: 'document', ann: '/x/a.ann' }]);
  });
});
